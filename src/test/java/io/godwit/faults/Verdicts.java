package io.godwit.faults;

import io.godwit.engine.Engine;
import io.godwit.error.GodwitException;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What every fault case checks after the fault: the run's error and whether the source writes. */
final class Verdicts {

  private Verdicts() {}

  /**
   * True when a new session may write to the source: a write on PostgreSQL (refused in a read-only
   * transaction even when it matches no row), {@code read_only} off on MariaDB (whose root may
   * write either way).
   */
  static boolean writable(TestDatabase src) throws SQLException {
    try (Connection c = src.connect();
        Statement st = c.createStatement()) {
      if (src.engine() == Engine.POSTGRESQL) {
        try {
          st.executeUpdate("UPDATE customers SET name = name WHERE id = -1");
          return true;
        } catch (SQLException e) {
          if ("25006".equals(e.getSQLState())) {
            return false;
          }
          throw e;
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
        rs.next();
        return rs.getInt(1) == 0;
      }
    }
  }

  /**
   * The rule every fault case applies to a run that stopped: its error says what to do about it, in
   * a clause that starts with "fix".
   */
  static boolean namesAFix(String error) {
    return error.contains("fix");
  }

  /**
   * The error a run that failed shows its user: the message of the first {@link GodwitException} in
   * the cause chain, as the command line prints it, or else the innermost cause's message.
   */
  static String runError(CompletableFuture<Void> failed) {
    try {
      failed.join();
      return "the run ended without an error";
    } catch (CompletionException e) {
      Throwable root = e;
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof GodwitException) {
          return t.getMessage();
        }
        root = t;
      }
      return String.valueOf(root.getMessage());
    }
  }
}
