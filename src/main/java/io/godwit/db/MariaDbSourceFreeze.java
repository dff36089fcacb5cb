package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** MariaDB has no {@code super_read_only} and names its GTID position differently. */
final class MariaDbSourceFreeze extends MySqlSourceFreeze {

  @Override
  protected List<String> readOnlyOn() {
    return List.of("SET GLOBAL read_only = ON");
  }

  @Override
  protected List<String> readOnlyOff() {
    return List.of("SET GLOBAL read_only = OFF");
  }

  @Override
  protected String gtid(Connection c) throws SQLException {
    String pos = Jdbc.queryString(c, "SELECT @@GLOBAL.gtid_binlog_pos");
    return pos == null || pos.isBlank() ? "" : ", GTID " + pos;
  }
}
