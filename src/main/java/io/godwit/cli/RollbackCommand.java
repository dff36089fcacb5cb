package io.godwit.cli;

import io.godwit.CutoverOperator;
import io.godwit.Godwit;
import io.godwit.config.MigrationConfig;
import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
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
      CutoverDocument view = godwit.abortRollback("aborted by the operator");
      String error = view.recorded() == null ? null : view.recorded().error();
      System.out.println("rollback: " + view.state().label() + "; " + (error == null ? "" : error));
      return 0;
    }
    Operator operator = new Operator(migration.name());
    CutoverDocument view = godwit.rollback(operator);
    if (operator.declined != null) {
      return operator.declined;
    }
    CutoverDocument.Recorded attempt = view.recorded();
    if (view.state() == AttemptState.ROLLED_BACK) {
      System.out.printf(
          "rollback: rolled-back; downtime %s s (target frozen to old source writable); target"
              + " position at the freeze: %s; the target stays frozen%n",
          attempt.downtimeSeconds(), attempt.sourcePosition());
      return 0;
    }
    System.err.println(
        "rollback: " + view.state().label() + ": " + (attempt == null ? null : attempt.error()));
    return Main.FAILURE;
  }

  /** The operator at this terminal: prints the checks and steps, asks on standard input. */
  private final class Operator implements CutoverOperator {

    private final String migration;
    private final BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final Set<String> printed = new HashSet<>();

    /** The exit code when the rollback did not go ahead; null when it did. */
    private Integer declined;

    Operator(String migration) {
      this.migration = migration;
    }

    @Override
    public boolean proceed(CutoverDocument check) throws IOException {
      CutoverCommand.printChecks(check);
      boolean ok = check.checked().checks().stream().allMatch(CutoverDocument.Check::ok);
      if (dryRun) {
        Double expected = check.checked().expectedFreezeSeconds();
        System.out.printf(
            "rollback --dry-run: would freeze writes on the target (%s), drain the reverse"
                + " stream, validate every table, set the old source's counters and unfreeze it;"
                + " expected freeze window about %s s%n",
            check.checked().freezeMode(), expected == null ? "?" : expected);
        declined = ok ? 0 : Main.FAILURE;
        return false;
      }
      if (!ok) {
        System.err.println("rollback: refused, the preconditions above do not hold");
        declined = Main.FAILURE;
        return false;
      }
      if (!yes) {
        if (System.console() == null) {
          System.err.println(
              "rollback: refused: not an interactive shell, so nobody can confirm; nothing was"
                  + " done; fix: pass --yes to roll back without being asked");
          declined = Main.FAILURE;
          return false;
        }
        System.out.printf(
            "Freeze writes on the target of %s and go back to the old source now? Type the"
                + " migration's name: ",
            migration);
        System.out.flush();
        String answer = in.readLine();
        if (answer == null || !answer.strip().equals(migration)) {
          System.err.println("rollback: not confirmed; nothing was done");
          declined = Main.FAILURE;
          return false;
        }
      }
      return true;
    }

    @Override
    public void progress(CutoverDocument view) {
      CutoverCommand.printSteps(view, printed);
    }

    @Override
    public void awaitWritesStopped() throws IOException {
      System.out.print("Stop the application's writes to the target, then press Enter: ");
      System.out.flush();
      in.readLine();
    }
  }
}
