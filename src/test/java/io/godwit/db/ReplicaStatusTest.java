package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaStatusTest {

  @ParameterizedTest
  @CsvSource({
    "MariaDB, 10.11.19-MariaDB, 10, 11, SHOW REPLICA STATUS",
    "MariaDB, 10.5.1-MariaDB, 10, 5, SHOW REPLICA STATUS",
    "MariaDB, 10.4.34-MariaDB, 10, 4, SHOW SLAVE STATUS",
    "MySQL, 5.7.44, 5, 7, SHOW SLAVE STATUS",
    "MySQL, 8.0.21, 8, 0, SHOW SLAVE STATUS",
    "MySQL, 8.0.22, 8, 0, SHOW REPLICA STATUS",
    "MySQL, 8.0.36-log, 8, 0, SHOW REPLICA STATUS",
    "MySQL, 8.4.3, 8, 4, SHOW REPLICA STATUS",
    "MySQL, 9.1.0, 9, 1, SHOW REPLICA STATUS"
  })
  void asksEachServerInTheWordsItKnows(
      String product, String version, int major, int minor, String statement) {
    assertThat(ReplicaStatus.statement(new ServerVersion(product, version, major, minor)))
        .isEqualTo(statement);
  }
}
