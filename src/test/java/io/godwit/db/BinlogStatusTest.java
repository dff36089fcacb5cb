package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinlogStatusTest {

  @Test
  void mySqlFrom82UsesTheNewNameAndEverythingElseTheOld() {
    assertThat(BinlogStatus.statement(new ServerVersion("MySQL", "8.4.3", 8, 4)))
        .isEqualTo("SHOW BINARY LOG STATUS");
    assertThat(BinlogStatus.statement(new ServerVersion("MySQL", "9.1.0", 9, 1)))
        .isEqualTo("SHOW BINARY LOG STATUS");
    assertThat(BinlogStatus.statement(new ServerVersion("MySQL", "8.2.0", 8, 2)))
        .isEqualTo("SHOW BINARY LOG STATUS");
    assertThat(BinlogStatus.statement(new ServerVersion("MySQL", "8.0.39", 8, 0)))
        .isEqualTo("SHOW MASTER STATUS");
    assertThat(
            BinlogStatus.statement(
                new ServerVersion("MariaDB", "10.11.19-MariaDB-0+deb12u1-log", 10, 11)))
        .isEqualTo("SHOW MASTER STATUS");
    assertThat(BinlogStatus.statement(new ServerVersion("MySQL", "11.4.2-MariaDB", 11, 4)))
        .as("MySQL Connector/J talking to MariaDB")
        .isEqualTo("SHOW MASTER STATUS");
  }
}
