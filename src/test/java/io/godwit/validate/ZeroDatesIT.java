package io.godwit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.state.Difference;
import io.godwit.state.ValidationResult;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MySQL zero and invalid dates ({@code 0000-00-00}, {@code 2020-00-15}) are no date to the driver,
 * which read them as NULL: validation saw a zero date equal to the NULL (or 1970-01-01) that the
 * change stream writes for it, and stopped on an invalid one. Both are now compared as the server
 * prints them, or as NULL where the migration copies them as NULL.
 */
class ZeroDatesIT {

  private static final String TABLE =
      "CREATE TABLE zd (id int NOT NULL PRIMARY KEY, d date NULL, dt datetime(3) NULL,"
          + " nn datetime NOT NULL)";

  private static void fill(TestDatabase src) throws Exception {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      st.execute("SET sql_mode = ''");
      st.execute(TABLE);
      st.execute(
          "INSERT INTO zd VALUES"
              + " (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),"
              + " (2, '2020-00-15', '2020-01-00 10:00:00.500', '2020-05-05 00:00:00'),"
              + " (3, '2020-02-29', '2020-02-29 23:59:59.999', '1970-01-01 00:00:00')");
    }
  }

  @Test
  void aZeroDateTheStreamTurnedIntoNullOrTheEpochIsADifference() throws Exception {
    try (TestDatabase src = TestDatabase.mariadb("zero_src");
        TestDatabase tgt = TestDatabase.mariadb("zero_tgt")) {
      try {
        fill(src);
        Godwit godwit =
            new Godwit(
                TestMigration.config("zero_dates", src, tgt, "tables: { include: [zd] }"),
                new SimpleMeterRegistry());
        godwit.snapshot();
        ValidationResult.TableResult copied = godwit.validate(List.of(), false).tables().get(0);
        assertThat(copied.outcome()).as("after the copy: %s", copied).isEqualTo("clean");

        // what Debezium writes for zero dates: NULL where the column allows it, else the epoch
        tgt.execute("UPDATE zd SET d = NULL, dt = NULL, nn = '1970-01-01 00:00:00' WHERE id = 1");
        ValidationResult.TableResult streamed = godwit.validate(List.of(), false).tables().get(0);
        assertThat(streamed.differences())
            .containsExactly(
                new Difference(Difference.Kind.DIFFERENT, List.of("1"), List.of("d", "dt", "nn")));
      } finally {
        tgt.forgetMigration("zero_dates");
      }
    }
  }

  @Test
  void zeroDatesCopiedAsNullCompareAsNull() throws Exception {
    try (TestDatabase src = TestDatabase.mariadb("zero_null_src");
        TestDatabase tgt = TestDatabase.postgres("zero_null_tgt")) {
      fill(src);
      src.execute("UPDATE zd SET nn = '2000-01-01 00:00:00' WHERE id = 1");
      Godwit godwit =
          new Godwit(
              TestMigration.config(
                  "zero_null",
                  src,
                  tgt,
                  "tables: { include: [zd] }\nmapping: { zero-dates: null }"),
              new SimpleMeterRegistry());
      godwit.snapshot();
      ValidationResult.TableResult copied = godwit.validate(List.of(), false).tables().get(0);
      assertThat(copied.outcome()).as("after the copy: %s", copied).isEqualTo("clean");

      tgt.execute("UPDATE zd SET d = '2020-01-01' WHERE id = 1");
      assertThat(godwit.validate(List.of(), false).tables().get(0).differences())
          .containsExactly(new Difference(Difference.Kind.DIFFERENT, List.of("1"), List.of("d")));
    }
  }
}
