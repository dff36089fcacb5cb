package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * R0, the reverse stream's start on a real target: a write made before it (the forward applier's
 * last) is not in the target's change log from R0 on, a write made after it (the application's
 * first) is. Each engine's own log is read to show it: PostgreSQL's slot through {@code
 * pg_logical_slot_peek_binary_changes}, MariaDB's binlog through {@code SHOW BINLOG EVENTS}.
 */
class ReverseStartIT {

  @Test
  void onPostgresTheSlotMadeBeforeTheFreezeStartsAfterTheForwardWritesAndBeforeTheApplications()
      throws Exception {
    String migration = TestMigration.uniqueName("rev", Engine.POSTGRESQL);
    String slot = ReverseStart.slotName(migration);
    ReverseStart start = Dialect.of(Engine.POSTGRESQL).reverseStart();
    List<ReverseStart.TableName> tables = List.of(new ReverseStart.TableName("public", "orders"));
    try (TestDatabase target = TestDatabase.postgres("revstart_pg");
        Connection c = target.connect()) {
      target.execute("CREATE TABLE orders (id int PRIMARY KEY, note text NOT NULL)");
      try {
        assertThat(start.prepare(c, migration, tables))
            .isEqualTo("publication %s created (1 tables), slot %s created".formatted(slot, slot));
        assertThat(start.prepare(c, migration, tables))
            .as("a second attempt keeps them")
            .isEqualTo("publication %s kept (1 tables), slot %s kept".formatted(slot, slot));
        target.execute("INSERT INTO orders VALUES (1, 'forward-applier-write')");

        String r0 = start.record(c, migration);
        target.execute("INSERT INTO orders VALUES (2, 'application-write')");

        assertThat(r0).matches("WAL LSN [0-9A-F]+/[0-9A-F]+ \\(slot " + slot + "\\)");
        assertThat(insertsInSlot(c, slot))
            .as("the slot's changes from R0 on")
            .singleElement()
            .satisfies(
                data ->
                    assertThat(data)
                        .contains("application-write")
                        .doesNotContain("forward-applier-write"));
      } finally {
        assertThat(start.release(c, migration))
            .isEqualTo("dropped slot %s publication %s".formatted(slot, slot));
      }
      assertThat(start.release(c, migration)).isEqualTo("no reverse slot to drop");
      assertThat(
              Jdbc.queryLong(
                  c, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", slot))
          .isZero();
    }
  }

  @Test
  void onMariaDbR0IsTheBinlogPositionAfterTheForwardWritesAndBeforeTheApplications()
      throws Exception {
    String migration = TestMigration.uniqueName("rev", Engine.MARIADB);
    ReverseStart start = Dialect.of(Engine.MARIADB).reverseStart();
    try (TestDatabase target = TestDatabase.mariadb("revstart_maria");
        Connection c = target.connect()) {
      target.execute(
          "CREATE TABLE forward_only (id int PRIMARY KEY)",
          "CREATE TABLE application_only (id int PRIMARY KEY)");
      assertThat(start.prepare(c, migration, List.of())).isEqualTo("binlog keeps full row images");
      target.execute("INSERT INTO forward_only VALUES (1)");

      String r0 = start.record(c, migration);
      target.execute("INSERT INTO application_only VALUES (1)");

      Matcher m = Pattern.compile("binlog (\\S+):(\\d+), GTID \\S+").matcher(r0);
      assertThat(m.matches()).as(r0).isTrue();
      List<String> tableMaps = tableMapsFrom(c, m.group(1), Long.parseLong(m.group(2)));
      String db = target.name();
      assertThat(tableMaps)
          .anySatisfy(info -> assertThat(info).contains("(" + db + ".application_only)"))
          .noneSatisfy(info -> assertThat(info).contains("(" + db + ".forward_only)"));
      assertThat(start.release(c, migration)).startsWith("nothing to release");
    }
  }

  /** The text of every insert message the slot would send from its position, without taking it. */
  private static List<String> insertsInSlot(Connection c, String slot) throws Exception {
    List<String> inserts = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT encode(data, 'escape') FROM pg_logical_slot_peek_binary_changes(?, NULL, NULL,"
                + " 'proto_version', '1', 'publication_names', ?) WHERE get_byte(data, 0) = 73")) {
      ps.setString(1, slot);
      ps.setString(2, slot);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserts.add(rs.getString(1));
        }
      }
    }
    return inserts;
  }

  /** The Info of each Table_map event in the binlog from {@code file}:{@code pos} on. */
  private static List<String> tableMapsFrom(Connection c, String file, long pos) throws Exception {
    List<String> maps = new ArrayList<>();
    String current = file;
    long from = pos;
    while (current != null) {
      try (PreparedStatement ps =
              c.prepareStatement("SHOW BINLOG EVENTS IN '" + current + "' FROM " + from);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if ("Table_map".equals(rs.getString("Event_type"))) {
            maps.add(rs.getString("Info"));
          }
        }
      }
      current = nextBinlog(c, current);
      from = 4;
    }
    return maps;
  }

  private static String nextBinlog(Connection c, String file) throws Exception {
    boolean seen = false;
    try (PreparedStatement ps = c.prepareStatement("SHOW BINARY LOGS");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (seen) {
          return rs.getString(1);
        }
        seen = rs.getString(1).equals(file);
      }
    }
    return null;
  }
}
