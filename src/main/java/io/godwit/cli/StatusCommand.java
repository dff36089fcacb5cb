package io.godwit.cli;

import io.godwit.Godwit;
import io.godwit.StoredStatus;
import io.godwit.config.MigrationConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
          + " target, so it works from any shell or machine that reaches the target. After a"
          + " cutover with rollback.reverse, the reverse stream too (lag, events applied and"
          + " errors per table, the latest rollback), read from the old source's state store.",
      "Exits 1 when a table has an error, on either side."
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
    StoredStatus status =
        new Godwit(migration, new SimpleMeterRegistry())
            .status(
                Optional.ofNullable(watch).map(Duration::ofSeconds),
                s -> {
                  String out =
                      config.json
                          ? Json.render(s.view()) + "\n"
                          : StatusText.render(
                              s.migration(),
                              s.tables(),
                              s.validations(),
                              s.cutover(),
                              s.view().reverse(),
                              Instant.now());
                  if (watch != null && !config.json) {
                    System.out.print("\033[H\033[2J");
                  }
                  System.out.print(out);
                  System.out.flush();
                });
    boolean stoppedBack = status.reverse() != null && status.reverse().stopped();
    return status.tables().stream().anyMatch(t -> t.error() != null) || stoppedBack
        ? Main.FAILURE
        : 0;
  }
}
