package io.godwit.cli;

import io.godwit.config.ConfigException;
import io.godwit.config.Redaction;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code godwit} command line. Commands render results; the work is in {@link
 * io.godwit.Godwit}.
 */
@Command(
    name = "godwit",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Live database migration with near-zero downtime.",
    subcommands = {
      PlanCommand.class,
      RunCommand.class,
      SnapshotCommand.class,
      StatusCommand.class,
      ValidateCommand.class,
      CutoverCommand.class,
      RollbackCommand.class,
      FinishCommand.class,
      ResnapshotCommand.class,
      TrialCommand.class,
      ReportCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure found (blockers, differences, a failed step),",
      "2 usage or configuration error."
    })
public final class Main implements Runnable {

  /** A run that found something wrong: blockers, differences, a failed step. */
  public static final int FAILURE = ErrorCode.Exit.FAILURE;

  /** Bad command-line arguments or a bad migration file. */
  public static final int USAGE = ErrorCode.Exit.USAGE;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error after its one-line message.")
  boolean debug;

  public static void main(String[] args) {
    routeJavaUtilLogging();
    System.exit(commandLine().execute(args));
  }

  /** java.util.logging (the binlog client's) goes through the same configuration as the rest. */
  static void routeJavaUtilLogging() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handle);
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /**
   * One line per error: a {@link GodwitException} prints its message (which names the fix) and
   * exits with its code's exit code; anything else is a defect and says how to report it. {@code
   * --debug} adds the stack trace. Values from the migration file's references are masked in both
   * (a driver's message may repeat one).
   */
  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    var err = cli.getErr();
    boolean debug = ((Main) cli.getCommandSpec().root().userObject()).debug;
    Redaction redaction = Redaction.loaded();
    if (e instanceof ConfigException) {
      err.println(redaction.apply(e.getMessage()));
    } else if (e instanceof GodwitException) {
      err.println(redaction.apply("godwit " + cli.getCommandName() + ": " + e.getMessage()));
    } else {
      err.println(
          redaction.apply(
              "godwit %s failed unexpectedly: %s; fix: run it again with --debug and report the stack trace"
                  .formatted(cli.getCommandName(), e)));
    }
    if (debug) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(redaction.apply(trace.toString()));
    }
    return e instanceof GodwitException g ? g.code().exitCode() : FAILURE;
  }
}
