package io.godwit.plan;

import io.godwit.db.Finding;
import io.godwit.schema.Column;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A target table that already exists: the same columns can be reused, others are a blocker. */
final class TargetConflicts {

  private TargetConflicts() {}

  static boolean sameColumns(TargetTable wanted, Table existing) {
    return columnNames(wanted).equals(existingNames(existing));
  }

  static Finding finding(TargetTable wanted, Table existing) {
    Set<String> want = columnNames(wanted);
    Set<String> have = existingNames(existing);
    List<String> missing = new ArrayList<>(want);
    missing.removeAll(have);
    List<String> extra = new ArrayList<>(have);
    extra.removeAll(want);
    return Finding.blocker(
        "target table " + wanted.name(),
        ("target table %s.%s must have the columns (%s), found it already exists with (%s):"
                + " missing %s, extra %s")
            .formatted(
                wanted.schema(),
                wanted.name(),
                String.join(", ", want),
                String.join(", ", have),
                missing.isEmpty() ? "none" : String.join(", ", missing),
                extra.isEmpty() ? "none" : String.join(", ", extra)),
        "drop or rename the target table, or map %s to another name with tables.rename"
            .formatted(wanted.source().name()));
  }

  private static Set<String> columnNames(TargetTable t) {
    Set<String> names = new LinkedHashSet<>();
    t.columns().forEach(c -> names.add(c.name()));
    return names;
  }

  private static Set<String> existingNames(Table t) {
    Set<String> names = new LinkedHashSet<>();
    t.columns().stream().map(Column::name).forEach(names::add);
    return names;
  }
}
