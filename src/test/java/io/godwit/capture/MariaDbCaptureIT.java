package io.godwit.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.godwit.engine.Engine;
import java.util.List;

class MariaDbCaptureIT extends AbstractCaptureIT {

  @Override
  Engine engine() {
    return Engine.MARIADB;
  }

  @Override
  List<String> createTables() {
    return List.of(
        """
        CREATE TABLE orders (
          id INT PRIMARY KEY, customer VARCHAR(50) NOT NULL, total DECIMAL(10,2) NOT NULL,
          placed_at DATETIME(6) NULL, doc JSON NULL, raw VARBINARY(16) NULL)""",
        """
        CREATE TABLE order_lines (
          order_id INT NOT NULL, line_no INT NOT NULL, qty INT NOT NULL,
          PRIMARY KEY (order_id, line_no))""");
  }

  @Override
  void dropCaptureState() {
    // the binlog position lives in the offsets topic; nothing stays on the server
  }

  @Override
  String transactionOf(JsonNode source) {
    return source.get("gtid").asText();
  }

  @Override
  List<String> positionKeys() {
    return List.of("file", "pos");
  }
}
