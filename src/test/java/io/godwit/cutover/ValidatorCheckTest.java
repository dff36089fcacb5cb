package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.apply.TestTables;
import io.godwit.engine.Engine;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tables the changed-keys final validation can compare by their keys. */
class ValidatorCheckTest {

  /**
   * A table's key qualifies when its written type is an integer or character type, with or without
   * a MySQL display width: a rollback writes to a MariaDB old source's own columns, {@code
   * bigint(20)}, and once compared every such table in full (the rollback benchmark's 9.7 s).
   */
  @ParameterizedTest(name = "{0}->{1} {2}: {3}")
  @CsvSource({
    "MARIADB, MARIADB, bigint(20), true",
    "MARIADB, MARIADB, int(11), true",
    "MARIADB, MARIADB, int(10) unsigned, true",
    "MARIADB, MARIADB, varchar(20), true",
    "MARIADB, POSTGRESQL, int(11), true",
    "POSTGRESQL, POSTGRESQL, bigint, true",
    "POSTGRESQL, POSTGRESQL, text, true",
    "POSTGRESQL, POSTGRESQL, uuid, false",
    "MARIADB, MARIADB, 'decimal(10,0)', false",
    "MARIADB, MARIADB, datetime(6), false"
  })
  void plainKeys(Engine source, Engine target, String keyType, boolean plain) {
    assertThat(
            ValidatorCheck.plainKey(
                TestTables.table(source, target, "s", "t", List.of("id"), "id", keyType)))
        .isEqualTo(plain);
  }
}
