package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The current MySQL/MariaDB user's privileges, read from {@code SHOW GRANTS}. */
final class Grants {

  private static final Pattern GRANT =
      Pattern.compile(
          "^GRANT (.+?) ON (?:TABLE |PROCEDURE |FUNCTION )?(\\S+) TO ", Pattern.CASE_INSENSITIVE);

  private final String user;
  private final Set<String> global = new LinkedHashSet<>();
  private final List<Grant> scoped = new ArrayList<>();

  private record Grant(String database, String table, Set<String> privileges) {}

  private Grants(String user) {
    this.user = user;
  }

  static Grants read(Connection connection) throws SQLException {
    List<String> lines = new ArrayList<>();
    String user;
    try (var st = connection.createStatement()) {
      try (var rs = st.executeQuery("SELECT CURRENT_USER()")) {
        rs.next();
        user = rs.getString(1);
      }
      try (var rs = st.executeQuery("SHOW GRANTS")) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return parse(user, lines);
  }

  static Grants parse(String user, List<String> lines) {
    Grants grants = new Grants(quoteUser(user));
    for (String line : lines) {
      Matcher m = GRANT.matcher(line.trim());
      if (!m.find()) {
        continue;
      }
      Set<String> privileges = privileges(m.group(1));
      String object = m.group(2);
      if (object.equals("*.*")) {
        grants.global.addAll(privileges);
      } else if (object.contains(".")) {
        int dot = object.lastIndexOf('.');
        grants.scoped.add(
            new Grant(
                unquote(object.substring(0, dot)), unquote(object.substring(dot + 1)), privileges));
      }
    }
    return grants;
  }

  String user() {
    return user;
  }

  boolean hasGlobal(String privilege) {
    return global.contains("ALL PRIVILEGES") || global.contains(privilege);
  }

  /** The privilege on every table of the database: given globally or on {@code database.*}. */
  boolean hasOnDatabase(String database, String privilege) {
    return hasGlobal(privilege)
        || scoped.stream()
            .anyMatch(
                g ->
                    g.database.equals(database)
                        && g.table.equals("*")
                        && (g.privileges.contains(privilege)
                            || g.privileges.contains("ALL PRIVILEGES")));
  }

  /** The privilege on one table: given globally, on {@code database.*} or on the table. */
  boolean hasOnTable(String database, String table, String privilege) {
    if (hasGlobal(privilege)) {
      return true;
    }
    return scoped.stream()
        .anyMatch(
            g ->
                g.database.equals(database)
                    && (g.table.equals("*") || g.table.equals(table))
                    && (g.privileges.contains(privilege)
                        || g.privileges.contains("ALL PRIVILEGES")));
  }

  String summary() {
    Set<String> all = new LinkedHashSet<>(global);
    scoped.forEach(g -> all.addAll(g.privileges));
    all.remove("USAGE");
    return all.isEmpty() ? "USAGE" : String.join(", ", all);
  }

  /** Splits "SELECT, INSERT (a, b), REPLICATION SLAVE" at top-level commas; drops column lists. */
  private static Set<String> privileges(String list) {
    Set<String> result = new LinkedHashSet<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : list.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        result.add(current.toString().trim().toUpperCase(Locale.ROOT));
        current.setLength(0);
      } else if (depth == 0) {
        current.append(c);
      }
    }
    result.add(current.toString().trim().toUpperCase(Locale.ROOT));
    return result;
  }

  private static String unquote(String name) {
    if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
      return name.substring(1, name.length() - 1).replace("``", "`");
    }
    return name;
  }

  private static String quoteUser(String user) {
    int at = user.lastIndexOf('@');
    if (at < 0) {
      return "'" + user + "'";
    }
    return "'" + user.substring(0, at) + "'@'" + user.substring(at + 1) + "'";
  }
}
