package io.godwit.cutover;

import io.godwit.config.CutoverSettings;
import io.godwit.schema.TargetTable;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ValidationRecords;
import io.godwit.state.ValidationResult;
import io.godwit.validate.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Cutover's validation through the {@link Validator} and its stored results. */
public final class ValidatorCheck implements FinalValidation {

  private final Validator validator;
  private final ValidationRecords records;
  private final CutoverRecords attempts;
  private static final int PARALLEL_TABLES = 4;

  /**
   * Key column types whose values Debezium's record key carries as the text validation binds:
   * integers (with a MySQL display width, as a MariaDB old source's own columns read) and
   * characters.
   */
  private static final Pattern PLAIN_KEY =
      Pattern.compile(
          "(smallint|integer|int|bigint|tinyint|mediumint)(\\(\\d+\\))?( unsigned)?"
              + "|(character varying|varchar|char|character|text)(\\(\\d+\\))?");

  private final Supplier<List<TargetTable>> tables;
  private final CutoverSettings.FinalValidation mode;
  private final ChangedKeys changedKeys;
  private final String validateCommand;
  private final String switchCommand;

  /**
   * The keys of a table changed since the given applied offsets; empty when they cannot be told.
   */
  public interface ChangedKeys {
    Optional<List<String[]>> since(TargetTable table, Map<AppliedOffsets.Partition, Long> offsets)
        throws Exception;
  }

  /**
   * @param attempts the switch's attempts: a result from before the newest rollback does not count
   * @param tables the tables as they are now (a column added during the run changes a table)
   * @param mode {@code cutover.final-validation}
   * @param changedKeys for {@link CutoverSettings.FinalValidation#CHANGED}
   * @param validateCommand the command whose results these are, named in a fix: {@code godwit
   *     validate}, or {@code godwit validate --reverse} for a rollback
   * @param switchCommand the command to try again once the tables are repaired: {@code godwit
   *     cutover} or {@code godwit rollback}
   */
  public ValidatorCheck(
      Validator validator,
      ValidationRecords records,
      CutoverRecords attempts,
      Supplier<List<TargetTable>> tables,
      CutoverSettings.FinalValidation mode,
      ChangedKeys changedKeys,
      String validateCommand,
      String switchCommand) {
    this.validator = validator;
    this.records = records;
    this.attempts = attempts;
    this.tables = tables;
    this.mode = mode;
    this.changedKeys = changedKeys;
    this.validateCommand = validateCommand;
    this.switchCommand = switchCommand;
  }

  @Override
  public Optional<String> lastProblem() throws Exception {
    Map<String, ValidationRecords.Stored> last =
        records.latest().stream()
            .collect(Collectors.toMap(ValidationRecords.Stored::table, s -> s));
    Optional<Instant> rolledBack = rolledBack();
    List<String> problems = new ArrayList<>();
    for (TargetTable t : tables.get()) {
      ValidationRecords.Stored s = last.get(t.source().name());
      if (s == null) {
        problems.add(t.source().name() + " never validated");
      } else if (rolledBack.isPresent() && s.finishedAt().isBefore(rolledBack.get())) {
        problems.add(
            "%s: last validated at %s, before the rollback at %s"
                .formatted(t.source().name(), s.finishedAt(), rolledBack.get()));
      } else if (!"clean".equals(s.outcome())) {
        problems.add(
            "%s: last validation %s (%d rows differ)"
                .formatted(t.source().name(), s.outcome(), s.differences()));
      }
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(
            String.join("; ", problems)
                + "; fix: run `%s` (with --repair)".formatted(validateCommand));
  }

  /**
   * When the newest rollback ended, if there was one. A validation before it compared the rows of
   * the first switch's time; the application then wrote on the other side, and those rows came back
   * by another stream, so a new switch needs a validation of its own.
   */
  private Optional<Instant> rolledBack() throws Exception {
    return attempts.all().stream()
        .filter(a -> a.state() == AttemptState.ROLLED_BACK)
        .map(CutoverRecords.Attempt::finishedAt)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder());
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
    List<TargetTable> full = new ArrayList<>();
    List<ValidationResult.TableResult> results = new ArrayList<>();
    long changed = 0;
    List<Future<ValidationResult.TableResult>> byKeys = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TABLES);
    try {
      for (TargetTable t : tables.get()) {
        Optional<List<String[]>> keys = Optional.empty();
        if (mode == CutoverSettings.FinalValidation.CHANGED && plainKey(t)) {
          Optional<Map<AppliedOffsets.Partition, Long>> baseline =
              records.baseline(t.source().name());
          if (baseline.isPresent()) {
            keys = changedKeys.since(t, baseline.get());
          }
        }
        if (keys.isPresent()) {
          List<String[]> k = keys.get();
          byKeys.add(pool.submit(() -> validator.validateKeys(t, k)));
          changed += k.size();
        } else {
          full.add(t);
        }
      }
      if (!full.isEmpty()) {
        results.addAll(validator.validate(full, false).tables());
      }
      for (Future<ValidationResult.TableResult> f : byKeys) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    ValidationResult result = new ValidationResult(results);
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
              + "; fix: run `%s --repair`, then `%s` again"
                  .formatted(validateCommand, switchCommand));
    }
    if (mode == CutoverSettings.FinalValidation.FULL) {
      return "%d tables, %,d rows equal on both sides".formatted(result.tables().size(), rows);
    }
    return "%d tables, %,d rows on each side; %d compared by their %,d changed keys and counts, %d in full"
        .formatted(
            result.tables().size(),
            rows,
            result.tables().size() - full.size(),
            changed,
            full.size());
  }

  /**
   * Whether the table's row key reads back from Debezium's record key as the text validation binds:
   * integer and character columns only.
   */
  static boolean plainKey(TargetTable table) {
    for (String key : table.primaryKey()) {
      String type =
          table.columns().stream()
              .filter(c -> c.name().equals(key))
              .findFirst()
              .map(c -> c.type().sqlType().toLowerCase(java.util.Locale.ROOT))
              .orElse("");
      if (!PLAIN_KEY.matcher(type).matches()) {
        return false;
      }
    }
    return true;
  }
}
