package io.godwit.cli;

import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.state.AttemptState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "cutover",
    description = {
      "Switch to the target through the running `godwit run`'s control API: check the"
          + " preconditions, freeze writes on the source, drain to proven zero lag, validate every"
          + " table, move sequences, done. Any failure unfreezes the source and streaming goes on.",
      "Exits 0 when the target has taken over, 1 when the cutover was refused or aborted."
    })
final class CutoverCommand implements Callable<Integer> {

  private static final TerminalOperator.Prompts PROMPTS =
      new TerminalOperator.Prompts(
          "cutover",
          "freeze writes (%s), drain, validate every table, move sequences",
          "Freeze writes on the source of %s now?",
          "source",
          "");

  @Mixin ConfigOption config;

  @Option(
      names = "--dry-run",
      description = "Only check the preconditions and print the expected freeze window.")
  boolean dryRun;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--abort", description = "Abort the cutover in progress; the source is unfrozen.")
  boolean abort;

  @Override
  public Integer call() throws Exception {
    MigrationConfig migration = config.load();
    Godwit godwit = new Godwit(migration, new SimpleMeterRegistry());
    if (abort) {
      return TerminalOperator.aborted(PROMPTS, godwit.abortCutover("aborted by the operator"));
    }
    return new TerminalOperator(PROMPTS, migration.name(), dryRun, yes)
        .run(
            godwit::cutover,
            AttemptState.DONE,
            attempt ->
                "cutover: done; downtime %s s; source position at cutover: %s"
                    .formatted(attempt.downtimeSeconds(), attempt.sourcePosition()));
  }
}
