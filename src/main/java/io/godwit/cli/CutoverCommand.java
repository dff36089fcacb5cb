package io.godwit.cli;

import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;
import java.io.BufferedReader;
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
    ControlClient client = new ControlClient(migration.control());
    if (abort) {
      CutoverDocument view = client.abort("aborted by the operator");
      String error = view.recorded() == null ? null : view.recorded().error();
      System.out.println("cutover: " + view.state().label() + "; " + (error == null ? "" : error));
      return 0;
    }
    CutoverDocument check = client.cutover(true);
    printChecks(check);
    boolean ok = check.checked().checks().stream().allMatch(CutoverDocument.Check::ok);
    if (dryRun) {
      Double expected = check.checked().expectedFreezeSeconds();
      System.out.printf(
          "cutover --dry-run: would freeze writes (%s), drain, validate every table, move sequences;"
              + " expected freeze window about %s s%n",
          check.checked().freezeMode(), expected == null ? "?" : expected);
      return ok ? 0 : Main.FAILURE;
    }
    if (!ok) {
      System.err.println("cutover: refused, the preconditions above do not hold");
      return Main.FAILURE;
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!yes) {
      System.out.printf(
          "Freeze writes on the source of %s now? Type the migration's name: ", migration.name());
      System.out.flush();
      String answer = in.readLine();
      if (answer == null || !answer.strip().equals(migration.name())) {
        System.err.println("cutover: not confirmed; nothing was done");
        return Main.FAILURE;
      }
    }
    CutoverDocument view = client.cutover(false);
    Thread abortOnSignal =
        new Thread(
            () -> {
              try {
                client.abort("the operator interrupted `godwit cutover`");
              } catch (Exception e) {
                System.err.println("cutover: could not abort: " + e.getMessage());
              }
            });
    Runtime.getRuntime().addShutdownHook(abortOnSignal);
    Set<String> printed = new HashSet<>();
    try {
      while (true) {
        printSteps(view, printed);
        if (view.state() == AttemptState.WAITING_FOR_OPERATOR) {
          System.out.print("Stop the application's writes to the source, then press Enter: ");
          System.out.flush();
          in.readLine();
          client.confirm();
        } else if (view.state() != AttemptState.RUNNING) {
          break;
        }
        Thread.sleep(250);
        view = client.cutoverView();
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(abortOnSignal);
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

  private static void printChecks(CutoverDocument view) {
    for (CutoverDocument.Check c : view.checked().checks()) {
      System.out.printf("  %s %s: %s%n", c.ok() ? "ok    " : "FAILED", c.name(), c.detail());
    }
  }

  private static void printSteps(CutoverDocument view, Set<String> printed) {
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
