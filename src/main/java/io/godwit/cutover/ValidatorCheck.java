package io.godwit.cutover;

import io.godwit.schema.TargetTable;
import io.godwit.state.ValidationRecords;
import io.godwit.validate.ValidationResult;
import io.godwit.validate.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Cutover's validation through the {@link Validator} and its stored results. */
public final class ValidatorCheck implements FinalValidation {

  private final Validator validator;
  private final ValidationRecords records;
  private final Supplier<List<TargetTable>> tables;

  /**
   * @param tables the tables as they are now (a column added during the run changes a table)
   */
  public ValidatorCheck(
      Validator validator, ValidationRecords records, Supplier<List<TargetTable>> tables) {
    this.validator = validator;
    this.records = records;
    this.tables = tables;
  }

  @Override
  public Optional<String> lastProblem() throws Exception {
    Map<String, ValidationRecords.Stored> last =
        records.latest().stream()
            .collect(Collectors.toMap(ValidationRecords.Stored::table, s -> s));
    List<String> problems = new ArrayList<>();
    for (TargetTable t : tables.get()) {
      ValidationRecords.Stored s = last.get(t.source().name());
      if (s == null) {
        problems.add(t.source().name() + " never validated");
      } else if (!"clean".equals(s.outcome())) {
        problems.add(
            "%s: last validation %s (%d rows differ)"
                .formatted(t.source().name(), s.outcome(), s.differences()));
      }
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join("; ", problems) + "; fix: run `godwit validate` (with --repair)");
  }

  @Override
  public double expectedSeconds() throws Exception {
    double total = 0;
    for (ValidationRecords.Stored s : records.latest()) {
      total = Math.max(total, s.seconds());
    }
    return records.latest().isEmpty() ? Double.NaN : total;
  }

  @Override
  public String validate() throws Exception {
    ValidationResult result = validator.validate(tables.get(), false);
    long rows = result.tables().stream().mapToLong(ValidationResult.TableResult::sourceRows).sum();
    if (!result.clean()) {
      throw new CutoverException(
          "the final validation found differences: "
              + result.tables().stream()
                  .filter(t -> !"clean".equals(t.outcome()))
                  .map(
                      t ->
                          t.error() != null
                              ? t.table() + " (" + t.error() + ")"
                              : "%s (%d missing, %d extra, %d different)"
                                  .formatted(t.table(), t.missing(), t.extra(), t.different()))
                  .collect(Collectors.joining("; "))
              + "; fix: run `godwit validate --repair`, then cut over again");
    }
    return "%d tables, %,d rows equal on both sides".formatted(result.tables().size(), rows);
  }
}
