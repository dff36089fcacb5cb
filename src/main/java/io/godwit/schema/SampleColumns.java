package io.godwit.schema;

import io.godwit.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a column of table {@code t} from an example type as the catalog would describe it, for the
 * docs and tests. The type is written as the engine prints it ({@code int(10) unsigned}, {@code
 * character varying(40)}), optionally followed by {@code auto_increment}, {@code primary key},
 * {@code not null}, {@code character set X} and {@code collate X}. PostgreSQL extras: an enum type
 * as {@code mood('a','b')}, a domain as {@code domain email over text}.
 */
final class SampleColumns {

  private static final Pattern FLAG =
      Pattern.compile(" (auto_increment|primary key|not null|character set \\w+|collate \\w+)$");
  private static final Pattern PG_TYPE = Pattern.compile("^([^(]*)(?:\\((.*)\\))?([^()]*)$");
  private static final Pattern MYSQL_TYPE = Pattern.compile("^(\\w+)(?:\\((.*)\\))?([^()]*)$");

  /** A table {@code t} whose only column {@code c} has the example's type. */
  record Sample(Table table, Column column) {}

  private SampleColumns() {}

  static Sample parse(Engine engine, String example) {
    String type = example;
    boolean autoIncrement = false;
    boolean primaryKey = false;
    boolean nullable = true;
    String charset = null;
    String collation = null;
    for (Matcher m = FLAG.matcher(type); m.find(); m = FLAG.matcher(type)) {
      String flag = m.group(1);
      type = type.substring(0, m.start());
      if (flag.equals("auto_increment")) {
        autoIncrement = true;
      } else if (flag.equals("primary key")) {
        primaryKey = true;
        nullable = false;
      } else if (flag.equals("not null")) {
        nullable = false;
      } else if (flag.startsWith("character set ")) {
        charset = flag.substring("character set ".length());
      } else {
        collation = flag.substring("collate ".length());
      }
    }
    ColumnType columnType = engine == Engine.POSTGRESQL ? postgres(type) : mySql(type);
    Column column =
        new Column(
            "c",
            1,
            columnType,
            nullable,
            null,
            autoIncrement,
            null,
            null,
            charset,
            collation,
            null);
    Index key = primaryKey ? new Index("t_pkey", List.of(Index.Part.of("c")), true, true) : null;
    Table table =
        new Table("src", "t", List.of(column), key, List.of(), List.of(), 0, 0, null, List.of());
    return new Sample(table, column);
  }

  private static ColumnType mySql(String type) {
    Matcher m = MYSQL_TYPE.matcher(type);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a type: " + type);
    }
    String name = m.group(1).trim();
    String args = m.group(2);
    List<String> numbers = args == null || args.startsWith("'") ? List.of() : split(args);
    Integer first = numbers.isEmpty() ? null : Integer.valueOf(numbers.get(0));
    boolean decimal = name.equals("decimal");
    boolean temporal = name.equals("datetime") || name.equals("timestamp") || name.equals("time");
    boolean labelled = name.equals("enum") || name.equals("set");
    return new ColumnType(
        name,
        type,
        decimal || temporal ? null : first,
        decimal ? first : null,
        decimal ? Integer.valueOf(numbers.get(1)) : null,
        temporal ? (first == null ? 0 : first) : null,
        m.group(3).contains("unsigned"),
        labelled ? labels(args) : List.of(),
        0);
  }

  private static ColumnType postgres(String example) {
    if (example.startsWith("domain ")) {
      String[] parts = example.substring("domain ".length()).split(" over ", 2);
      ColumnType base = postgres(parts[1]);
      return new ColumnType(
          base.name(),
          parts[0],
          base.length(),
          base.precision(),
          base.scale(),
          base.fractionalSeconds(),
          false,
          base.values(),
          base.arrayDimensions());
    }
    String type = example;
    int dimensions = 0;
    while (type.endsWith("[]")) {
      type = type.substring(0, type.length() - 2);
      dimensions++;
    }
    Matcher m = PG_TYPE.matcher(type);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a type: " + example);
    }
    String args = m.group(2);
    String spelled = (m.group(1).trim() + " " + m.group(3).trim()).trim();
    String name = PgTypeNames.internal(spelled);
    List<String> labels = args != null && args.startsWith("'") ? labels(args) : List.of();
    List<String> numbers = args == null || !labels.isEmpty() ? List.of() : split(args);
    Integer first = numbers.isEmpty() ? null : Integer.valueOf(numbers.get(0));
    boolean numeric = name.equals("numeric");
    boolean temporal = name.startsWith("time") || name.equals("interval");
    return new ColumnType(
        name,
        labels.isEmpty() ? example : name + "[]".repeat(dimensions),
        numeric || temporal ? null : first,
        numeric ? first : null,
        numeric && first != null ? Integer.valueOf(numbers.get(1)) : null,
        temporal ? first : null,
        false,
        labels,
        dimensions);
  }

  private static List<String> split(String args) {
    return List.of(args.replace(" ", "").split(","));
  }

  /** The labels of {@code 'a','it''s'}. */
  private static List<String> labels(String args) {
    List<String> labels = new ArrayList<>();
    Matcher m = Pattern.compile("'((?:[^']|'')*)'").matcher(args);
    while (m.find()) {
      labels.add(m.group(1).replace("''", "'"));
    }
    return labels;
  }
}
