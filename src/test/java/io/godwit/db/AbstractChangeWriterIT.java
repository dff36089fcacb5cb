package io.godwit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import io.godwit.schema.Column;
import io.godwit.schema.ColumnRules;
import io.godwit.schema.ColumnType;
import io.godwit.schema.MappedType;
import io.godwit.schema.RowFilter;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.TargetTable.TargetColumn;
import io.godwit.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change writer of one target engine on a real server: upserts that insert and update, deletes,
 * composite keys, kept columns, and identifiers that need quoting. Subclasses give the engine and
 * its type names.
 */
abstract class AbstractChangeWriterIT {

  /** A table and column names that break unquoted or badly quoted SQL. */
  static final String TABLE = "Or\"der`s ; drop";

  static final String KEY = "i d";
  static final String NOTE = "se\"le`ct";
  static final String AMOUNT = "amount";
  static final String DATA = "da'ta";

  abstract Engine engine();

  /** The engine's type names for: bigint, text, decimal(12,2), binary, varchar(20), int. */
  abstract List<String> types();

  /** A SQL expression giving a binary column as lower-case hex. */
  abstract String hex(String quotedColumn);

  private TestDatabase db;
  private Dialect dialect;
  private ChangeWriter writer;

  @BeforeEach
  void createDatabase() throws SQLException {
    db = TestDatabase.create(engine(), "apply_writer_" + engine().name().toLowerCase(Locale.ROOT));
    dialect = Dialect.of(engine());
    writer = dialect.changeWriter();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    db.close();
  }

  private TargetTable table(String name, List<String> key, String... columns) throws SQLException {
    List<TargetColumn> cols = new ArrayList<>();
    for (int i = 0; i < columns.length; i += 2) {
      String type = columns[i + 1];
      boolean inKey = key.contains(columns[i]);
      Column source =
          new Column(
              columns[i],
              i / 2 + 1,
              ColumnType.of(type),
              !inKey,
              null,
              false,
              null,
              null,
              null,
              null,
              null);
      cols.add(new TargetColumn(source, columns[i], MappedType.exact(type), null, false));
    }
    Column first = cols.get(0).source();
    var table =
        new TargetTable(
            new Table(
                db.schema(),
                name,
                List.of(first),
                null,
                List.of(),
                List.of(),
                0,
                0,
                null,
                List.of()),
            db.schema(),
            name,
            cols,
            key,
            false,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            RowFilter.ALL,
            ColumnRules.NONE);
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      for (String sql : dialect.ddl().createTable(table)) {
        st.execute(sql);
      }
    }
    return table;
  }

  private TargetTable orders() throws SQLException {
    List<String> t = types();
    return table(
        TABLE, List.of(KEY), KEY, t.get(0), NOTE, t.get(1), AMOUNT, t.get(2), DATA, t.get(3));
  }

  private Connection connect() throws SQLException {
    Connection c = db.connect();
    try (Statement st = c.createStatement()) {
      st.execute(dialect.sessionInitSql());
    }
    c.setAutoCommit(false);
    return c;
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private List<String> read(TargetTable table) throws SQLException {
    String columns =
        table.columns().stream()
            .map(
                c ->
                    c.type().sqlType().equals(types().get(3))
                        ? hex(dialect.quote(c.name()))
                        : dialect.quote(c.name()))
            .collect(Collectors.joining(", "));
    String order =
        table.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", "));
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT %s FROM %s ORDER BY %s"
                    .formatted(columns, dialect.qualify(table.schema(), table.name()), order))) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= table.columns().size(); i++) {
          values.add(rs.getString(i));
        }
        rows.add(String.join("|", values.stream().map(String::valueOf).toList()));
      }
    }
    return rows;
  }

  @Test
  void upsertInsertsNewRowsAndReplacesStoredOnes() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(
          c,
          orders,
          List.of(
              row("1", "first", "10.50", new byte[] {0, (byte) 0xff}),
              row("2", "tab\there", null, null)),
          Set.of());
      c.commit();
      writer.upsert(
          c,
          orders,
          List.of(
              row("2", "changed \\N", "0.01", new byte[] {1}), row("3", "ünï 😀", "-3.00", null)),
          Set.of());
      c.commit();
    }

    assertThat(read(orders))
        .containsExactly("1|first|10.50|00ff", "2|changed \\N|0.01|01", "3|ünï 😀|-3.00|null");
  }

  /**
   * A re-copy drops the target table and creates it with its new types while the applier's session
   * stays open: a change written after that keeps the new type's precision (a staging table from
   * before, with the old types, rounded 5.4321 to 5.43 in silence).
   */
  @Test
  void aTableCreatedAgainWithANewTypeGetsItsValuesWhole() throws SQLException {
    TargetTable before = orders();
    List<String> t = types();
    String wider = t.get(2).replace("(12,2)", "(12,4)");
    try (Connection c = connect()) {
      writer.upsert(c, before, List.of(row("1", "a", "1.25", null)), Set.of());
      c.commit();
      try (Connection other = db.connect();
          Statement st = other.createStatement()) {
        st.execute("DROP TABLE " + dialect.qualify(db.schema(), TABLE));
      }
      TargetTable after =
          table(TABLE, List.of(KEY), KEY, t.get(0), NOTE, t.get(1), AMOUNT, wider, DATA, t.get(3));
      writer.upsert(c, after, List.of(row("2", "b", "5.4321", null)), Set.of());
      writer.delete(c, after, List.of(row("1")));
      c.commit();

      assertThat(read(after)).containsExactly("2|b|5.4321|null");
    }
  }

  @Test
  void deleteRemovesRowsByKeyAndIgnoresMissingKeys() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(
          c,
          orders,
          List.of(row("1", "a", null, null), row("2", "b", null, null), row("3", "c", null, null)),
          Set.of());
      writer.delete(c, orders, List.of(row("1"), row("3"), row("99")));
      c.commit();
    }

    assertThat(read(orders)).containsExactly("2|b|null|null");
  }

  @Test
  void upsertsAndDeletesOfOneTableShareATransaction() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(
          c, orders, List.of(row("1", "a", null, null), row("2", "b", null, null)), Set.of());
      writer.delete(c, orders, List.of(row("1")));
      writer.upsert(c, orders, List.of(row("3", "c", null, null)), Set.of());
      writer.delete(c, orders, List.of(row("2")));
      c.commit();
    }

    assertThat(read(orders)).containsExactly("3|c|null|null");
  }

  @Test
  void rollingBackTheCallersTransactionUndoesTheWrites() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(c, orders, List.of(row("1", "kept", null, null)), Set.of());
      c.commit();
      writer.upsert(
          c, orders, List.of(row("1", "lost", null, null), row("2", "lost", null, null)), Set.of());
      writer.delete(c, orders, List.of(row("1")));
      c.rollback();
    }

    assertThat(read(orders)).containsExactly("1|kept|null|null");
  }

  @Test
  void keptColumnsKeepTheirStoredValuesAndMissingRowsAreNotCreated() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(
          c, orders, List.of(row("1", "a long document", "1.00", new byte[] {7})), Set.of());
      c.commit();
      writer.upsert(
          c,
          orders,
          List.of(row("1", "ignored", "2.00", "ignored"), row("5", "ignored", "5.00", "ignored")),
          Set.of(NOTE, DATA));
      c.commit();
    }

    assertThat(read(orders)).containsExactly("1|a long document|2.00|07");
  }

  @Test
  void defaultedColumnsTakeTheirDefaultOnInsertAndUpdate() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(c, orders, List.of(row("1", "stored note", "1.00", new byte[] {7})), Set.of());
      c.commit();
      writer.upsert(
          c,
          orders,
          List.of(row("1", "ignored", "2.00", new byte[] {8}), row("5", "ignored", "5.00", null)),
          Set.of(),
          Set.of(NOTE));
      writer.upsert(
          c, orders, List.of(row("1", "ignored", "3.00", "ignored")), Set.of(DATA), Set.of(NOTE));
      c.commit();
    }

    assertThat(read(orders)).containsExactly("1|null|3.00|08", "5|null|5.00|null");
  }

  @Test
  void compositeKeysMatchOnEveryColumn() throws SQLException {
    List<String> t = types();
    TargetTable lines =
        table(
            "line s",
            List.of("or der", "li\"ne"),
            "or der",
            t.get(0),
            "li\"ne",
            t.get(4),
            "qty",
            t.get(5));
    try (Connection c = connect()) {
      writer.upsert(
          c, lines, List.of(row("1", "a", "1"), row("1", "b", "2"), row("2", "a", "3")), Set.of());
      writer.upsert(c, lines, List.of(row("1", "b", "20")), Set.of());
      writer.delete(c, lines, List.of(row("2", "a"), row("1", "z")));
      c.commit();
    }

    assertThat(read(lines)).containsExactly("1|a|1", "1|b|20");
  }

  @Test
  void tablesOfOnlyKeyColumnsTakeRepeatedUpserts() throws SQLException {
    TargetTable tags = table("tags", List.of("name"), "name", types().get(4));
    try (Connection c = connect()) {
      writer.upsert(c, tags, List.of(row("x"), row("y")), Set.of());
      writer.upsert(c, tags, List.of(row("x")), Set.of());
      c.commit();
    }

    assertThat(read(tags)).containsExactly("x", "y");
  }

  @Test
  void largeBatchesAreWrittenWhole() throws SQLException {
    TargetTable orders = orders();
    List<List<Object>> rows =
        IntStream.range(0, 2500)
            .mapToObj(i -> row(String.valueOf(i), "n" + i, i + ".25", null))
            .toList();
    try (Connection c = connect()) {
      writer.upsert(c, orders, rows, Set.of());
      writer.upsert(c, orders, rows, Set.of());
      writer.delete(c, orders, rows.subList(0, 1200).stream().map(r -> r.subList(0, 1)).toList());
      c.commit();
    }

    List<String> stored = read(orders);
    assertThat(stored).hasSize(1300).contains("2499|n2499|2499.25|null");
  }

  @Test
  void nothingToWriteIsNoStatement() throws SQLException {
    TargetTable orders = orders();
    try (Connection c = connect()) {
      writer.upsert(c, orders, List.of(), Set.of());
      writer.delete(c, orders, List.of());
      c.commit();
    }

    assertThat(read(orders)).isEmpty();
  }
}
