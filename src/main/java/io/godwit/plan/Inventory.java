package io.godwit.plan;

import io.godwit.config.InventorySettings;
import io.godwit.db.Dialect;
import io.godwit.db.ObjectSql;
import io.godwit.engine.Engine;
import io.godwit.plan.InventoryItem.Handling;
import io.godwit.schema.Carried;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.Column;
import io.godwit.schema.SourceObject;
import io.godwit.schema.SourceObject.Kind;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.schema.ViewTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The inventory {@code plan} prints: every object of the source schema that the copied rows do not
 * bring along by themselves, whether the migration carries it, and for each one it does not, why
 * and what to do before or right after cutover.
 */
final class Inventory {

  static final String DEFINITION = "inventory[].definition (plan --json)";
  private static final String SKIPPED = "skipped by inventory.skip";

  /**
   * Where the inventory's objects go: the schemas on both sides, the kinds the file skips, and the
   * roles or users the target has.
   */
  record Scope(
      String sourceSchema,
      String targetSchema,
      InventorySettings settings,
      Set<String> principals) {}

  /** The inventory, and what of it the run creates on the target. */
  record Result(List<InventoryItem> items, Carried carried) {}

  private final Engine source;
  private final Engine target;
  private final Dialect targetDialect;
  private final boolean sameFamily;
  private final UnaryOperator<String> quote;
  private final Scope scope;
  private final TableInventory tables;

  private Inventory(Engine source, Dialect targetDialect, Set<String> takenOver, Scope scope) {
    this.scope = scope;
    this.source = source;
    this.target = targetDialect.engine();
    this.targetDialect = targetDialect;
    this.sameFamily = targetDialect.sharesSqlWith(source);
    this.quote = targetDialect::quote;
    this.tables = new TableInventory(targetDialect, takenOver);
  }

  /**
   * The inventory of a migration.
   *
   * @param objects what the source schema holds besides its tables
   * @param tables the source tables being migrated: objects of other tables are left out
   * @param translated the tables as the target gets them
   * @param takenOver source names of the tables whose target table exists and is taken over as it
   *     is: what only its CREATE TABLE would carry is not carried
   * @param targetDialect the target's dialect: its DDL and quoting
   * @param scope the schemas, the kinds not to carry and the target's roles or users
   */
  static Result of(
      List<SourceObject> objects,
      List<Table> tables,
      List<TargetTable> translated,
      Set<String> takenOver,
      Engine source,
      Dialect targetDialect,
      Scope scope) {
    Inventory inventory = new Inventory(source, targetDialect, takenOver, scope);
    Map<String, TargetTable> bySource =
        translated.stream().collect(Collectors.toMap(t -> t.source().name(), t -> t));
    Set<String> migrated = tables.stream().map(Table::name).collect(Collectors.toSet());
    Set<String> keySequences =
        tables.stream()
            .flatMap(t -> t.columns().stream())
            .map(Column::sequence)
            .filter(s -> s != null)
            .map(Inventory::unqualified)
            .collect(Collectors.toSet());
    List<SourceObject> listed = new ArrayList<>();
    for (SourceObject o : objects) {
      boolean ofOtherTable = o.table() != null && !migrated.contains(o.table());
      boolean feedsKey = o.kind() == Kind.SEQUENCE && keySequences.contains(o.name());
      if (!ofOtherTable && !feedsKey) {
        listed.add(o);
      }
    }
    Map<SourceObject, InventoryItem> decided = new HashMap<>();
    List<CarriedObject> carried =
        inventory.sameFamily
            ? inventory.carry(listed, bySource, decided)
            : inventory.translatedViews(listed, bySource, decided);
    List<InventoryItem> items = new ArrayList<>();
    for (SourceObject o : listed) {
      TargetTable table = o.table() == null ? null : bySource.get(o.table());
      if (decided.containsKey(o)) {
        items.add(decided.get(o));
      } else if (table != null
          && o.kind() == Kind.CHECK
          && table.checks().stream().anyMatch(c -> c.name().equals(o.name()))) {
        items.add(inventory.tables.check(table, o));
      } else if (table != null
          && o.kind() == Kind.COMMENT
          && table.comments().contains(TableInventory.asComment(o))) {
        items.add(inventory.tables.comment(table, o));
      } else {
        items.add(inventory.item(o));
      }
    }
    for (TargetTable t : translated) {
      for (TargetColumn c : t.columns()) {
        if (c.source().onUpdate() != null) {
          items.add(inventory.tables.onUpdate(t, c));
        }
      }
    }
    return new Result(items, new Carried(scope.sourceSchema(), scope.targetSchema(), carried));
  }

  /**
   * Decides, for a target of the source's engine family, which views, routines, triggers, events,
   * sequences and table grants are carried, and in which order they are created: sequences and
   * routines, then views each after what it reads, at table preparation; triggers, events and
   * grants at cutover.
   */
  private List<CarriedObject> carry(
      List<SourceObject> objects,
      Map<String, TargetTable> bySource,
      Map<SourceObject, InventoryItem> decided) {
    Map<Kind, List<SourceObject>> candidates = new LinkedHashMap<>();
    for (SourceObject o : objects) {
      if (o.carry() == null) {
        continue;
      }
      if (scope.settings().skips(o.kind())) {
        decided.put(
            o,
            because(
                item(o),
                SKIPPED,
                "remove %s from inventory.skip and Godwit carries it"
                    .formatted(kindName(o.kind()))));
      } else {
        candidates.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o);
      }
    }
    List<CarriedObject> carried = new ArrayList<>();
    for (SourceObject o : candidates.getOrDefault(Kind.SEQUENCE, List.of())) {
      carried.add(
          carried(
              o,
              null,
              CarriedObject.Stage.TABLES,
              "at table preparation; its value follows the source's after the copy and again at"
                  + " cutover, after the freeze",
              "created on the target; the next value it hands out there comes after the source's",
              decided));
    }
    Set<String> routines = new HashSet<>();
    for (SourceObject o : candidates.getOrDefault(Kind.ROUTINE, List.of())) {
      routines.add(o.name());
      carried.add(
          carried(
              o,
              null,
              CarriedObject.Stage.TABLES,
              "created on the target before the views and triggers that use it",
              decided));
    }
    carried.addAll(views(candidates.getOrDefault(Kind.VIEW, List.of()), bySource, decided));
    for (SourceObject o : candidates.getOrDefault(Kind.TRIGGER, List.of())) {
      String missing = renamed(o.table(), bySource);
      List<String> functions =
          o.carry().uses().stream().filter(f -> !routines.contains(f)).toList();
      if (missing != null) {
        decided.put(o, because(item(o), missing, ""));
      } else if (!functions.isEmpty()) {
        decided.put(
            o,
            because(
                item(o),
                "it calls %s, which is not carried".formatted(String.join(", ", functions)),
                ""));
      } else {
        carried.add(
            carried(
                o,
                o.table(),
                CarriedObject.Stage.CUTOVER,
                "created when the cutover is done: while the applier streams it would fire on"
                    + " replicated rows and change them a second time",
                decided));
      }
    }
    for (SourceObject o : candidates.getOrDefault(Kind.EVENT, List.of())) {
      carried.add(
          carried(
              o,
              null,
              CarriedObject.Stage.CUTOVER,
              "created when the cutover is done: before, it would write to tables the applier"
                  + " fills; disable it on the source (ALTER EVENT ... DISABLE) if the source stays"
                  + " writable",
              decided));
    }
    for (SourceObject o : candidates.getOrDefault(Kind.GRANT, List.of())) {
      String missing = renamed(o.table(), bySource);
      if (missing != null) {
        decided.put(o, because(item(o), missing, ""));
      } else if (!scope.principals().contains(o.name())) {
        decided.put(
            o,
            because(
                item(o),
                "the target has no role or user %s (or plan's target user may not list them)"
                    .formatted(o.name()),
                "create %s on the target and run plan again: Godwit then carries the grant"
                    .formatted(o.name())));
      } else {
        carried.add(
            carried(
                o,
                o.table(),
                CarriedObject.Stage.CUTOVER,
                "granted when the cutover is done: until then only Godwit writes to the target",
                decided));
      }
    }
    return carried;
  }

  /**
   * For a target of the other engine family: the simple views, translated to its SQL and created at
   * table preparation; the others are decided as not migrated with the construct that keeps them.
   */
  private List<CarriedObject> translatedViews(
      List<SourceObject> objects,
      Map<String, TargetTable> bySource,
      Map<SourceObject, InventoryItem> decided) {
    ViewTranslator translator = new ViewTranslator(source, target, quote);
    List<CarriedObject> carried = new ArrayList<>();
    for (SourceObject o : objects) {
      if (o.kind() != Kind.VIEW || o.carry() == null || o.carry().query() == null) {
        continue;
      }
      if (scope.settings().skips(Kind.VIEW)) {
        decided.put(
            o, because(item(o), SKIPPED, "remove views from inventory.skip and Godwit carries it"));
        continue;
      }
      ViewTranslator.Result view =
          translator.translate(o.name(), o.carry().query(), scope.sourceSchema(), bySource);
      if (!view.translated()) {
        decided.put(
            o,
            because(
                item(o),
                "Godwit translates to %s only views over one migrated table with plain columns and simple conditions; %s"
                    .formatted(target.displayName(), view.rejection()),
                ""));
        continue;
      }
      decided.put(
          o,
          new InventoryItem(
              Kind.VIEW,
              o.name(),
              null,
              Handling.CARRIED,
              CarriedObject.Stage.TABLES.label(),
              "a simple view, translated to %s's SQL: its table and columns by their target names, its constants as the target's columns compare them"
                  .formatted(target.displayName()),
              "",
              join(view.create())));
      carried.add(
          new CarriedObject(
              Kind.VIEW, o.name(), null, CarriedObject.Stage.TABLES, view.create(), view.drop()));
    }
    return carried;
  }

  /**
   * The views whose every table and view read is carried, in an order where each comes after the
   * views it reads; the others are decided as not migrated with what they read.
   */
  private List<CarriedObject> views(
      List<SourceObject> views,
      Map<String, TargetTable> bySource,
      Map<SourceObject, InventoryItem> decided) {
    Map<String, SourceObject> byName = new LinkedHashMap<>();
    Map<String, List<String>> uses = new LinkedHashMap<>();
    for (SourceObject v : views) {
      byName.put(v.name(), v);
      uses.put(v.name(), v.carry().uses());
    }
    List<CarriedObject> carried = new ArrayList<>();
    Set<String> created = new HashSet<>();
    for (String name : ObjectSql.dependencyOrder(uses)) {
      SourceObject v = byName.get(name);
      String missing = null;
      for (String read : v.carry().uses()) {
        if (created.contains(read)) {
          continue;
        }
        missing =
            byName.containsKey(read)
                ? "it reads view %s, which is not carried".formatted(read)
                : bySource.containsKey(read)
                    ? renamed(read, bySource)
                    : "it reads %s, which is not migrated".formatted(read);
        if (missing != null) {
          break;
        }
      }
      if (missing != null) {
        decided.put(v, because(item(v), missing, ""));
      } else {
        created.add(name);
        carried.add(
            carried(
                v,
                null,
                CarriedObject.Stage.TABLES,
                "created on the target after the tables and views it reads, with the source"
                    + " schema's name replaced by the target's",
                decided));
      }
    }
    return carried;
  }

  /** Null when the table keeps its name on the target; otherwise why its object is not carried. */
  private static String renamed(String table, Map<String, TargetTable> bySource) {
    TargetTable t = bySource.get(table);
    if (t == null) {
      return "its table %s is not translated for the target (see the plan's blockers)"
          .formatted(table);
    }
    return t.name().equals(table)
        ? null
        : "it names table %s, which the target calls %s (tables.rename)".formatted(table, t.name());
  }

  private static String kindName(Kind kind) {
    return InventorySettings.KINDS.entrySet().stream()
        .filter(e -> e.getValue() == kind)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** A carried object, shown as carried at its {@code stage}; see the next method. */
  private CarriedObject carried(
      SourceObject o,
      String table,
      CarriedObject.Stage stage,
      String reason,
      Map<SourceObject, InventoryItem> decided) {
    return carried(o, table, stage, stage.label(), reason, decided);
  }

  /** A carried object, its statements naming the target schema where the source's named its own. */
  private CarriedObject carried(
      SourceObject o,
      String table,
      CarriedObject.Stage stage,
      String when,
      String reason,
      Map<SourceObject, InventoryItem> decided) {
    List<String> create = rename(o.carry().create());
    decided.put(
        o,
        new InventoryItem(
            o.kind(), o.name(), o.table(), Handling.CARRIED, when, reason, "", join(create)));
    return new CarriedObject(o.kind(), o.name(), table, stage, create, rename(o.carry().drop()));
  }

  private List<String> rename(List<String> statements) {
    return statements.stream()
        .map(s -> ObjectSql.renameSchema(s, scope.sourceSchema(), scope.targetSchema(), source))
        .toList();
  }

  /** The item not migrated for another reason, its fix preceded by {@code first} when given. */
  private static InventoryItem because(InventoryItem item, String reason, String first) {
    String fix = first.isEmpty() ? item.fix() : first + "; or " + item.fix();
    return new InventoryItem(
        item.kind(),
        item.name(),
        item.table(),
        Handling.NOT_MIGRATED,
        null,
        reason,
        fix,
        item.definition());
  }

  /** Statements as one definition, as the inventory shows it. */
  static String join(List<String> statements) {
    return String.join(";\n", statements);
  }

  private InventoryItem item(SourceObject o) {
    return switch (o.kind()) {
      case VIEW ->
          notMigrated(
              o,
              "Godwit copies tables, not views",
              sameFamily
                  ? "create it on the target after the copy from "
                      + DEFINITION
                      + " (a view does not change writes, so any time before cutover works)"
                  : "rewrite it in %s's SQL (the source's is in %s) and create it on the target before cutover"
                      .formatted(target.displayName(), DEFINITION));
      case TRIGGER ->
          notMigrated(
              o,
              "on the target it would fire on the applier's writes while streaming and change"
                  + " replicated rows a second time",
              (sameFamily
                      ? "create it on the target from " + DEFINITION
                      : "rewrite it as a %s trigger (the source's is in %s) and create it"
                          .formatted(target.displayName(), DEFINITION))
                  + " right after cutover, before the application writes to the target");
      case ROUTINE ->
          notMigrated(
              o,
              "Godwit copies tables, not functions or procedures",
              sameFamily
                  ? "create it on the target before cutover from " + DEFINITION
                  : "rewrite it for %s (the source's is in %s) and create it on the target before cutover"
                      .formatted(target.displayName(), DEFINITION));
      case EVENT ->
          notMigrated(
              o,
              "a scheduled event on the target would write to tables the applier fills",
              targetDialect.hasScheduledEvents()
                  ? "after cutover, create it on the target from "
                      + DEFINITION
                      + " and disable it on the source (ALTER EVENT ... DISABLE)"
                  : "PostgreSQL has no scheduled events: after cutover, run its body from cron or"
                      + " pg_cron against the target and disable it on the source"
                      + " (ALTER EVENT ... DISABLE)");
      case SEQUENCE ->
          notMigrated(
              o,
              "no migrated column owns it, so Godwit neither creates it nor moves it past the"
                  + " source's values",
              sameFamily
                  ? "at cutover, after the freeze, create it on the target from %s and move it past the source's current value (PostgreSQL: setval; MariaDB: SETVAL)"
                      .formatted(DEFINITION)
                  : "at cutover, after the freeze, create an equivalent on the target (%s) starting past the source's current value"
                      .formatted(targetDialect.sequenceEquivalent()));
      case PARTITIONING ->
          notMigrated(
              o,
              "the rows are copied through the partitioned table into one unpartitioned table",
              "to keep the partitions, create the partitioned table on the target before godwit run"
                  + " (an empty table with the same columns is taken over); the source's"
                  + " partitioning is in "
                  + DEFINITION);
      case CHECK -> check(o);
      case COMMENT ->
          TableInventory.fits(TableInventory.asComment(o), targetDialect)
              ? notMigrated(
                  o,
                  "its table is not translated for the target (see the plan's blockers)",
                  "fix the blockers and run plan again")
              : notMigrated(
                  o,
                  "it is longer than MySQL allows (%d characters on a table, %d on a column)"
                      .formatted(
                          targetDialect.maxCommentLength(false),
                          targetDialect.maxCommentLength(true)),
                  "shorten it and set it on the target (ALTER TABLE ... COMMENT = or MODIFY COLUMN"
                      + " with the column's full definition); the source's is in "
                      + DEFINITION);
      case GRANT ->
          notMigrated(
              o,
              "privileges belong to the source server's users and roles, which Godwit does not"
                  + " create",
              sameFamily
                  ? "create the user or role on the target and grant it before the application"
                      + " connects there, from "
                      + DEFINITION
                  : "grant the equivalent %s privileges on the target to the application's user before it connects there (the source's are in %s)"
                      .formatted(target.displayName(), DEFINITION));
      case ON_UPDATE -> throw new IllegalArgumentException("a column, not an object: " + o);
    };
  }

  /** A CHECK constraint the target does not get, and why. */
  private InventoryItem check(SourceObject o) {
    String pgLock =
        targetDialect.addsChecksWithoutLongLock()
            ? "; add it NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT, to avoid a long lock"
            : "";
    if (source != target) {
      return notMigrated(
          o,
          "Godwit keeps CHECK constraints between tables of one engine only: the target would"
              + " accept rows the source refuses",
          "rewrite the expression (in %s) for %s and add it on the target after the copy%s"
              .formatted(DEFINITION, target.displayName(), pgLock));
    }
    if (o.carriable() != null) {
      return notMigrated(
          o,
          "its table is not translated for the target (see the plan's blockers)",
          "fix the blockers and run plan again");
    }
    return notMigrated(
        o,
        "Godwit keeps only CHECK constraints that hold for every source row and use nothing but"
            + " the table's columns and built-in functions; this one is NOT VALID or NOT ENFORCED"
            + " on the source, or uses a type or function of the schema",
        "once the rows satisfy it and what it uses exists on the target, add it on the target"
            + " after the copy from "
            + DEFINITION
            + pgLock);
  }

  static InventoryItem notMigrated(SourceObject o, String reason, String fix) {
    return new InventoryItem(
        o.kind(), o.name(), o.table(), Handling.NOT_MIGRATED, null, reason, fix, o.definition());
  }

  /** A sequence's name without its schema and quotes, as the inventory names it. */
  private static String unqualified(String sequence) {
    String name = sequence.substring(sequence.lastIndexOf('.') + 1);
    return name.startsWith("\"")
        ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
        : name;
  }
}
