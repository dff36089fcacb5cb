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
    name = "rollback",
    description = {
      "Go back to the old source after a cutover, through the running `godwit run` that streams"
          + " the target's changes back to it (rollback.reverse): check the preconditions, freeze"
          + " writes on the target, drain the reverse stream to proven zero lag, validate every"
          + " table, set the old source's identity counters past the target's, unfreeze the old"
          + " source, run rollback.done-hook. Any failure before the old source is unfrozen"
          + " unfreezes the target and the reverse stream goes on.",
      "Exits 0 when the old source has taken over again, 1 when the rollback was refused or"
          + " aborted."
    })
final class RollbackCommand implements Callable<Integer> {

  private static final TerminalOperator.Prompts PROMPTS =
      new TerminalOperator.Prompts(
          "rollback",
          "freeze writes on the target (%s), drain the reverse stream, validate every table, set"
              + " the old source's counters and unfreeze it",
          "Freeze writes on the target of %s and go back to the old source now?",
          "target",
          "not an interactive shell, so nobody can confirm; nothing was done; fix: pass --yes to"
              + " roll back without being asked");

  @Mixin ConfigOption config;

  @Option(
      names = "--dry-run",
      description = "Only check the preconditions and print the expected freeze window.")
  boolean dryRun;

  @Option(
      names = "--yes",
      description = "Do not ask for confirmation (needed where standard input is not a terminal).")
  boolean yes;

  @Option(
      names = "--abort",
      description = "Abort the rollback in progress; the target is unfrozen.")
  boolean abort;

  @Override
  public Integer call() throws Exception {
    MigrationConfig migration = config.load();
    Godwit godwit = new Godwit(migration, new SimpleMeterRegistry());
    if (abort) {
      return TerminalOperator.aborted(PROMPTS, godwit.abortRollback("aborted by the operator"));
    }
    return new TerminalOperator(PROMPTS, migration.name(), dryRun, yes)
        .run(
            godwit::rollback,
            AttemptState.ROLLED_BACK,
            attempt ->
                ("rollback: rolled-back; downtime %s s (target frozen to old source writable);"
                        + " target position at the freeze: %s; the target stays frozen")
                    .formatted(attempt.downtimeSeconds(), attempt.sourcePosition()));
  }
}
