package io.godwit.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.control.StatusView;
import io.godwit.db.Pools;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationRecords;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = {
      "One line per table (phase, copied %, rows, events applied, lag, last validation, ETA of"
          + " the copy), a summary line and the cutover's state, read from the state store in the"
          + " target, so it works from any shell or machine that reaches the target.",
      "Exits 1 when a table has an error."
    })
final class StatusCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Option(
      names = "--watch",
      paramLabel = "SECONDS",
      arity = "0..1",
      fallbackValue = "2",
      description = "Redraw every SECONDS seconds (default 2) until interrupted.")
  Integer watch;

  @Override
  public Integer call() throws Exception {
    if (watch != null && watch < 1) {
      throw new ParameterException(
          spec.commandLine(), "--watch must be 1 second or more; fix: write --watch or --watch 5");
    }
    MigrationConfig migration = config.load();
    try (HikariDataSource target = Pools.open(migration.target(), "target", 0)) {
      StatusReader reader = new StatusReader(target);
      ValidationRecords validationRecords = new ValidationRecords(target, migration.name());
      CutoverRecords cutovers = new CutoverRecords(target, migration.name());
      while (true) {
        List<StatusReader.TableStatus> tables = reader.tables(migration.name());
        List<ValidationRecords.Stored> validations = validationRecords.latest();
        CutoverRecords.Attempt cutover = cutovers.latest().orElse(null);
        String out =
            config.json
                ? Json.render(StatusView.stored(migration.name(), tables, validations, cutover))
                    + "\n"
                : StatusText.render(migration.name(), tables, validations, cutover, Instant.now());
        if (watch != null && !config.json) {
          System.out.print("\033[H\033[2J");
        }
        System.out.print(out);
        System.out.flush();
        if (watch == null) {
          return tables.stream().anyMatch(t -> t.error() != null) ? Main.FAILURE : 0;
        }
        Thread.sleep(watch * 1000L);
      }
    }
  }
}
