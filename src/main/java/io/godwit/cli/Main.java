package io.godwit.cli;

import io.godwit.config.ConfigException;
import io.godwit.db.ConnectionFailedException;
import io.godwit.plan.PlanException;
import io.godwit.snapshot.ChunkFailedException;
import io.godwit.snapshot.SnapshotException;
import io.godwit.state.StateStoreException;
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
  public static final int FAILURE = 1;

  /** Bad command-line arguments or a bad migration file. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    var err = cli.getErr();
    if (e instanceof ConfigException) {
      err.println(e.getMessage());
      return USAGE;
    }
    if (e instanceof ConnectionFailedException
        || e instanceof StateStoreException
        || e instanceof PlanException
        || e instanceof SnapshotException
        || e instanceof ChunkFailedException) {
      err.println("godwit " + cli.getCommandName() + ": " + e.getMessage());
      return FAILURE;
    }
    err.println("godwit " + cli.getCommandName() + " failed: " + e);
    e.printStackTrace(err);
    return FAILURE;
  }
}
