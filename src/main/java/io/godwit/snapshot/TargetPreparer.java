package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.state.DdlTransaction;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the target tables match the plan before the copy. A table the state store does not know is
 * created, or taken over when it already exists empty (the planner checked its columns), so rows
 * copied by someone else are never mixed with Godwit's. A table whose copy has not started is
 * prepared from the migration file on every run: created again when the file now plans it
 * differently. A table whose copy started keeps its target table, unless that table was dropped:
 * then it is copied afresh.
 *
 * <p>All or nothing: on PostgreSQL every table is prepared in one transaction; on MySQL, whose DDL
 * commits by itself, a failure drops the tables this attempt created before it is reported.
 *
 * <p>Fenced by the runner epoch: each table registered or forgotten proves it ({@link
 * TableStates}), and each CREATE or DROP runs under {@link TableStates#ddl}, which on MySQL, whose
 * DDL cannot be rolled back, holds the migration's DDL lock across the check and the statement so
 * that no runner takes over in between. A runner taken over stops with {@link
 * RunnerFencedException} and undoes nothing: the tables now belong to the runner that took over (on
 * MySQL, one taken over between its CREATE and the table's registration leaves that table empty and
 * unregistered; the next runner takes it over).
 */
final class TargetPreparer {

  private static final Logger log = LoggerFactory.getLogger(TargetPreparer.class);

  private final Snapshot.Sides sides;
  private final TableStates states;

  TargetPreparer(Snapshot.Sides sides, TableStates states) {
    this.sides = sides;
    this.states = states;
  }

  String prepare(List<TargetTable> tables) throws SQLException {
    Dialect dialect = sides.targetDialect();
    boolean transactional = dialect.transactionalDdl();
    try (Connection c = sides.target().getConnection()) {
      Map<String, TableStates.Known> known = states.known(c);
      Set<String> existing = existingTables(c, tables);
      Attempt attempt = new Attempt();
      DdlTransaction.run(
          c,
          transactional,
          () -> {
            for (TargetTable t : tables) {
              attempt.table = t;
              prepare(c, t, known.get(t.source().name()), existing, attempt);
            }
            attempt.table = null;
            return null;
          },
          (e, rolledBack) -> {
            throw failed(e, attempt, rolledBack ? "nothing was created" : undo(c, attempt));
          });
      return attempt.summary();
    }
  }

  private void prepare(
      Connection c, TargetTable t, TableStates.Known known, Set<String> existing, Attempt attempt)
      throws SQLException {
    String source = t.source().name();
    boolean exists = existing.contains(t.schema() + "." + t.name());
    if (known == null) {
      if (exists) {
        requireEmpty(c, t);
        states.add(c, source, t.name(), null);
        attempt.adopted++;
      } else {
        create(c, t, attempt);
      }
      return;
    }
    if (!exists) {
      if (known.copyStarted()) {
        log.warn(
            "Target table {}.{} is gone although its copy had started ({}): copying {} afresh",
            t.schema(),
            t.name(),
            known.phase(),
            source);
      }
      states.forget(c, source);
      create(c, t, attempt);
      attempt.afresh++;
      return;
    }
    boolean changed =
        !known.copyStarted()
            && known.definition() != null
            && !t.changesSince(known.definition()).isEmpty();
    if (!changed) {
      attempt.known++;
      return;
    }
    log.info(
        "Target table {}.{} is created again: no row was copied yet and the plan changed: {}",
        t.schema(),
        t.name(),
        String.join("; ", t.changesSince(known.definition())));
    requireEmpty(c, t);
    states.ddl(
        c, () -> execute(c, "DROP TABLE " + sides.targetDialect().qualify(t.schema(), t.name())));
    states.forget(c, source);
    create(c, t, attempt);
    attempt.afresh++;
  }

  private void create(Connection c, TargetTable t, Attempt attempt) throws SQLException {
    states.ddl(
        c,
        () -> {
          for (String sql : sides.targetDialect().ddl().createTable(t)) {
            attempt.statement = sql;
            execute(c, sql);
          }
        });
    attempt.statement = null;
    attempt.created.add(t);
    states.add(c, t.source().name(), t.name(), t.definition());
  }

  /**
   * Drops the tables this attempt created and forgets them; says what it did. A runner taken over
   * meanwhile drops nothing: it stops with {@link RunnerFencedException}.
   */
  private String undo(Connection c, Attempt attempt) {
    List<String> dropped = new ArrayList<>();
    for (TargetTable t : attempt.created) {
      String name = sides.targetDialect().qualify(t.schema(), t.name());
      try {
        states.ddl(c, () -> execute(c, "DROP TABLE IF EXISTS " + name));
        states.forget(c, t.source().name());
        dropped.add(name);
      } catch (SQLException e) {
        log.error("Could not drop {}, created by this failed attempt: {}", name, e.getMessage());
      }
    }
    return dropped.isEmpty()
        ? "nothing was created"
        : "dropped the %d tables this attempt had created (%s)"
            .formatted(dropped.size(), String.join(", ", dropped));
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static RuntimeException failed(Exception e, Attempt attempt, String undone) {
    if (e instanceof SnapshotException s) {
      return new SnapshotException(s.getMessage() + " (" + undone + ")");
    }
    String where =
        attempt.table == null
            ? "preparing the target tables"
            : "preparing target table %s.%s"
                .formatted(attempt.table.schema(), attempt.table.name());
    String statement = attempt.statement == null ? "" : " in: " + attempt.statement;
    return new SnapshotException(
        ("%s failed: %s%s; %s; fix: correct the cause (a column's target type can be set with"
                + " tables.column-types), check with godwit plan, then run again")
            .formatted(where, e.getMessage(), statement, undone),
        e);
  }

  private Set<String> existingTables(Connection c, List<TargetTable> tables) throws SQLException {
    Set<String> names = new HashSet<>();
    Set<String> schemas = new HashSet<>();
    tables.forEach(t -> schemas.add(t.schema()));
    for (String schema : schemas) {
      for (Table t : sides.targetDialect().catalog().tables(c, schema)) {
        names.add(schema + "." + t.name());
      }
    }
    return names;
  }

  private void requireEmpty(Connection c, TargetTable t) throws SQLException {
    Dialect dialect = sides.targetDialect();
    try (Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT 1 FROM %s LIMIT 1".formatted(dialect.qualify(t.schema(), t.name())))) {
      if (rs.next()) {
        throw new SnapshotException(
            ("target table %s.%s already has rows, but this migration has not copied it; fix:"
                    + " empty it (TRUNCATE) or drop it, or map %s to another table with"
                    + " tables.rename, then run again")
                .formatted(t.schema(), t.name(), t.source().name()));
      }
    }
  }

  /** What one call of {@link #prepare(List)} did, and what to undo when it fails on MySQL. */
  private static final class Attempt {
    final List<TargetTable> created = new ArrayList<>();
    TargetTable table;
    String statement;
    int adopted;
    int afresh;
    int known;

    String summary() {
      return "%d created (%d of them again or afresh), %d empty existing taken over, %d known from an earlier run"
          .formatted(created.size(), afresh, adopted, known);
    }
  }
}
