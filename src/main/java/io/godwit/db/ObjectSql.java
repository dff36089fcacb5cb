package io.godwit.db;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and rewrites the SQL of views, routines, triggers and events that a target of the source's
 * engine family is given: the source schema's name where the SQL names it, the tables a MySQL view
 * reads, and the order nested views are created in. It scans tokens, so string literals and
 * comments are never changed; PostgreSQL's dollar-quoted bodies are scanned as code, since a
 * function's body names tables like any statement.
 */
public final class ObjectSql {

  private static final Pattern DEFINER =
      Pattern.compile(
          "^(\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?)DEFINER\\s*=\\s*(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s@]+)(?:@(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s]+))?\\s+",
          Pattern.CASE_INSENSITIVE);

  private ObjectSql() {}

  /** One token of SQL: an identifier (quoted or not) or any other run of text. */
  private record Token(int start, int end, String identifier) {}

  /**
   * The statement with every reference qualified by schema {@code from} qualified by {@code to}
   * instead: {@code `shop`.`orders`} becomes {@code `shop_new`.`orders`} (MySQL), {@code
   * shop.orders} or {@code "shop".orders} becomes {@code "shop_new".orders} (PostgreSQL).
   */
  public static String renameSchema(String sql, String from, String to, Engine engine) {
    if (from.equals(to)) {
      return sql;
    }
    boolean mySql = engine.isMySqlFamily();
    List<Token> tokens = identifiers(sql, mySql);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (Token t : tokens) {
      if (names(t, from, mySql) && qualifies(sql, t) && !qualified(sql, t)) {
        out.append(sql, copied, t.start()).append(quote(to, mySql));
        copied = t.end();
      }
    }
    return out.append(sql.substring(copied)).toString();
  }

  /**
   * The relations a MySQL view's definition reads, as {@code information_schema.VIEWS} writes it
   * (every table qualified by its database): the names in {@code schema}, and those of another
   * database as {@code database.name} (recognised in the fully qualified column references {@code
   * `db`.`table`.`column`}).
   */
  public static List<String> mySqlReferences(String definition, String schema) {
    List<Token> tokens = identifiers(definition, true);
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token first = tokens.get(i);
      Token second = tokens.get(i + 1);
      if (!qualifies(definition, first)
          || qualified(definition, first)
          || !between(definition, first, second).strip().equals(".")) {
        continue;
      }
      if (first.identifier().equals(schema)) {
        found.add(second.identifier());
      } else if (i + 2 < tokens.size()
          && qualifies(definition, second)
          && between(definition, second, tokens.get(i + 2)).strip().equals(".")) {
        found.add(first.identifier() + "." + second.identifier());
      }
    }
    return List.copyOf(found);
  }

  /**
   * A MySQL {@code SHOW CREATE} statement without its {@code DEFINER} clause: the object is created
   * by the migration's user, since the source's definer may not exist on the target.
   */
  public static String withoutDefiner(String showCreate) {
    return DEFINER.matcher(showCreate).replaceFirst("$1");
  }

  /**
   * The names in an order where each comes after those it uses; names keep their given order
   * otherwise.
   *
   * @param uses each name with the names it uses; names not among the keys are ignored
   * @throws IllegalArgumentException naming the objects that use each other in a cycle
   */
  public static List<String> dependencyOrder(Map<String, List<String>> uses) {
    Map<String, Boolean> state = new LinkedHashMap<>();
    List<String> ordered = new ArrayList<>();
    for (String name : uses.keySet()) {
      visit(name, uses, state, ordered, new ArrayList<>());
    }
    return ordered;
  }

  private static void visit(
      String name,
      Map<String, List<String>> uses,
      Map<String, Boolean> state,
      List<String> ordered,
      List<String> path) {
    Boolean done = state.get(name);
    if (Boolean.TRUE.equals(done)) {
      return;
    }
    path.add(name);
    if (Boolean.FALSE.equals(done)) {
      throw new IllegalArgumentException(
          "objects use each other in a cycle: " + String.join(" -> ", path));
    }
    state.put(name, false);
    for (String used : uses.get(name)) {
      if (uses.containsKey(used) && !used.equals(name)) {
        visit(used, uses, state, ordered, path);
      }
    }
    state.put(name, true);
    ordered.add(name);
    path.remove(path.size() - 1);
  }

  private static boolean names(Token t, String schema, boolean mySql) {
    if (mySql) {
      return t.identifier().equals(schema);
    }
    return t.identifier().startsWith("\"")
        ? t.identifier().substring(1).equals(schema)
        : t.identifier().equalsIgnoreCase(schema);
  }

  /** The token is followed by a dot: it qualifies what comes next. */
  private static boolean qualifies(String sql, Token t) {
    int i = t.end();
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '.';
  }

  /** The token follows a dot: it is itself qualified, a table or column named like the schema. */
  private static boolean qualified(String sql, Token t) {
    int i = t.start() - 1;
    while (i >= 0 && Character.isWhitespace(sql.charAt(i))) {
      i--;
    }
    return i >= 0 && sql.charAt(i) == '.';
  }

  private static String between(String sql, Token a, Token b) {
    return sql.substring(a.end(), b.start());
  }

  private static String quote(String identifier, boolean mySql) {
    return mySql
        ? '`' + identifier.replace("`", "``") + '`'
        : '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * The identifiers of the statement, quoted ones unquoted (a PostgreSQL quoted identifier keeps a
   * leading quote so that it is compared exactly), skipping string literals and comments.
   */
  private static List<Token> identifiers(String sql, boolean mySql) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || (c == '"' && mySql)) {
        i = endOfQuoted(sql, i, c, mySql);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '#' && mySql) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '`' && mySql || c == '"') {
        int end = endOfQuoted(sql, i, c, false);
        String inner = sql.substring(i + 1, end - 1).replace("" + c + c, "" + c);
        tokens.add(new Token(i, end, c == '"' ? '"' + inner : inner));
        i = end;
      } else if (c == '$' && !mySql) {
        int close = sql.indexOf('$', i + 1);
        boolean tag = close > 0 && sql.substring(i + 1, close).matches("([A-Za-z_][A-Za-z_0-9]*)?");
        i = tag ? close + 1 : i + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(sql.charAt(end))
                || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
          end++;
        }
        tokens.add(new Token(i, end, sql.substring(i, end)));
        i = end;
      } else if (Character.isDigit(c)) {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        i = end;
      } else {
        i++;
      }
    }
    return tokens;
  }

  /** The index after the closing quote; a doubled quote is part of the text. */
  private static int endOfQuoted(String sql, int open, char quote, boolean backslashes) {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }
}
