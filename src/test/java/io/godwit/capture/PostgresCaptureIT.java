package io.godwit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.engine.Engine;
import io.godwit.testing.TestDataSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;

class PostgresCaptureIT extends AbstractCaptureIT {

  @Override
  Engine engine() {
    return Engine.POSTGRESQL;
  }

  @Override
  List<String> createTables() {
    return List.of(
        """
        CREATE TABLE orders (
          id int PRIMARY KEY, customer varchar(50) NOT NULL, total numeric(10,2) NOT NULL,
          placed_at timestamp(6), doc jsonb, raw bytea)""",
        """
        CREATE TABLE order_lines (
          order_id int NOT NULL, line_no int NOT NULL, qty int NOT NULL,
          PRIMARY KEY (order_id, line_no))""",
        // full before images of updates and deletes
        "ALTER TABLE orders REPLICA IDENTITY FULL",
        "ALTER TABLE order_lines REPLICA IDENTITY FULL");
  }

  @Override
  String binaryLiteral() {
    return "'\\xDEADBEEF'::bytea";
  }

  @Override
  void dropCaptureState() throws Exception {
    try (HikariDataSource source = TestDataSources.pool(db)) {
      PostgresSlots.drop(source, migration());
    }
  }

  /** A slot left by a killed run pins its database, which could then not be dropped. */
  @Override
  void dropLeftovers() throws Exception {
    String adminUrl =
        System.getProperty("godwit.it.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
        PreparedStatement st =
            c.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = ? AND NOT active")) {
      st.setString(1, CaptureProperties.slotName(migration()));
      st.execute();
    }
  }

  @Override
  String transactionOf(JsonNode source) {
    return source.get("txId").asText();
  }

  @Override
  List<String> positionKeys() {
    return List.of("lsn");
  }
}
