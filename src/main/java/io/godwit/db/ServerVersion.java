package io.godwit.db;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A MySQL or MariaDB server's product and version, as its driver reports them, for statements the
 * two products or their versions spell differently.
 */
record ServerVersion(String product, String version, int major, int minor) {

  static ServerVersion of(DatabaseMetaData server) throws SQLException {
    return new ServerVersion(
        server.getDatabaseProductName(),
        server.getDatabaseProductVersion(),
        server.getDatabaseMajorVersion(),
        server.getDatabaseMinorVersion());
  }

  /** MariaDB, which MySQL's driver reports as MySQL with "MariaDB" in the version. */
  boolean mariadb() {
    return product.toLowerCase(Locale.ROOT).contains("mariadb")
        || version.toLowerCase(Locale.ROOT).contains("mariadb");
  }

  /** At least {@code major.minor}. */
  boolean atLeast(int wantedMajor, int wantedMinor) {
    return major > wantedMajor || (major == wantedMajor && minor >= wantedMinor);
  }
}
