package io.godwit.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Says why a first connection failed and what to change, from the SQL state and the exceptions the
 * drivers chain: nothing listening, a host name that does not resolve, a wrong login, a database
 * that does not exist or that the user may not use. The drivers' own words stay in the message;
 * this adds the fix they leave out.
 */
final class ConnectionFailures {

  private ConnectionFailures() {}

  /**
   * The fix for a failed first connection of {@code side} ("source" or "target") as {@code user}.
   */
  static String fix(Throwable failure, String side, String user) {
    List<Throwable> chain = chain(failure);
    if (has(chain, UnknownHostException.class)) {
      return "the host name in %s.url does not resolve; fix: correct the host in %s.url"
          .formatted(side, side);
    }
    if (has(chain, ConnectException.class) || has(chain, NoRouteToHostException.class)) {
      return ("nothing accepts connections at the host and port of %s.url; fix: correct the host"
              + " and port in %s.url, or start the server")
          .formatted(side, side);
    }
    if (has(chain, SocketTimeoutException.class)) {
      return ("the server at %s.url did not answer in time; fix: check the host and port in"
              + " %s.url and that a firewall lets this machine reach it")
          .formatted(side, side);
    }
    for (Throwable t : chain) {
      if (t instanceof SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        // PostgreSQL 28P01 wrong password, 28000 no such role or no pg_hba entry; MySQL/MariaDB
        // 28000 with 1045: access denied for this user and password
        if (state.startsWith("28") || code == 1045) {
          return ("the server refused the login of %s; fix: check %s.user and %s.password, and"
                  + " that the server lets %s log in from this machine")
              .formatted(user, side, side, user);
        }
        // MySQL/MariaDB 1044: access denied to the database
        if (code == 1044) {
          return ("%s may not use the database in %s.url; fix: GRANT %s ON that database TO %s,"
                  + " or name another database in %s.url")
              .formatted(
                  user, side, side.equals("source") ? "SELECT" : "ALL PRIVILEGES", user, side);
        }
        // PostgreSQL 3D000, MySQL/MariaDB 1049: unknown database
        if (state.equals("3D000") || code == 1049) {
          return "the database in %s.url does not exist; fix: create it, or correct %s.url"
              .formatted(side, side);
        }
      }
    }
    return ("fix: check %s.url, %s.user and %s.password, and that the server is running")
        .formatted(side, side, side);
  }

  private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
    return chain.stream().anyMatch(type::isInstance);
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
