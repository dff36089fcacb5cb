package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.error.GodwitException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** R0 on a MySQL or MariaDB target, read back from the text the cutover recorded. */
class BinlogPositionTest {

  @Test
  void readsMariaDbsGtidPosition() {
    assertThat(BinlogPosition.parse("binlog mysql-bin.000001:2189100, GTID 0-1-196,1-2-7"))
        .isEqualTo(new BinlogPosition("mysql-bin.000001", 2189100, Optional.of("0-1-196,1-2-7")));
  }

  @Test
  void readsMySqlsGtidSetWithoutTheLineBreaksMySqlPutsBetweenItsServers() {
    assertThat(
            BinlogPosition.parse(
                "binlog binlog.000042:157, GTID set 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n"
                    + "4f22ab58-82db-22f2-af44-d91bb0530673:1-12"))
        .isEqualTo(
            new BinlogPosition(
                "binlog.000042",
                157,
                Optional.of(
                    "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,"
                        + "4f22ab58-82db-22f2-af44-d91bb0530673:1-12")));
  }

  @Test
  void readsAPositionWithoutGtidsAndAFileNameWithAColon() {
    assertThat(BinlogPosition.parse("binlog host:3306-bin.000003:4"))
        .isEqualTo(new BinlogPosition("host:3306-bin.000003", 4, Optional.empty()));
  }

  @Test
  void refusesAnotherEnginesPosition() {
    assertThatThrownBy(() -> BinlogPosition.parse("WAL LSN 0/1EEA740 (slot godwit_m_reverse)"))
        .isInstanceOf(GodwitException.class)
        .hasMessageContaining("is not a binlog position")
        .hasMessageContaining("fix:");
  }
}
