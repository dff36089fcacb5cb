package io.godwit.plan;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.Index;
import io.godwit.schema.InnoDbSizes;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The limits a MySQL or MariaDB target enforces when it creates a table, computed the way InnoDB
 * does, so that a ready plan does not fail on its DDL: the primary key's and each unique key's
 * bytes (MariaDB keeps a longer unique key as a hash, MySQL refuses it), and the row size.
 * Non-unique indexes are fitted by the translation itself.
 */
final class InnoDbLimits {

  private InnoDbLimits() {}

  static List<Finding> check(TargetTable t, Dialect target) {
    if (!target.hasInnoDbLimits()) {
      return List.of();
    }
    String subject = "table " + t.source().name();
    Map<String, TargetColumn> columns =
        t.columns().stream().collect(Collectors.toMap(TargetColumn::name, Function.identity()));
    List<Finding> findings = new ArrayList<>();
    try {
      if (!t.primaryKey().isEmpty()) {
        key(t, "primary key", t.primaryKey().stream().map(Index.Part::of).toList(), columns)
            .ifPresent(findings::add);
      }
      for (Index index : t.indexes()) {
        if (index.unique() && target.refusesLongUniqueKeys() && !index.hasExpressions()) {
          key(t, "unique index " + index.name(), index.columns(), columns).ifPresent(findings::add);
        }
      }
      row(t).ifPresent(findings::add);
    } catch (IllegalArgumentException e) {
      findings.add(
          Finding.warning(
              subject,
              "the sizes of %s were not checked against InnoDB's limits: %s"
                  .formatted(t.name(), e.getMessage()),
              "check the DDL below on a scratch database before the run"));
    }
    return findings;
  }

  private static Optional<Finding> key(
      TargetTable t, String what, List<Index.Part> parts, Map<String, TargetColumn> columns) {
    int total = 0;
    int fixed = 0;
    List<TargetColumn> text = new ArrayList<>();
    TargetColumn unindexable = null;
    for (Index.Part part : parts) {
      TargetColumn column = columns.get(part.column());
      String type = column.type().sqlType();
      OptionalInt bytes = InnoDbSizes.keyBytes(type, part.prefixLength());
      if (bytes.isEmpty()) {
        unindexable = column;
        text.add(column);
        continue;
      }
      total += bytes.getAsInt();
      if (InnoDbSizes.isCharacterData(type)) {
        text.add(column);
      } else {
        fixed += bytes.getAsInt();
      }
    }
    if (unindexable == null && total <= InnoDbSizes.MAX_KEY_BYTES) {
      return Optional.empty();
    }
    String problem =
        unindexable == null
            ? "takes %d bytes (%s in utf8mb4), more than InnoDB's %d"
                .formatted(total, describe(parts, columns), InnoDbSizes.MAX_KEY_BYTES)
            : "holds column %s of type %s, which InnoDB cannot have in a key whole"
                .formatted(unindexable.name(), unindexable.type().sqlType());
    int chars = text.isEmpty() ? 0 : (InnoDbSizes.MAX_KEY_BYTES - fixed) / text.size() / 4;
    String fix =
        chars < 1
            ? "migrate the table to a target whose keys can hold it, or leave it out"
            : "shorten the key's text columns with tables.column-types, e.g. "
                + text.stream()
                    .map(
                        c ->
                            "\"%s.%s\": varchar(%d)"
                                .formatted(t.source().name(), c.source().name(), chars))
                    .collect(Collectors.joining(", "))
                + " (a longer value would then not fit: check the source's longest)";
    return Optional.of(
        Finding.blocker(
            "table " + t.source().name(),
            "%s of %s %s: the target would refuse the table".formatted(what, t.name(), problem),
            fix));
  }

  private static String describe(List<Index.Part> parts, Map<String, TargetColumn> columns) {
    return parts.stream()
        .map(p -> p.column() + " " + columns.get(p.column()).type().sqlType())
        .collect(Collectors.joining(", "));
  }

  private static Optional<Finding> row(TargetTable t) {
    int nullable = 0;
    int total = 0;
    for (TargetColumn c : t.columns()) {
      total += InnoDbSizes.rowBytes(c.type().sqlType());
      nullable += c.source().nullable() ? 1 : 0;
    }
    total += (nullable + 7) / 8;
    if (total <= InnoDbSizes.MAX_ROW_BYTES) {
      return Optional.empty();
    }
    List<TargetColumn> widest =
        t.columns().stream()
            .filter(c -> InnoDbSizes.isCharacterData(c.type().sqlType()))
            .sorted(
                Comparator.comparingInt(
                        (TargetColumn c) -> InnoDbSizes.rowBytes(c.type().sqlType()))
                    .reversed())
            .limit(3)
            .toList();
    String fix =
        widest.isEmpty()
            ? "leave some columns out of the migration or split the table"
            : "store the widest columns as text, whose bytes live outside the row: tables.column-types: "
                + widest.stream()
                    .map(c -> "\"%s.%s\": text".formatted(t.source().name(), c.source().name()))
                    .collect(Collectors.joining(", "));
    return Optional.of(
        Finding.blocker(
            "table " + t.source().name(),
            "a row of %s takes up to %d bytes on InnoDB, more than its %d: the target would refuse the table"
                .formatted(t.name(), total, InnoDbSizes.MAX_ROW_BYTES),
            fix));
  }
}
