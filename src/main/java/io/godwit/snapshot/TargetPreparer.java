package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.state.TablePhase;
import io.godwit.state.TableStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the target tables the state store does not know yet. A table that already exists on the
 * target (the planner checked its columns) is taken over only when it is empty, so rows copied by
 * someone else are never mixed with Godwit's. Each table is created and recorded in one transaction
 * where the engine's DDL is transactional (PostgreSQL).
 */
final class TargetPreparer {

  private final Snapshot.Sides sides;
  private final TableStates states;

  TargetPreparer(Snapshot.Sides sides, TableStates states) {
    this.sides = sides;
    this.states = states;
  }

  String prepare(List<TargetTable> tables, Map<String, TablePhase> phases) throws SQLException {
    int created = 0;
    int adopted = 0;
    Dialect dialect = sides.targetDialect();
    try (Connection c = sides.target().getConnection()) {
      Set<String> existing = existingTables(c, tables);
      for (TargetTable t : tables) {
        if (phases.containsKey(t.source().name())) {
          continue;
        }
        c.setAutoCommit(false);
        try {
          if (existing.contains(t.schema() + "." + t.name())) {
            requireEmpty(c, t);
            adopted++;
          } else {
            try (Statement st = c.createStatement()) {
              for (String sql : dialect.ddl().createTable(t)) {
                st.execute(sql);
              }
            }
            created++;
          }
          states.add(c, t.source().name(), t.name());
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
    return "%d created, %d empty existing taken over, %d known from an earlier run"
        .formatted(created, adopted, tables.size() - created - adopted);
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
}
