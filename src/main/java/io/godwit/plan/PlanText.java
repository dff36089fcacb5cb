package io.godwit.plan;

import io.godwit.db.Finding;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.SourceObject;
import java.util.List;
import java.util.Locale;

/** Renders a {@link PlanResult} for a person at a terminal. */
public final class PlanText {

  private PlanText() {}

  public static String render(PlanResult plan) {
    StringBuilder out = new StringBuilder();
    out.append("Plan for migration ").append(plan.migration()).append('\n');
    side(out, "source", plan.source());
    side(out, "target", plan.target());

    long rows = plan.tables().stream().mapToLong(PlanResult.PlannedTable::estimatedRows).sum();
    long bytes = plan.tables().stream().mapToLong(PlanResult.PlannedTable::estimatedBytes).sum();
    out.append(
        "\nTables: %d, about %,d rows and %s\n"
            .formatted(plan.tables().size(), rows, Sizes.human(bytes)));
    int width = plan.tables().stream().mapToInt(t -> t.source().length()).max().orElse(5);
    for (PlanResult.PlannedTable t : plan.tables()) {
      String line = "  %-" + width + "s -> %-" + width + "s  ~%,12d rows  %9s  %s%s\n";
      out.append(
          line.formatted(
              t.source(),
              t.target(),
              t.estimatedRows(),
              Sizes.human(t.estimatedBytes()),
              t.key().isEmpty() ? "no key" : "key (" + String.join(", ", t.key()) + ")",
              t.existsOnTarget() ? "  [exists on target]" : ""));
    }

    List<ColumnMapping> mappings = plan.mappings();
    out.append(
        "\nColumn mappings that are not exact or that values can stop: %d\n"
            .formatted(mappings.size()));
    int name =
        mappings.stream()
            .mapToInt(m -> m.table().length() + m.column().length() + 1)
            .max()
            .orElse(1);
    int from = mappings.stream().mapToInt(m -> m.sourceType().length()).max().orElse(1);
    int to = mappings.stream().mapToInt(m -> m.targetType().length()).max().orElse(1);
    int fidelity = mappings.stream().mapToInt(m -> fidelity(m).length()).max().orElse(1);
    String line = "  %-" + name + "s  %-" + from + "s -> %-" + to + "s  %-" + fidelity + "s  %s\n";
    for (ColumnMapping m : mappings) {
      out.append(
          line.formatted(
              m.table() + "." + m.column(), m.sourceType(), m.targetType(), fidelity(m), m.note()));
    }

    out.append("\nDDL before the copy: %d statements\n".formatted(plan.ddl().size()));
    plan.ddl().forEach(s -> out.append(indent(s)).append(";\n"));
    out.append(
        "\nDDL after the copy (indexes, then foreign keys): %d statements\n"
            .formatted(plan.deferredDdl().size()));
    plan.deferredDdl().forEach(s -> out.append(indent(s)).append(";\n"));

    inventory(out, plan.inventory());

    out.append(
        "\nFindings: %d blockers, %d warnings\n".formatted(plan.blockers(), plan.warnings()));
    for (Finding f : plan.findings()) {
      out.append("  %-7s %s: %s\n".formatted(f.severity(), f.subject(), f.message()));
      if (!f.fix().isEmpty()) {
        out.append("          fix: ").append(f.fix()).append('\n');
      }
    }
    out.append('\n');
    if (plan.hasBlockers()) {
      out.append("Result: %d blockers; fix them and run plan again.\n".formatted(plan.blockers()));
    } else {
      out.append(
          "Result: ready. Next: godwit run -c <file> (or godwit snapshot for a one-off copy).\n");
    }
    return out.toString();
  }

  /** What is not migrated, each with its reason and fix, then what is carried. */
  private static void inventory(StringBuilder out, List<InventoryItem> inventory) {
    List<InventoryItem> missing = inventory.stream().filter(i -> !i.carried()).toList();
    out.append("\nNot migrated: %d objects\n".formatted(missing.size()));
    if (!missing.isEmpty()) {
      out.append(
          "  (definitions in plan --json, inventory[].definition, name the source schema)\n");
    }
    for (InventoryItem i : missing) {
      out.append("  %s %s: not migrated: %s\n".formatted(kind(i), label(i), i.reason()));
      out.append("          fix: ").append(i.fix()).append('\n');
    }
    List<InventoryItem> carried = inventory.stream().filter(InventoryItem::carried).toList();
    out.append("\nCarried: %d objects\n".formatted(carried.size()));
    for (InventoryItem i : carried) {
      out.append("  %s %s: carried %s: %s\n".formatted(kind(i), label(i), i.stage(), i.reason()));
    }
  }

  private static String kind(InventoryItem item) {
    return item.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String label(InventoryItem item) {
    if (item.table() == null) {
      return item.kind() == SourceObject.Kind.GRANT ? item.name() + " on the schema" : item.name();
    }
    return item.name().equals(item.table()) || item.name().startsWith(item.table() + ".")
        ? item.name()
        : item.name() + " on " + item.table();
  }

  /** The fidelity, and for a profiled mapping how many rows it changes ("lossy, 3 rows"). */
  private static String fidelity(ColumnMapping m) {
    String name = m.fidelity().name().toLowerCase(Locale.ROOT);
    ColumnMapping.Profile p = m.profile();
    if (p == null) {
      return name;
    }
    String rows = p.affected() == 0 ? "no rows" : "%,d rows".formatted(p.affected());
    return name + ", " + rows + (p.complete() ? "" : " of first " + "%,d".formatted(p.scanned()));
  }

  private static void side(StringBuilder out, String label, PlanResult.Side side) {
    out.append(
        "  %s  %s %s  %s  (schema %s)\n"
            .formatted(label, side.engine(), side.version(), side.url(), side.schema()));
  }

  private static String indent(String sql) {
    return "  " + sql.replace("\n", "\n  ");
  }
}
