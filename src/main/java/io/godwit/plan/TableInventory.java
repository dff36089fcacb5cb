package io.godwit.plan;

import io.godwit.db.DdlWriter;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.plan.InventoryItem.Handling;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.RowFilter;
import io.godwit.schema.SourceObject;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.schema.SqlText;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Inventory}'s items for what a migrated table carries in its own definition: its CHECK
 * constraints, its comments and its {@code ON UPDATE} columns; and which checks and comments a
 * target keeps, for the planner to write into the target tables.
 */
final class TableInventory {

  private static final String WITH_TABLE = "with the target table";

  private final Engine target;
  private final DdlWriter ddl;
  private final Set<String> takenOver;

  /**
   * @param takenOver source names of the tables whose target table exists and is taken over as it
   *     is: what only its CREATE TABLE would carry is not carried
   */
  TableInventory(Dialect targetDialect, Set<String> takenOver) {
    this.target = targetDialect.engine();
    this.ddl = targetDialect.ddl();
    this.takenOver = takenOver;
  }

  /**
   * A MySQL target keeps the column's ON UPDATE in its definition; PostgreSQL gets a trigger at
   * cutover. Either only for a column that still holds a date and time on the target.
   */
  InventoryItem onUpdate(TargetTable table, TargetColumn column) {
    String name = table.source().name() + "." + column.source().name();
    String expression = "ON UPDATE " + column.source().onUpdate();
    if (column.onUpdate() == null) {
      return new InventoryItem(
          Kind.ON_UPDATE,
          name,
          table.source().name(),
          Handling.NOT_MIGRATED,
          null,
          "the target column is %s, which cannot be set to the current time on update"
              .formatted(column.type().sqlType()),
          "map the column to a timestamp type in tables.column-types, or set it in the"
              + " application's updates",
          expression);
    }
    List<String> triggers =
        ddl.createOnUpdateTriggers(only(table, List.of(column), List.of(), List.of()));
    if (triggers.isEmpty() && takenOver.contains(table.source().name())) {
      return takenOver(
          new SourceObject(Kind.ON_UPDATE, name, table.source().name(), expression),
          "add %s to the target column before godwit run (ALTER TABLE ... MODIFY COLUMN with its full definition)"
              .formatted(expression));
    }
    return triggers.isEmpty()
        ? new InventoryItem(
            Kind.ON_UPDATE,
            name,
            table.source().name(),
            Handling.CARRIED,
            WITH_TABLE,
            "the target column is created with " + expression,
            "",
            expression)
        : new InventoryItem(
            Kind.ON_UPDATE,
            name,
            table.source().name(),
            Handling.CARRIED,
            CarriedObject.Stage.CUTOVER.label(),
            ("%s has no ON UPDATE: a BEFORE UPDATE trigger sets the column to current_timestamp"
                    + " when an update changes another column and not this one, created when the"
                    + " cutover is done (while streaming it would overwrite replicated values)")
                .formatted(target.displayName()),
            "",
            Inventory.join(triggers));
  }

  /** A CHECK constraint the target table keeps: in its definition, or added after the copy. */
  InventoryItem check(TargetTable table, SourceObject o) {
    TargetTable.Check check = new TargetTable.Check(o.name(), o.carriable());
    List<String> added = ddl.addChecks(only(table, List.of(), List.of(check), List.of()));
    if (added.isEmpty() && takenOver.contains(table.source().name())) {
      return takenOver(o, "add it to the target table before godwit run");
    }
    return new InventoryItem(
        Kind.CHECK,
        o.name(),
        o.table(),
        Handling.CARRIED,
        added.isEmpty() ? WITH_TABLE : "after the copy",
        added.isEmpty()
            ? "the target table is created with it, so each copied row is checked"
            : "added after the copy, NOT VALID and then validated; the source's rows satisfy it",
        "",
        added.isEmpty()
            ? "CONSTRAINT %s %s".formatted(o.name(), o.carriable())
            : Inventory.join(added));
  }

  /** A comment the target table is created with. */
  InventoryItem comment(TargetTable table, SourceObject o) {
    if (takenOver.contains(table.source().name())) {
      return takenOver(o, "add it to the target table");
    }
    TargetTable.Comment comment = asComment(o);
    List<String> statements = ddl.comments(only(table, List.of(), List.of(), List.of(comment)));
    String definition =
        statements.isEmpty()
            ? "COMMENT " + SqlText.mySqlString(comment.text())
            : Inventory.join(statements);
    return new InventoryItem(
        Kind.COMMENT,
        o.name(),
        o.table(),
        Handling.CARRIED,
        WITH_TABLE,
        "the target table is created with it",
        "",
        definition);
  }

  /** A COMMENT object as the comment of a target table: column names are kept. */
  static TargetTable.Comment asComment(SourceObject o) {
    return new TargetTable.Comment(
        o.name().equals(o.table()) ? null : o.name().substring(o.table().length() + 1),
        o.carriable());
  }

  /**
   * The comments a target of the engine keeps, by source table name: all of them, except on MySQL
   * those over its limits (2048 characters on a table, 1024 on a column).
   */
  static Map<String, List<TargetTable.Comment>> carriedComments(
      List<SourceObject> objects, Dialect target) {
    Map<String, List<TargetTable.Comment>> comments = new LinkedHashMap<>();
    for (SourceObject o : objects) {
      if (o.kind() == Kind.COMMENT && o.carriable() != null && fits(asComment(o), target)) {
        comments.computeIfAbsent(o.table(), t -> new ArrayList<>()).add(asComment(o));
      }
    }
    return comments;
  }

  static boolean fits(TargetTable.Comment comment, Dialect target) {
    return comment.text().length() <= target.maxCommentLength(comment.column() != null);
  }

  /** The table with only the given columns, checks and comments, to write the DDL of one. */
  private static TargetTable only(
      TargetTable table,
      List<TargetColumn> columns,
      List<TargetTable.Check> checks,
      List<TargetTable.Comment> comments) {
    return new TargetTable(
        table.source(),
        table.schema(),
        table.name(),
        columns,
        table.primaryKey(),
        table.primaryKeyIsUnique(),
        List.of(),
        List.of(),
        checks,
        comments,
        RowFilter.ALL,
        ColumnRules.NONE);
  }

  /**
   * The CHECK constraints a target of the source's own engine keeps, by source table name: those
   * that hold for every source row. The copied and replicated rows satisfy them.
   */
  static Map<String, List<TargetTable.Check>> carriedChecks(
      List<SourceObject> objects, Engine source, Engine target) {
    Map<String, List<TargetTable.Check>> checks = new LinkedHashMap<>();
    if (source == target) {
      for (SourceObject o : objects) {
        if (o.kind() == Kind.CHECK && o.carriable() != null) {
          checks
              .computeIfAbsent(o.table(), t -> new ArrayList<>())
              .add(new TargetTable.Check(o.name(), o.carriable()));
        }
      }
    }
    return checks;
  }

  /** Something only the CREATE TABLE of a table that exists on the target would carry. */
  private static InventoryItem takenOver(SourceObject o, String fix) {
    return Inventory.notMigrated(
        o,
        "the target table exists and is taken over as it is: Godwit does not change its"
            + " definition",
        fix + "; the source's definition is " + Inventory.DEFINITION);
  }
}
