package io.godwit.error;

/**
 * What kind of error stopped a command, and so its exit code. Scripts and runbooks match on the
 * code; the message beside it names the thing and the fix. docs/errors.md lists every code.
 */
public enum ErrorCode {
  /** A command-line argument is wrong: an unknown format, table or a negative interval. */
  BAD_ARGUMENT(Exit.USAGE),
  /** The migration file cannot be read or is invalid. */
  CONFIG(Exit.USAGE),
  /** A database could not be reached or refused the login. */
  CONNECTION(Exit.FAILURE),
  /** The state store on the target could not be read or written, or holds something unexpected. */
  STATE_STORE(Exit.FAILURE),
  /** Another runner took over the migration; this one stopped without writing. */
  RUNNER_FENCED(Exit.FAILURE),
  /** The plan could not be made. */
  PLAN(Exit.FAILURE),
  /** The plan has blockers, so the command changed nothing. */
  BLOCKED(Exit.FAILURE),
  /** The snapshot stopped: a table or chunk could not be copied. */
  SNAPSHOT(Exit.FAILURE),
  /** The change capture could not start or stopped. */
  CAPTURE(Exit.FAILURE),
  /** Kafka (embedded or external) could not be started, reached or used. */
  KAFKA(Exit.FAILURE),
  /** Kafka's stored change stream no longer matches what the target applied: data would be lost. */
  KAFKA_CONTINUITY(Exit.FAILURE),
  /** Validation could not compare the tables (differences are a result, not an error). */
  VALIDATION(Exit.FAILURE),
  /** The migration is not in a state that allows this command (not streaming, already cut over). */
  MIGRATION_STATE(Exit.FAILURE),
  /** The control API of the running migration did not answer, or refused the request. */
  CONTROL(Exit.FAILURE);

  /** Process exit codes; documented in {@code godwit --help}. */
  public static final class Exit {
    /** Something was found wrong or a step failed. */
    public static final int FAILURE = 1;

    /** Bad command-line arguments or a bad migration file. */
    public static final int USAGE = 2;

    private Exit() {}
  }

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code for this error. */
  public int exitCode() {
    return exitCode;
  }
}
