package io.godwit.state;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Changes to the target's tables made in one transaction where the target's DDL is transactional
 * (PostgreSQL), statement by statement where it is not (MariaDB, MySQL). A runner another one took
 * over rolls back what it did and stops; any other failure is handed to the caller, which knows
 * whether anything is left to undo.
 */
public final class DdlTransaction {

  /** The changes; what they return is the call's result. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  /** What a failure of the changes returns (or throws). */
  @FunctionalInterface
  public interface Failure<T> {

    /**
     * @param rolledBack true when the changes ran in one transaction, now rolled back: nothing
     *     changed; false when those that ran before the failure stay
     */
    T failed(Exception e, boolean rolledBack) throws SQLException;
  }

  private DdlTransaction() {}

  /**
   * Runs {@code work} on {@code c}, in one transaction when {@code transactional}; the connection
   * is left in auto-commit.
   *
   * @throws RunnerFencedException when another runner took over: rolled back where it could be
   */
  public static <T> T run(Connection c, boolean transactional, Work<T> work, Failure<T> failure)
      throws SQLException {
    c.setAutoCommit(!transactional);
    try {
      T result = work.run();
      if (transactional) {
        c.commit();
      }
      return result;
    } catch (RunnerFencedException e) {
      if (transactional) {
        c.rollback();
      }
      throw e;
    } catch (SQLException | RuntimeException e) {
      if (transactional) {
        c.rollback();
      }
      c.setAutoCommit(true);
      return failure.failed(e, transactional);
    } finally {
      c.setAutoCommit(true);
    }
  }
}
