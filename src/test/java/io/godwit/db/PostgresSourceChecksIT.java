package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.schema.Table;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restarted migration reuses its replication slot, so when every slot of the server is taken and
 * one of them is its own, the source checks must not refuse it (that refusal kept a recovery from
 * even unfreezing the source). The slots are filled with physical slots for a moment.
 */
class PostgresSourceChecksIT {

  @Test
  void theMigrationsOwnSlotTakesNoFreeSlot() throws Exception {
    Dialect dialect = Dialect.of(Engine.POSTGRESQL);
    List<String> created = new ArrayList<>();
    try (TestDatabase db = TestDatabase.postgres("srcchecks");
        Connection c = db.connect();
        Statement st = c.createStatement()) {
      db.execute("CREATE TABLE t (id int PRIMARY KEY)");
      List<Table> tables = dialect.catalog().tables(c, db.schema());
      int free = TestDatabase.freeReplicationSlots(st);
      try {
        created.add("godwit_slots_own");
        for (int i = 1; i < free; i++) {
          created.add("godwit_it_fill_" + i);
        }
        for (String slot : created) {
          st.execute("SELECT pg_create_physical_replication_slot('" + slot + "')");
        }
        assertThat(dialect.sourceChecks().check(c, "slots_own", tables))
            .as("the migration whose slot exists")
            .noneMatch(f -> f.subject().equals("max_replication_slots"));
        assertThat(dialect.sourceChecks().check(c, "slots_other", tables))
            .as("a migration that needs a new slot")
            .anyMatch(f -> f.isBlocker() && f.subject().equals("max_replication_slots"));
      } finally {
        for (String slot : created) {
          st.execute(
              "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                  + " WHERE slot_name = '"
                  + slot
                  + "'");
        }
      }
    }
  }
}
