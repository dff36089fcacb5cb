package io.godwit.apply;

import io.godwit.db.Dialect;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.state.ValidationRecords;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a column added to a source table during the migration: reads the source table again,
 * checks that the only change is added columns the target can take, and adds them to the target
 * table. Anything else (a column dropped, renamed or retyped, the key changed, a NOT NULL column
 * without a default, a default computed when the column is added) is refused with the reason, and
 * the table stops as for any poison event. A retyped column brings no new field to notice, so
 * {@link #refusedChanges} also compares the source tables with what the applier knows, when asked.
 *
 * <p>Existing rows get the added column's default on both sides (the source's ALTER wrote no row
 * events), and events from before the addition set it to its default ({@link ChangeEvent#DEFAULT}),
 * so the two sides stay equal row for row. That holds for a constant only: CURRENT_TIMESTAMP,
 * now(), random() or uuid() give every existing row a value of the moment each side runs its ALTER.
 *
 * <p>Any schema change found resets the table's changed-mode validation baseline ({@link
 * ValidationRecords#resetBaseline}): rows may now differ without a change event.
 *
 * <p>Fenced by the runner epoch: the reset, the columns recorded and the {@code ALTER TABLE} each
 * prove that the runner still holds the migration (the {@code ALTER TABLE} under {@link
 * io.godwit.state.TableStates#ddl}, which on MySQL, whose DDL cannot be rolled back, holds the
 * migration's DDL lock across the check and the statement); on PostgreSQL the {@code ALTER TABLE}
 * and the record commit together. A runner taken over stops with {@link
 * io.godwit.state.RunnerFencedException} having changed nothing.
 */
public final class SchemaEvolution {

  private static final Logger log = LoggerFactory.getLogger(SchemaEvolution.class);

  /** A default every existing row gets alike: NULL, or a literal, with PostgreSQL casts. */
  private static final Pattern CONSTANT =
      Pattern.compile(
          "(null|true|false|[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|[bB]?'([^']|'')*')"
              + "(::[\\w .\"()\\[\\],]+)*",
          Pattern.CASE_INSENSITIVE);

  /** The source tables as the plan translates them now. */
  public interface Fresh {
    List<TargetTable> tables() throws SQLException;
  }

  /** A change to the source table that Godwit does not follow. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private final String migration;
  private final Fresh fresh;
  private final DataSource target;
  private final Dialect targetDialect;
  private final StateStore store;
  private final TableStates states;
  private final ValidationRecords validations;

  public SchemaEvolution(
      String migration,
      Fresh fresh,
      DataSource target,
      Dialect targetDialect,
      StateStore store,
      TableStates states,
      RunnerEpoch epoch) {
    this.migration = migration;
    this.fresh = fresh;
    this.target = target;
    this.targetDialect = targetDialect;
    this.store = store;
    this.states = states;
    this.validations = new ValidationRecords(target, migration, epoch);
  }

  /**
   * Adds the source table's new columns to the target table.
   *
   * @param current the table as the applier knows it
   * @param seen the columns an event carried that {@code current} lacks
   * @return the table with the added columns after its others
   * @throws Refused naming what changed and the fix, when the change is not only added columns
   */
  public TargetTable addColumns(TargetTable current, List<String> seen)
      throws Refused, SQLException {
    String name = current.source().name();
    resetBaseline(name);
    TargetTable now =
        fresh.tables().stream()
            .filter(t -> t.source().name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new Refused(
                        "table %s is no longer on the source or no longer selected; fix: restore it, or re-plan the migration without it"
                            .formatted(name)));
    checkKnownColumns(current, now);
    Set<String> known =
        current.columns().stream().map(TargetColumn::name).collect(Collectors.toSet());
    List<TargetColumn> added =
        now.columns().stream().filter(c -> !known.contains(c.name())).toList();
    Set<String> addedNames = added.stream().map(TargetColumn::name).collect(Collectors.toSet());
    for (String column : seen) {
      if (!addedNames.contains(column)) {
        throw refused(
            name,
            "events carry column %s, which the source's catalog does not show as added"
                .formatted(column));
      }
    }
    for (TargetColumn c : added) {
      if (c.identity() || c.source().isGenerated()) {
        throw refused(
            name, "the added column %s is generated or an identity column".formatted(c.name()));
      }
      if (!c.source().nullable() && c.defaultExpression() == null) {
        throw refused(
            name,
            ("the added column %s is NOT NULL without a default Godwit can translate, so the"
                    + " value existing rows got on the source is unknown here")
                .formatted(c.name()));
      }
      checkAddedDefault(name, c);
    }
    List<TargetColumn> missing = missingOnTarget(current, added);
    List<String> ddl = targetDialect.ddl().addColumns(current, missing);
    try (Connection c = target.getConnection()) {
      boolean transactional = targetDialect.transactionalDdl();
      c.setAutoCommit(!transactional);
      try {
        states.ddl(
            c,
            () -> {
              try (Statement st = c.createStatement()) {
                for (String sql : ddl) {
                  st.execute(sql);
                }
              }
            });
        states.addColumns(c, name, added.stream().map(col -> col.source().name()).toList());
        if (transactional) {
          c.commit();
        }
      } catch (SQLException | RuntimeException e) {
        if (transactional) {
          c.rollback();
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    String summary =
        "added column(s) %s of source table %s to %s.%s"
            .formatted(
                added.stream()
                    .map(c -> c.name() + " " + c.type().sqlType())
                    .collect(Collectors.joining(", ")),
                name,
                current.schema(),
                current.name());
    store.log(migration, "schema", summary);
    log.info("Schema change followed: {}", summary);
    List<TargetColumn> columns = new ArrayList<>(current.columns());
    columns.addAll(added);
    return new TargetTable(
        now.source(),
        current.schema(),
        current.name(),
        columns,
        current.primaryKey(),
        current.primaryKeyIsUnique(),
        current.indexes(),
        current.foreignKeys(),
        List.of(),
        List.of(),
        current.rows(),
        current.columnRules());
  }

  /**
   * Compares the source tables with what the applier knows of them, for the changes no event shows:
   * a column retyped (a wider decimal scale would be rounded on the target without a word), a
   * column added with a computed default while the table gets no writes, and a column dropped or
   * renamed or the key changed before the table's next event. Resets the changed-mode baseline of
   * each table found changed.
   *
   * @param current the tables as the applier knows them
   * @return the reason for each table that changed so, by source table name
   */
  public Map<String, String> refusedChanges(List<TargetTable> current) throws SQLException {
    Map<String, TargetTable> now = new HashMap<>();
    fresh.tables().forEach(t -> now.put(t.source().name(), t));
    Map<String, String> refused = new LinkedHashMap<>();
    for (TargetTable table : current) {
      TargetTable fresher = now.get(table.source().name());
      if (fresher == null) {
        continue;
      }
      try {
        checkKnownColumns(table, fresher);
        Set<String> known =
            table.columns().stream().map(TargetColumn::name).collect(Collectors.toSet());
        for (TargetColumn c : fresher.columns()) {
          if (!known.contains(c.name())) {
            checkAddedDefault(table.source().name(), c);
          }
        }
      } catch (Refused e) {
        resetBaseline(table.source().name());
        refused.put(table.source().name(), e.getMessage());
      }
    }
    return refused;
  }

  /**
   * Refuses a column of {@code current} that {@code now} lacks or types otherwise, or a new key.
   */
  private static void checkKnownColumns(TargetTable current, TargetTable now) throws Refused {
    String name = current.source().name();
    Map<String, TargetColumn> byName = new HashMap<>();
    now.columns().forEach(c -> byName.put(c.name(), c));
    for (TargetColumn c : current.columns()) {
      TargetColumn n = byName.get(c.name());
      if (n == null) {
        throw refused(name, "column %s was dropped or renamed".formatted(c.name()));
      }
      if (!n.type().sqlType().equals(c.type().sqlType())) {
        throw new Refused(
            ("source table %s changed in a way Godwit does not follow during a migration: column"
                    + " %s changed type (now %s on the target, was %s), and changes written since"
                    + " may have been changed to fit the old type; fix: %s")
                .formatted(
                    name, c.name(), n.type().sqlType(), c.type().sqlType(), copyAfresh(name)));
      }
    }
    if (!now.primaryKey().equals(current.primaryKey())) {
      throw refused(
          name,
          "the row key changed from (%s) to (%s)"
              .formatted(
                  String.join(", ", current.primaryKey()), String.join(", ", now.primaryKey())));
    }
  }

  /**
   * Refuses an added column whose default is computed when it is added: each side gives every
   * existing row the value of the moment it runs its own ALTER.
   */
  private static void checkAddedDefault(String table, TargetColumn column) throws Refused {
    String sourceDefault = column.source().defaultExpression();
    if (sourceDefault != null && !CONSTANT.matcher(sourceDefault.trim()).matches()) {
      throw new Refused(
          ("source table %s changed in a way Godwit does not follow during a migration: the"
                  + " added column %s has the default %s, which is computed when the column is"
                  + " added, so every existing row got a value on the source that the target"
                  + " cannot reproduce; fix: %s")
              .formatted(table, column.name(), sourceDefault.trim(), copyAfresh(table)));
    }
  }

  private void resetBaseline(String table) throws SQLException {
    try (Connection c = target.getConnection()) {
      validations.resetBaseline(c, table);
    }
  }

  /** The added columns the target table does not have yet: an earlier try may have added some. */
  private List<TargetColumn> missingOnTarget(TargetTable table, List<TargetColumn> added)
      throws SQLException {
    try (Connection c = target.getConnection()) {
      Optional<Table> existing =
          targetDialect.catalog().tables(c, table.schema()).stream()
              .filter(t -> t.name().equals(table.name()))
              .findFirst();
      Set<String> have =
          existing
              .map(t -> t.columns().stream().map(col -> col.name()).collect(Collectors.toSet()))
              .orElse(Set.of());
      return added.stream().filter(col -> !have.contains(col.name())).toList();
    }
  }

  private static Refused refused(String table, String what) {
    return new Refused(
        ("source table %s changed in a way Godwit does not follow during a migration: %s;"
                + " it follows added columns only (see docs/apply.md, Schema changes); fix: %s,"
                + " or make the target table match by hand and restart")
            .formatted(table, what, copyAfresh(table)));
  }

  /** The fix for a table whose target no longer fits: a re-copy, planned from the source now. */
  private static String copyAfresh(String table) {
    return ("`godwit resnapshot -c FILE %s` copies the table afresh from the source as it is now"
            + " and replays its changes, while the other tables stream")
        .formatted(table);
  }
}
