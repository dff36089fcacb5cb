package io.godwit.state;

import io.godwit.db.Dialect;
import io.godwit.db.Jdbc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store's versioned scripts ({@code src/main/resources/io/godwit/state/<engine>/}): the
 * bootstrap, then each {@code V<n>.sql} up to {@link StateStore#VERSION} not yet applied, one
 * process at a time under a lock on the target; a store written by a newer Godwit is refused.
 */
final class StateScripts {

  private static final Logger log = LoggerFactory.getLogger(StateScripts.class);
  private static final String INSTALL_LOCK = "godwit:state-install";

  private final Dialect dialect;

  StateScripts(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Applies the scripts {@code c}'s store lacks; returns the version now in place. */
  int install(Connection c) throws SQLException {
    c.setAutoCommit(true);
    waitForLock(c, INSTALL_LOCK);
    try {
      runScript(c, "bootstrap.sql");
      int current = currentVersion(c);
      if (current > StateStore.VERSION) {
        throw new StateStoreException(
            ("the state store in the target is version %d, but this Godwit knows only up to %d;"
                    + " fix: run a Godwit release at least as new as the one that wrote it")
                .formatted(current, StateStore.VERSION));
      }
      for (int v = current + 1; v <= StateStore.VERSION; v++) {
        runScript(c, "V" + v + ".sql");
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO _godwit.schema_version (version) VALUES (?)")) {
          ps.setInt(1, v);
          ps.executeUpdate();
        }
        log.info("State store upgraded to version {}", v);
      }
      return StateStore.VERSION;
    } finally {
      dialect.unlock(c, INSTALL_LOCK);
    }
  }

  /** The version installed, or 0 after the bootstrap alone; fails where there is no store. */
  static int currentVersion(Connection c) throws SQLException {
    String v = Jdbc.queryString(c, "SELECT MAX(version) FROM _godwit.schema_version");
    return v == null ? 0 : Integer.parseInt(v);
  }

  private void waitForLock(Connection c, String name) throws SQLException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!dialect.tryLock(c, name)) {
      if (System.nanoTime() > deadline) {
        throw new StateStoreException(
            "another Godwit process has held the state store install lock for 30 s;"
                + " fix: check for a stuck godwit process on this target");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateStoreException("interrupted while waiting for the state store lock");
      }
    }
  }

  private void runScript(Connection c, String file) throws SQLException {
    String path = "/io/godwit/state/" + dialect.stateScripts() + "/" + file;
    try (Statement st = c.createStatement()) {
      for (String sql : statements(path)) {
        st.execute(sql);
      }
    }
  }

  /** The statements of a script, without comment lines and their closing semicolons. */
  static List<String> statements(String resource) {
    try (InputStream in = StateScripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing state store script " + resource);
      }
      StringBuilder current = new StringBuilder();
      List<String> result = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.strip().startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          String sql = current.toString().strip();
          result.add(sql.substring(0, sql.length() - 1));
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        throw new IllegalStateException(resource + " ends without a semicolon");
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
