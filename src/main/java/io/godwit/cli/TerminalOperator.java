package io.godwit.cli;

import io.godwit.CutoverOperator;
import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator of {@code godwit cutover} or {@code godwit rollback} at this terminal: prints the
 * checks and steps, asks on standard input, and turns how the switch ended into the exit code.
 */
final class TerminalOperator implements CutoverOperator {

  /**
   * What one switch says to the operator.
   *
   * @param command {@code cutover} or {@code rollback}
   * @param plan what a dry run would do, before its expected freeze window
   * @param question asked before the freeze, before the request to type the migration's name
   * @param frozen the database whose application writes a manual freeze waits on
   * @param notInteractive the refusal where nobody can answer (no console); empty to ask anyway
   */
  record Prompts(
      String command, String plan, String question, String frozen, String notInteractive) {}

  /** Runs a switch for an operator. */
  @FunctionalInterface
  interface Switch {
    CutoverDocument drive(CutoverOperator operator) throws Exception;
  }

  private final Prompts prompts;
  private final String migration;
  private final boolean dryRun;
  private final boolean yes;
  private final BufferedReader in =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  private final Set<String> printed = new HashSet<>();

  /** The exit code when the switch did not go ahead; null when it did. */
  private Integer declined;

  TerminalOperator(Prompts prompts, String migration, boolean dryRun, boolean yes) {
    this.prompts = prompts;
    this.migration = migration;
    this.dryRun = dryRun;
    this.yes = yes;
  }

  /**
   * Runs {@code sw} for this operator.
   *
   * @param end the state the attempt ends in once the switch took place
   * @param done what to print then
   * @return 0 when the switch took place or a dry run's preconditions hold, else {@link
   *     Main#FAILURE}
   */
  int run(Switch sw, AttemptState end, Function<CutoverDocument.Recorded, String> done)
      throws Exception {
    CutoverDocument view = sw.drive(this);
    if (declined != null) {
      return declined;
    }
    CutoverDocument.Recorded attempt = view.recorded();
    if (view.state() == end) {
      System.out.println(done.apply(attempt));
      return 0;
    }
    System.err.println(
        prompts.command()
            + ": "
            + view.state().label()
            + ": "
            + (attempt == null ? null : attempt.error()));
    return Main.FAILURE;
  }

  /** Prints how {@code --abort} left the attempt. */
  static int aborted(Prompts prompts, CutoverDocument view) {
    String error = view.recorded() == null ? null : view.recorded().error();
    System.out.println(
        prompts.command() + ": " + view.state().label() + "; " + (error == null ? "" : error));
    return 0;
  }

  @Override
  public boolean proceed(CutoverDocument check) throws IOException {
    for (CutoverDocument.Check c : check.checked().checks()) {
      System.out.printf("  %s %s: %s%n", c.ok() ? "ok    " : "FAILED", c.name(), c.detail());
    }
    boolean ok = check.checked().checks().stream().allMatch(CutoverDocument.Check::ok);
    if (dryRun) {
      Double expected = check.checked().expectedFreezeSeconds();
      System.out.printf(
          "%s --dry-run: would %s; expected freeze window about %s s%n",
          prompts.command(),
          prompts.plan().formatted(check.checked().freezeMode()),
          expected == null ? "?" : expected);
      declined = ok ? 0 : Main.FAILURE;
      return false;
    }
    if (!ok) {
      System.err.println(prompts.command() + ": refused, the preconditions above do not hold");
      declined = Main.FAILURE;
      return false;
    }
    if (!yes && !confirmed()) {
      declined = Main.FAILURE;
      return false;
    }
    return true;
  }

  private boolean confirmed() throws IOException {
    if (!prompts.notInteractive().isEmpty() && System.console() == null) {
      System.err.println(prompts.command() + ": refused: " + prompts.notInteractive());
      return false;
    }
    System.out.printf(prompts.question() + " Type the migration's name: ", migration);
    System.out.flush();
    String answer = in.readLine();
    if (answer == null || !answer.strip().equals(migration)) {
      System.err.println(prompts.command() + ": not confirmed; nothing was done");
      return false;
    }
    return true;
  }

  @Override
  public void progress(CutoverDocument view) {
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

  @Override
  public void awaitWritesStopped() throws IOException {
    System.out.print(
        "Stop the application's writes to the " + prompts.frozen() + ", then press Enter: ");
    System.out.flush();
    in.readLine();
  }
}
