package io.godwit.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.SchemaTranslator;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.schema.Translation;
import io.godwit.schema.TypeMappings;
import io.godwit.schema.TypeOptions;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AppliedOffsets.Partition;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.RunnerFencedException;
import io.godwit.state.StateStore;
import io.godwit.state.StateStoreException;
import io.godwit.testing.TargetText;
import io.godwit.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One direction end to end below Kafka: source tables created on the real source server and read by
 * its catalog, translated and created on the target as {@code plan} and the snapshot would, then
 * hand-written Debezium events decoded and applied in batches; the target's rows and stored offsets
 * are read back. Subclasses give the direction and its type cases.
 */
abstract class AbstractBatchApplyIT {

  static final String MIGRATION = "apply-it";

  /**
   * @param sourceType the column's type on the source
   * @param json the value as the source's Debezium connector encodes it
   * @param expected the value read back on the target as text ({@link #readExpression})
   */
  record Case(String sourceType, String json, String expected) {}

  abstract Engine source();

  abstract Engine target();

  abstract List<Case> cases();

  /** Statements run on the source before the tables are created. */
  List<String> sourceSetup() {
    return List.of();
  }

  /** The source's {@code source} block of an event. */
  abstract String sourceBlock();

  TestDatabase src;
  TestDatabase tgt;
  HikariDataSource pool;
  Dialect targetDialect;
  AppliedOffsets offsets;
  String stateSchema;
  final Map<String, TargetTable> tables = new HashMap<>();
  final Map<String, EventDecoder> decoders = new HashMap<>();
  private final Map<String, Long> nextOffset = new HashMap<>();

  @BeforeEach
  void createSides() throws Exception {
    String direction = (source() + "_" + target()).toLowerCase(Locale.ROOT);
    src = TestDatabase.create(source(), "apply_src_" + direction);
    tgt = TestDatabase.create(target(), "apply_tgt_" + direction);
    targetDialect = Dialect.of(target());
    pool = pool(tgt);
    stateSchema = stateSchema();
    offsets = new AppliedOffsets(MIGRATION, targetDialect, stateSchema);
    createSourceTables();
    translateAndCreate();
  }

  @AfterEach
  void dropSides() throws SQLException {
    pool.close();
    src.close();
    tgt.close();
  }

  /**
   * The state tables: PostgreSQL's live in the test database's own {@code _godwit} schema; on MySQL
   * the state store is a server-wide database, so the test puts the tables it needs (migration and
   * applied offsets) in its own database instead. The migration is registered with runner epoch 1.
   */
  private String stateSchema() throws SQLException, IOException {
    String schema;
    if (target() == Engine.POSTGRESQL) {
      new StateStore(pool, targetDialect).install();
      schema = StateStore.SCHEMA;
    } else {
      schema = tgt.name();
      try (Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        for (String script : List.of("V1.sql", "V4.sql")) {
          for (String sql : stateScript(script).split(";\n")) {
            if (sql.contains("applied_offset") || sql.contains("_godwit.migration ")) {
              st.execute(sql.replace("_godwit.", targetDialect.quote(schema) + "."));
            }
          }
        }
      }
    }
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO %s (name, source, target, runner_epoch) VALUES ('%s', 's', 't', 1)"
              .formatted(targetDialect.qualify(schema, "migration"), MIGRATION));
    }
    return schema;
  }

  private String stateScript(String file) throws IOException {
    try (InputStream in =
        getClass()
            .getResourceAsStream("/io/godwit/state/" + targetDialect.stateScripts() + "/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The runner epoch {@code epoch} of the test's migration. */
  RunnerEpoch epoch(long epoch) {
    return new RunnerEpoch(MIGRATION, epoch, targetDialect, stateSchema);
  }

  /** Another runner takes the migration over, as taking its lock does. */
  void takeOver(long epoch) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "UPDATE %s SET runner_epoch = %d WHERE name = '%s'"
              .formatted(targetDialect.qualify(stateSchema, "migration"), epoch, MIGRATION));
    }
  }

  private static HikariDataSource pool(TestDatabase db) {
    Dialect dialect = Dialect.of(db.engine());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(db.user());
    config.setPassword("");
    config.setMaximumPoolSize(2);
    config.setConnectionInitSql(dialect.sessionInitSql());
    dialect.driverProperties().forEach(config::addDataSourceProperty);
    return new HikariDataSource(config);
  }

  private void createSourceTables() throws SQLException {
    List<Case> cases = cases();
    String columns =
        IntStream.range(0, cases.size())
            .mapToObj(i -> "c" + i + " " + cases.get(i).sourceType())
            .collect(Collectors.joining(", "));
    List<String> sql = new ArrayList<>(sourceSetup());
    sql.add("CREATE TABLE matrix (id int NOT NULL PRIMARY KEY, " + columns + ")");
    sql.add(
        "CREATE TABLE order_lines (order_id int NOT NULL, line varchar(10) NOT NULL, qty int NOT NULL,"
            + " note varchar(100), PRIMARY KEY (order_id, line))");
    src.execute(sql.toArray(String[]::new));
  }

  private void translateAndCreate() throws SQLException {
    Dialect sourceDialect = Dialect.of(source());
    List<Table> sourceTables;
    try (Connection c = src.connect()) {
      sourceTables = sourceDialect.catalog().tables(c, src.schema());
    }
    Translation translation =
        new SchemaTranslator(
                source(),
                target(),
                TypeMappings.between(source(), target(), TypeOptions.defaults()))
            .translate(sourceTables, tgt.schema(), UnaryOperator.identity());
    assertThat(translation.errors()).isEmpty();
    try (Connection c = tgt.connect();
        Statement st = c.createStatement()) {
      for (TargetTable t : translation.tables()) {
        for (String ddl : targetDialect.ddl().createTable(t)) {
          st.execute(ddl);
        }
        tables.put(t.source().name(), t);
        decoders.put(t.source().name(), EventDecoder.of(t, source(), target()));
      }
    }
  }

  String topic(String table) {
    return "godwit.src." + table;
  }

  /** A Debezium event for the table at the topic's next offset, decoded. */
  List<ChangeEvent> event(String table, String op, String key, String before, String after)
      throws PoisonEventException {
    long offset = nextOffset.merge(table, 1L, Long::sum) - 1 + 100;
    String value =
        """
        {"before":%s,"after":%s,"source":%s,"op":"%s","ts_ms":1700000000123}"""
            .formatted(before, after, sourceBlock(), op);
    return decoders
        .get(table)
        .decode(
            topic(table),
            0,
            offset,
            key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
  }

  BatchApplier applier() {
    return applier(epoch(1));
  }

  BatchApplier applier(RunnerEpoch epoch) {
    return new BatchApplier(pool, targetDialect, List.copyOf(tables.values()), offsets, epoch);
  }

  /** The matrix row's after image with every case's value, or with NULLs. */
  String matrixRow(int id, boolean values) {
    List<Case> cases = cases();
    return IntStream.range(0, cases.size())
        .mapToObj(i -> ",\"c" + i + "\":" + (values ? cases.get(i).json() : "null"))
        .collect(Collectors.joining("", "{\"id\":" + id, "}"));
  }

  /** How the target's value is read as text. */
  String readExpression(String quotedColumn, String sourceType) {
    return TargetText.readExpression(target(), quotedColumn, sourceType);
  }

  /** Rows of a query on the target, values joined by |. */
  List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int width = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
          values.add(rs.getString(i));
        }
        rows.add(String.join("|", values.stream().map(String::valueOf).toList()));
      }
    }
    return rows;
  }

  String qualified(String table) {
    return targetDialect.qualify(tgt.schema(), table);
  }

  Map<Partition, Long> storedOffsets() throws SQLException {
    try (Connection c = pool.getConnection()) {
      return offsets.load(c);
    }
  }

  private static List<ChangeEvent> all(List<List<ChangeEvent>> decoded) {
    return decoded.stream().flatMap(List::stream).toList();
  }

  @Test
  void everyEncodingLandsAsTheSnapshotWritesIt() throws Exception {
    List<Case> cases = cases();
    List<ChangeEvent> batch =
        all(
            List.of(
                event("matrix", "c", "{\"id\":1}", "null", matrixRow(1, true)),
                event("matrix", "c", "{\"id\":2}", "null", matrixRow(2, false)),
                event("matrix", "c", "{\"id\":3}", "null", matrixRow(3, true)),
                event("matrix", "u", "{\"id\":3}", matrixRow(3, true), matrixRow(3, false)),
                event("matrix", "d", "{\"id\":3}", matrixRow(3, false), "null")));

    BatchResult result = applier().apply(batch);

    assertThat(result.events()).isEqualTo(5);
    assertThat(result.upserts()).isEqualTo(2);
    assertThat(result.deletes()).isEqualTo(1);
    String select =
        IntStream.range(0, cases.size())
            .mapToObj(i -> readExpression(targetDialect.quote("c" + i), cases.get(i).sourceType()))
            .collect(Collectors.joining(", "));
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT " + select + " FROM " + qualified("matrix") + " ORDER BY id")) {
      assertThat(rs.next()).isTrue();
      for (int i = 0; i < cases.size(); i++) {
        Case k = cases.get(i);
        assertThat(rs.getString(i + 1))
            .as("%s %s", k.sourceType(), k.json())
            .isEqualTo(k.expected());
      }
      assertThat(rs.next()).isTrue();
      for (int i = 0; i < cases.size(); i++) {
        assertThat(rs.getString(i + 1)).as("NULL of %s", cases.get(i).sourceType()).isNull();
      }
      assertThat(rs.next()).as("row 3 was deleted").isFalse();
    }
    assertThat(storedOffsets()).containsExactly(Map.entry(new Partition(topic("matrix"), 0), 105L));
  }

  @Test
  void batchesOfSeveralTablesMoveEveryPartitionsOffset() throws Exception {
    BatchApplier applier = applier();
    applier.apply(
        all(
            List.of(
                event(
                    "order_lines",
                    "c",
                    "{\"order_id\":1,\"line\":\"a\"}",
                    "null",
                    line(1, "a", 1, "x")),
                event(
                    "order_lines",
                    "c",
                    "{\"order_id\":1,\"line\":\"b\"}",
                    "null",
                    line(1, "b", 2, null)),
                event("matrix", "c", "{\"id\":1}", "null", matrixRow(1, false)))));
    applier.apply(
        all(
            List.of(
                event(
                    "order_lines",
                    "u",
                    "{\"order_id\":1,\"line\":\"b\"}",
                    line(1, "b", 2, null),
                    line(1, "b", 20, "it's")),
                event(
                    "order_lines",
                    "d",
                    "{\"order_id\":1,\"line\":\"a\"}",
                    line(1, "a", 1, "x"),
                    "null"),
                event(
                    "order_lines",
                    "u",
                    "{\"order_id\":2,\"line\":\"a\"}",
                    line(1, "b", 20, "it's"),
                    line(2, "a", 20, "moved")))));

    assertThat(
            rows(
                "SELECT order_id, line, qty, note FROM "
                    + qualified("order_lines")
                    + " ORDER BY order_id, line"))
        .containsExactly("2|a|20|moved");
    assertThat(rows("SELECT id FROM " + qualified("matrix"))).containsExactly("1");
    assertThat(storedOffsets())
        .containsOnly(
            Map.entry(new Partition(topic("order_lines"), 0), 105L),
            Map.entry(new Partition(topic("matrix"), 0), 101L));
  }

  @Test
  void aRejectedRowRollsBackTheBatchTogetherWithItsOffsets() throws Exception {
    BatchApplier applier = applier();
    applier.apply(
        event(
            "order_lines",
            "c",
            "{\"order_id\":1,\"line\":\"a\"}",
            "null",
            line(1, "a", 1, "kept")));
    List<ChangeEvent> bad =
        all(
            List.of(
                event(
                    "order_lines",
                    "u",
                    "{\"order_id\":1,\"line\":\"a\"}",
                    "null",
                    line(1, "a", 2, "lost")),
                event("matrix", "c", "{\"id\":7}", "null", matrixRow(7, false)),
                event(
                    "order_lines",
                    "c",
                    "{\"order_id\":3,\"line\":\"a\"}",
                    "null",
                    "{\"order_id\":3,\"line\":\"a\",\"qty\":null,\"note\":null}")));

    assertThatThrownBy(() -> applier.apply(bad))
        .isInstanceOfSatisfying(
            ApplyException.class,
            e -> {
              assertThat(e.sqlState()).startsWith("23");
              assertThat(e.retriable()).isFalse();
            })
        .hasMessageContaining("upserting 2 rows into " + tgt.schema() + ".order_lines failed")
        .hasMessageContaining("godwit.src.order_lines-0 offsets 101..102")
        .hasMessageContaining("rolled back");
    assertThat(rows("SELECT order_id, line, qty, note FROM " + qualified("order_lines")))
        .containsExactly("1|a|1|kept");
    assertThat(rows("SELECT id FROM " + qualified("matrix"))).isEmpty();
    assertThat(storedOffsets())
        .containsExactly(Map.entry(new Partition(topic("order_lines"), 0), 101L));
  }

  @Test
  void changesOfATableThatIsNotMigratedAreRefused() throws Exception {
    BatchApplier applier =
        new BatchApplier(pool, targetDialect, List.of(tables.get("matrix")), offsets, epoch(1));
    List<ChangeEvent> batch =
        event("order_lines", "c", "{\"order_id\":1,\"line\":\"a\"}", "null", line(1, "a", 1, null));

    assertThatThrownBy(() -> applier.apply(batch))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("changes of table order_lines arrived, which is not migrated");
    assertThat(storedOffsets()).isEmpty();
  }

  @Test
  void aRunnerTakenOverCannotWriteAnOlderChangeOrMoveOffsetsBack() throws Exception {
    String key = "{\"order_id\":1,\"line\":\"a\"}";
    List<ChangeEvent> first = event("order_lines", "c", key, "null", line(1, "a", 1, "first"));
    List<ChangeEvent> older = event("order_lines", "u", key, "null", line(1, "a", 2, "older"));
    List<ChangeEvent> newer = event("order_lines", "u", key, "null", line(1, "a", 3, "newer"));
    BatchApplier old = applier(epoch(1));
    old.apply(first);

    takeOver(2);
    applier(epoch(2)).apply(all(List.of(older, newer)));

    assertThatThrownBy(() -> old.apply(older))
        .isInstanceOf(RunnerFencedException.class)
        .hasMessageContaining("another runner took over migration " + MIGRATION)
        .hasMessageContaining("(epoch 2 > mine 1)")
        .hasMessageContaining("stopped without writing")
        .hasMessageContaining("fix:");
    assertThat(rows("SELECT qty, note FROM " + qualified("order_lines")))
        .containsExactly("3|newer");
    assertThat(storedOffsets())
        .containsExactly(Map.entry(new Partition(topic("order_lines"), 0), 103L));
  }

  @Test
  void offsetsNeverMoveBack() throws Exception {
    String key = "{\"order_id\":1,\"line\":\"a\"}";
    List<ChangeEvent> older = event("order_lines", "c", key, "null", line(1, "a", 1, "older"));
    List<ChangeEvent> newer = event("order_lines", "u", key, "null", line(1, "a", 2, "newer"));
    BatchApplier applier = applier();
    applier.apply(newer);

    assertThatThrownBy(() -> applier.apply(older))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("would move back from 102 to 101")
        .hasMessageContaining("fix:");
    assertThat(rows("SELECT qty, note FROM " + qualified("order_lines")))
        .containsExactly("2|newer");
    assertThat(storedOffsets())
        .containsExactly(Map.entry(new Partition(topic("order_lines"), 0), 102L));
  }

  static String line(int order, String line, int qty, String note) {
    return "{\"order_id\":%d,\"line\":\"%s\",\"qty\":%d,\"note\":%s}"
        .formatted(order, line, qty, note == null ? "null" : "\"" + note + "\"");
  }
}
