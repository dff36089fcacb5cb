package io.godwit.cli;

import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.state.Difference;
import io.godwit.state.ValidationResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    description = {
      "Compare source and target row for row, in canonical form. While `godwit run` streams, a"
          + " row that differs is rechecked after the applier caught up, so rows in flight are not"
          + " reported. Results are kept in the state store and shown by `godwit status`.",
      "Exits 1 when a table differs or could not be compared."
    })
final class ValidateCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--tables",
      split = ",",
      paramLabel = "NAME",
      description = "Only these source tables (default: every migrated table).")
  List<String> tables;

  @Option(
      names = "--repair",
      description =
          "Rewrite the rows that differ from the source (delete plus insert by key, one"
              + " transaction per row), then check them again.")
  boolean repair;

  @Option(
      names = "--reverse",
      description =
          "After a cutover with rollback.reverse: compare the old source with the target, the"
              + " target read as the source, while the reverse stream runs (rows in flight are"
              + " rechecked after it caught up); with --repair, rewrite the old source's rows"
              + " from the target. `godwit rollback` needs this comparison clean.")
  boolean reverse;

  @Override
  public Integer call() throws Exception {
    MigrationConfig migration = config.load();
    Godwit godwit = new Godwit(migration, new SimpleMeterRegistry());
    List<String> names = tables == null ? List.of() : tables;
    ValidationResult result =
        reverse ? godwit.validateReverse(names, repair) : godwit.validate(names, repair);
    if (config.json) {
      System.out.println(Json.render(result));
    } else {
      System.out.print(render(result, reverse));
    }
    return result.clean() ? 0 : Main.FAILURE;
  }

  static String render(ValidationResult result, boolean reverse) {
    StringBuilder out = new StringBuilder();
    for (ValidationResult.TableResult t : result.tables()) {
      if (t.error() != null) {
        out.append("%-30s FAILED: %s%n".formatted(t.table(), t.error()));
        continue;
      }
      out.append(
          "%-30s %-11s %,12d rows  %6.1f s  %,9.0f rows/s"
              .formatted(t.table(), t.outcome(), t.sourceRows(), t.seconds(), t.rowsPerSecond()));
      if (t.differenceCount() > 0) {
        out.append(
            "  missing %d, extra %d, different %d, changing %d"
                .formatted(t.missing(), t.extra(), t.different(), t.changing()));
      }
      if (t.repairedUpserts() + t.repairedDeletes() > 0) {
        out.append(
            "  repaired: %d rewritten, %d deleted"
                .formatted(t.repairedUpserts(), t.repairedDeletes()));
      }
      out.append('\n');
      for (Difference d : t.differences()) {
        out.append(
            "    %-9s key %s%s%n"
                .formatted(
                    d.kind().name().toLowerCase(java.util.Locale.ROOT),
                    d.key(),
                    d.columns().isEmpty() ? "" : " columns " + d.columns()));
      }
      if (t.differences().size() < t.differenceCount()) {
        out.append(
            "    ... and %d more (the counts above are exact)%n"
                .formatted(t.differenceCount() - t.differences().size()));
      }
    }
    if (result.clean()) {
      out.append("validate: every table is equal on both sides\n");
    } else if (reverse) {
      out.append(
          "validate: differences found; fix: `godwit validate --reverse --repair` rewrites the old"
              + " source's rows from the target\n");
    } else {
      out.append(
          "validate: differences found; fix: `godwit validate --repair` rewrites them from the"
              + " source\n");
    }
    return out.toString();
  }
}
