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
    name = "cutover",
    description = {
      "Switch to the target through the running `godwit run`'s control API: check the"
          + " preconditions, freeze writes on the source, drain to proven zero lag, validate every"
          + " table, move sequences, done. Any failure unfreezes the source and streaming goes on.",
      "Exits 0 when the target has taken over, 1 when the cutover was refused or aborted."
    })
final class CutoverCommand implements Callable<Integer> {

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
      CutoverDocument view = godwit.abortCutover("aborted by the operator");
      String error = view.recorded() == null ? null : view.recorded().error();
      System.out.println("cutover: " + view.state().label() + "; " + (error == null ? "" : error));
      return 0;
    }
    Operator operator = new Operator(migration.name());
    CutoverDocument view = godwit.cutover(operator);
    if (operator.declined != null) {
      return operator.declined;
    }
    CutoverDocument.Recorded attempt = view.recorded();
    if (view.state() == AttemptState.DONE) {
      System.out.printf(
          "cutover: done; downtime %s s; source position at cutover: %s%n",
          attempt.downtimeSeconds(), attempt.sourcePosition());
      return 0;
    }
    System.err.println(
        "cutover: " + view.state().label() + ": " + (attempt == null ? null : attempt.error()));
    return Main.FAILURE;
  }

  /** The operator at this terminal: prints the checks and steps, asks on standard input. */
  private final class Operator implements CutoverOperator {

    private final String migration;
    private final BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final Set<String> printed = new HashSet<>();

    /** The exit code when the cutover did not go ahead; null when it did. */
    private Integer declined;

    Operator(String migration) {
      this.migration = migration;
    }

    @Override
    public boolean proceed(CutoverDocument check) throws IOException {
      printChecks(check);
      boolean ok = check.checked().checks().stream().allMatch(CutoverDocument.Check::ok);
      if (dryRun) {
        Double expected = check.checked().expectedFreezeSeconds();
        System.out.printf(
            "cutover --dry-run: would freeze writes (%s), drain, validate every table, move"
                + " sequences; expected freeze window about %s s%n",
            check.checked().freezeMode(), expected == null ? "?" : expected);
        declined = ok ? 0 : Main.FAILURE;
        return false;
      }
      if (!ok) {
        System.err.println("cutover: refused, the preconditions above do not hold");
        declined = Main.FAILURE;
        return false;
      }
      if (!yes) {
        System.out.printf(
            "Freeze writes on the source of %s now? Type the migration's name: ", migration);
        System.out.flush();
        String answer = in.readLine();
        if (answer == null || !answer.strip().equals(migration)) {
          System.err.println("cutover: not confirmed; nothing was done");
          declined = Main.FAILURE;
          return false;
        }
      }
      return true;
    }

    @Override
    public void progress(CutoverDocument view) {
      printSteps(view, printed);
    }

    @Override
    public void awaitWritesStopped() throws IOException {
      System.out.print("Stop the application's writes to the source, then press Enter: ");
      System.out.flush();
      in.readLine();
    }
  }

  static void printChecks(CutoverDocument view) {
    for (CutoverDocument.Check c : view.checked().checks()) {
      System.out.printf("  %s %s: %s%n", c.ok() ? "ok    " : "FAILED", c.name(), c.detail());
    }
  }

  static void printSteps(CutoverDocument view, Set<String> printed) {
    if (view.recorded() == null) {
      return;
    }
    for (CutoverDocument.Step s : view.recorded().steps()) {
      if (s.outcome() != null && printed.add(s.step())) {
        System.out.printf(
            "  %-13s %-7s %5s s  %s%n", s.step(), s.outcome(), s.seconds(), s.detail());
      }
    }
  }
}
