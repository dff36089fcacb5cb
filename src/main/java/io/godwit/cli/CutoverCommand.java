package io.godwit.cli;

import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlClient;
import io.godwit.state.AttemptState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
      Map<String, Object> view =
          client.post(
              "/api/cutover/abort",
              Map.of("reason", "aborted by the operator"),
              Duration.ofSeconds(60));
      System.out.println("cutover: " + view.get("state") + "; " + view.getOrDefault("error", ""));
      return 0;
    }
    Map<String, Object> check =
        client.post("/api/cutover", Map.of("dryRun", true), Duration.ofSeconds(60));
    printChecks(check);
    boolean ok =
        ((List<?>) check.get("checks"))
            .stream().allMatch(c -> Boolean.TRUE.equals(((Map<?, ?>) c).get("ok")));
    if (dryRun) {
      System.out.printf(
          "cutover --dry-run: would freeze writes (%s), drain, validate every table, move sequences;"
              + " expected freeze window about %s s%n",
          check.get("freezeMode"), check.get("expectedFreezeSeconds"));
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
    Map<String, Object> view =
        client.post("/api/cutover", Map.of("dryRun", false), Duration.ofSeconds(60));
    Thread abortOnSignal =
        new Thread(
            () -> {
              try {
                client.post(
                    "/api/cutover/abort",
                    Map.of("reason", "the operator interrupted `godwit cutover`"),
                    Duration.ofSeconds(60));
              } catch (Exception e) {
                System.err.println("cutover: could not abort: " + e.getMessage());
              }
            });
    Runtime.getRuntime().addShutdownHook(abortOnSignal);
    Set<String> printed = new HashSet<>();
    try {
      while (true) {
        printSteps(view, printed);
        AttemptState state = AttemptState.of(String.valueOf(view.get("state")));
        if (state == AttemptState.WAITING_FOR_OPERATOR) {
          System.out.print("Stop the application's writes to the source, then press Enter: ");
          System.out.flush();
          in.readLine();
          client.post("/api/cutover/confirm", Map.of(), Duration.ofSeconds(30));
        } else if (state != AttemptState.RUNNING) {
          break;
        }
        Thread.sleep(250);
        view = client.get("/api/cutover");
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(abortOnSignal);
    }
    if (AttemptState.of(String.valueOf(view.get("state"))) == AttemptState.DONE) {
      System.out.printf(
          "cutover: done; downtime %s s; source position at cutover: %s%n",
          view.get("downtimeSeconds"), view.get("sourcePosition"));
      return 0;
    }
    System.err.println("cutover: " + view.get("state") + ": " + view.get("error"));
    return Main.FAILURE;
  }

  private static void printChecks(Map<String, Object> view) {
    for (Object o : (List<?>) view.get("checks")) {
      Map<?, ?> c = (Map<?, ?>) o;
      System.out.printf(
          "  %s %s: %s%n",
          Boolean.TRUE.equals(c.get("ok")) ? "ok    " : "FAILED", c.get("name"), c.get("detail"));
    }
  }

  private static void printSteps(Map<String, Object> view, Set<String> printed) {
    Object steps = view.get("steps");
    if (!(steps instanceof List<?> list)) {
      return;
    }
    for (Object o : list) {
      Map<?, ?> s = (Map<?, ?>) o;
      if (s.get("outcome") != null && printed.add(String.valueOf(s.get("step")))) {
        System.out.printf(
            "  %-13s %-7s %5s s  %s%n",
            s.get("step"), s.get("outcome"), s.get("seconds"), s.get("detail"));
      }
    }
  }
}
