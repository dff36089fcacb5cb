package io.godwit.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a failure that may pass by itself (a lost or refused connection, a deadlock, a server
 * shutting down) from one that needs a fix. The whole cause chain and every suppressed exception
 * are looked at, because a pool or driver often reports a lost connection as a plain error about
 * using it afterwards.
 */
public final class TransientFailure {

  private TransientFailure() {}

  /** True when retrying the same work later may succeed without anyone fixing anything. */
  public static boolean is(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> todo = new ArrayDeque<>();
    todo.add(failure);
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof SQLException e && transientSql(e)) {
        return true;
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      Collections.addAll(todo, t.getSuppressed());
    }
    return false;
  }

  private static boolean transientSql(SQLException e) {
    if (e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    // 08: connection exception; 40: deadlock or serialization failure; 57P01..57P03: the
    // PostgreSQL server terminated the session, is shutting down or cannot accept connections yet;
    // 70100: MariaDB/MySQL query interrupted by KILL
    return state.startsWith("08")
        || state.startsWith("40")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03")
        || state.equals("70100");
  }
}
