package io.godwit.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.godwit.config.ConfigLoader;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.engine.Engine;
import io.godwit.schema.Table;
import io.godwit.testing.TestDatabase;
import io.godwit.transport.EmbeddedKafka;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change capture from one source engine into the embedded broker, end to end: P0 before any change,
 * every change of inserts, updates, deletes, a two-table transaction and a primary-key update as
 * Debezium's JSON envelope in per-key order, then a stop and restart that loses nothing. Subclasses
 * give the engine, its DDL and what its envelopes carry differently.
 */
abstract class AbstractCaptureIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(45);
  static final LocalDateTime PLACED_AT = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000);

  @TempDir Path kafkaDir;

  TestDatabase db;
  EmbeddedKafka kafka;
  MigrationConfig config;
  List<String> topics;

  abstract Engine engine();

  /**
   * {@code orders} (id, customer, total decimal(10,2), placed_at with micros, doc JSON, raw binary)
   * and {@code order_lines} keyed by (order_id, line_no).
   */
  abstract List<String> createTables();

  /** Removes what a capture of the test database left on the server (a PostgreSQL slot). */
  abstract void dropCaptureState() throws Exception;

  /** Removes what an interrupted earlier run left behind and would block creating the database. */
  void dropLeftovers() throws Exception {}

  /** Identifies the source transaction of an envelope's {@code source} block. */
  abstract String transactionOf(JsonNode source);

  /** Keys P0 must hold: a binlog position or GTID, or an LSN. */
  abstract List<String> positionKeys();

  String migration() {
    return "capture_it_" + engine().name().toLowerCase();
  }

  @BeforeEach
  void setUp() throws Exception {
    dropLeftovers();
    db = TestDatabase.create(engine(), "capture_" + engine().name());
    db.execute(createTables().toArray(String[]::new));
    db.execute("INSERT INTO orders (id, customer, total) VALUES (0, 'Old', 1.00)");
    config =
        new ConfigLoader(name -> null)
            .load(
                """
                name: %s
                source: { url: "%s", user: "%s", password: "" }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_it_capture_unused", user: postgres }
                kafka: { topic-prefix: "godwit.it.%s", partitions: 2 }
                """
                    .formatted(migration(), db.url(), db.user(), migration()),
                migration() + ".yaml");
    kafka = EmbeddedKafka.start(kafkaDir);
    String prefix = config.kafka().topicPrefix();
    topics =
        List.of(
            Topics.forTable(prefix, db.schema(), "orders"),
            Topics.forTable(prefix, db.schema(), "order_lines"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    dropCaptureState();
    db.close();
  }

  List<Table> sourceTables() throws Exception {
    try (Connection c = db.connect()) {
      return Dialect.of(engine()).catalog().tables(c, db.schema());
    }
  }

  @Test
  void streamsEveryChangeInKeyOrderAndResumesAfterARestartWithoutLoss() throws Exception {
    List<Table> tables = sourceTables();
    assertThat(tables).extracting(Table::name).containsExactlyInAnyOrder("orders", "order_lines");
    List<Event> seen = new ArrayList<>();

    try (EmbeddedCapture capture = new EmbeddedCapture(config, tables, kafka.bootstrapServers());
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      capture.start();
      Map<String, Object> p0 = capture.awaitStreaming(WAIT);
      assertThat(p0).containsKeys(positionKeys().toArray(String[]::new));
      assertThat(capture.failure()).isEmpty();

      db.execute(
          "INSERT INTO orders (id, customer, total, placed_at, doc, raw) VALUES (1, 'Ada', 12.50, '"
              + PLACED_AT
              + "', '{\"a\": 1}', "
              + binaryLiteral()
              + ")");
      try (Connection c = db.connect()) {
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
          st.execute("INSERT INTO orders (id, customer, total) VALUES (2, 'Bob', 3.00)");
          st.execute(
              "INSERT INTO order_lines (order_id, line_no, qty) VALUES (2, 1, 5), (2, 2, 7)");
        }
        c.commit();
      }
      db.execute(
          "UPDATE orders SET total = 13.75 WHERE id = 1",
          "UPDATE orders SET customer = 'Older' WHERE id = 0",
          "UPDATE order_lines SET line_no = 3 WHERE order_id = 2 AND line_no = 2",
          "DELETE FROM orders WHERE id = 1");

      seen.addAll(poll(consumer, events -> distinct(events) >= 9));
      awaitTrue(() -> capture.lastEventSourceTsMs() > 0);
      assertThat(capture.progress().lastOffset())
          .containsKeys(positionKeys().toArray(String[]::new));
    }

    Map<String, List<Event>> byKey = byKey(seen);
    assertThat(byKey.keySet())
        .containsExactlyInAnyOrder(
            "orders{\"id\":0}",
            "orders{\"id\":1}",
            "orders{\"id\":2}",
            "order_lines{\"order_id\":2,\"line_no\":1}",
            "order_lines{\"order_id\":2,\"line_no\":2}",
            "order_lines{\"order_id\":2,\"line_no\":3}");

    List<Event> one = byKey.get("orders{\"id\":1}");
    assertThat(one).extracting(Event::op).containsExactly("c", "u", "d");
    JsonNode inserted = one.get(0).value().get("after");
    assertThat(inserted.get("id").asInt()).isEqualTo(1);
    assertThat(inserted.get("customer").asText()).isEqualTo("Ada");
    assertThat(inserted.get("total").isTextual()).isTrue();
    assertThat(inserted.get("total").asText()).isEqualTo("12.50");
    assertThat(inserted.get("placed_at").asLong())
        .isEqualTo(PLACED_AT.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_456);
    assertThat(inserted.get("doc").isTextual()).isTrue();
    assertThat(JSON.readTree(inserted.get("doc").asText())).isEqualTo(JSON.readTree("{\"a\":1}"));
    assertThat(inserted.get("raw").asText()).isEqualTo("3q2+7w==");
    assertThat(one.get(0).value().get("before").isNull()).isTrue();
    assertThat(one.get(0).value().get("source").get("table").asText()).isEqualTo("orders");

    JsonNode update = one.get(1).value();
    assertThat(update.get("before").get("total").asText()).isEqualTo("12.50");
    assertThat(update.get("after").get("total").asText()).isEqualTo("13.75");
    assertThat(update.get("after").get("raw").asText()).isEqualTo("3q2+7w==");
    System.out.printf(
        "%s update event%n  key:   %s%n  value: %s%n",
        engine().displayName(), one.get(1).rawKey(), one.get(1).rawValue());

    JsonNode delete = one.get(2).value();
    assertThat(delete.get("before").get("total").asText()).isEqualTo("13.75");
    assertThat(delete.get("after").isNull()).isTrue();

    assertThat(byKey.get("orders{\"id\":0}"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.op()).isEqualTo("u");
              assertThat(e.value().get("before").get("customer").asText()).isEqualTo("Old");
              assertThat(e.value().get("after").get("customer").asText()).isEqualTo("Older");
            });

    Event order2 = byKey.get("orders{\"id\":2}").get(0);
    Event line1 = byKey.get("order_lines{\"order_id\":2,\"line_no\":1}").get(0);
    assertThat(transactionOf(line1.value().get("source")))
        .isNotBlank()
        .isEqualTo(transactionOf(order2.value().get("source")));

    // A primary-key update is a delete of the old key and a create of the new one.
    assertThat(byKey.get("order_lines{\"order_id\":2,\"line_no\":2}"))
        .extracting(Event::op)
        .containsExactly("c", "d");
    assertThat(byKey.get("order_lines{\"order_id\":2,\"line_no\":3}"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.op()).isEqualTo("c");
              assertThat(e.value().get("after").get("qty").asInt()).isEqualTo(7);
            });

    // Stopped: changes made meanwhile wait in the source's log.
    db.execute("INSERT INTO orders (id, customer, total) VALUES (3, 'Cy', 3.00)");

    try (EmbeddedCapture capture =
            new EmbeddedCapture(config, sourceTables(), kafka.bootstrapServers());
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      capture.start();
      capture.awaitStreaming(WAIT);
      db.execute("INSERT INTO orders (id, customer, total) VALUES (4, 'Di', 4.00)");
      seen.clear();
      // the 9 changes before the restart, re-delivered or not, and the 2 since
      seen.addAll(poll(consumer, events -> distinct(events) >= 11));
    }

    Map<String, List<Event>> all = byKey(seen);
    assertThat(all.get("orders{\"id\":3}")).extracting(Event::op).containsExactly("c");
    assertThat(all.get("orders{\"id\":4}")).extracting(Event::op).containsExactly("c");
    // Before the restart: every change is still there, once, or twice when re-delivered.
    assertThat(all.get("orders{\"id\":1}")).extracting(Event::op).containsExactly("c", "u", "d");
    assertThat(all.get("orders{\"id\":2}")).extracting(Event::op).containsExactly("c");
    assertThat(seen.stream().collect(Collectors.groupingBy(Event::identity, Collectors.counting())))
        .allSatisfy((identity, count) -> assertThat(count).isBetween(1L, 2L));

    // Debezium wrote to exactly the topics Topics names, and heartbeats flowed.
    String prefix = config.kafka().topicPrefix();
    try (Admin admin = Admin.create(clients().admin("it"));
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      assertThat(admin.listTopics().names().get())
          .filteredOn(t -> t.startsWith(prefix) || t.startsWith("__debezium"))
          .containsAll(topics)
          .isSubsetOf(
              topics.get(0),
              topics.get(1),
              Topics.heartbeat(prefix),
              Topics.offsets(prefix),
              Topics.schemaHistory(prefix));
      TopicPartition heartbeats = new TopicPartition(Topics.heartbeat(prefix), 0);
      assertThat(consumer.endOffsets(List.of(heartbeats)).get(heartbeats)).isPositive();
    }
  }

  /**
   * A capture that stops before the connector stored any offset (kill -9, or a lost connection
   * whose last offset commit fails as well) starts again where the source's log is now, not at P0:
   * without a snapshot the binlog connectors begin at the log's end. The changes in between would
   * be missing for every row the snapshot had copied already. So P0 is proven only once the offsets
   * topic holds the connector's position.
   */
  @Test
  void streamingIsProvenOnlyOnceTheConnectorsPositionIsStored() throws Exception {
    String offsets = Topics.offsets(config.kafka().topicPrefix());
    try (EmbeddedCapture capture =
            new EmbeddedCapture(config, sourceTables(), kafka.bootstrapServers());
        Admin admin = Admin.create(clients().admin("it"))) {
      capture.start();
      capture.awaitStreaming(WAIT);
      assertThat(Topics.endOffsets(admin, List.of(offsets)).values())
          .as("records in %s when streaming is proven", offsets)
          .anySatisfy(end -> assertThat(end).isPositive());
    }
  }

  @Test
  void aSourceThatRefusesTheUserStopsTheCaptureWithTheFix() throws Exception {
    MigrationConfig refused =
        new ConfigLoader(name -> null)
            .load(
                """
                name: %s
                source: { url: "%s", user: godwit_it_capture_nobody, password: wrong }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/godwit_it_capture_unused", user: postgres }
                """
                    .formatted(migration(), db.url()),
                "refused.yaml");
    List<CaptureException> told = new CopyOnWriteArrayList<>();
    try (EmbeddedCapture capture =
        new EmbeddedCapture(refused, sourceTables(), kafka.bootstrapServers(), told::add)) {
      capture.start();
      assertThatThrownBy(() -> capture.awaitStreaming(WAIT))
          .isInstanceOf(CaptureException.class)
          .hasMessageStartingWith("change capture from " + db.url())
          .hasMessageContaining("godwit_it_capture_nobody")
          .hasMessageEndingWith("fix: check source.user and source.password");
      assertThat(capture.failure()).isPresent();
      assertThat(told).singleElement().isSameAs(capture.failure().get());
    }
  }

  KafkaClients clients() {
    return new KafkaClients(config.kafka(), kafka.bootstrapServers());
  }

  KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = clients().consumer("it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(topics);
    return consumer;
  }

  String binaryLiteral() {
    return "X'DEADBEEF'";
  }

  /**
   * Reads change events until {@code done} holds for everything read so far, or fails after {@link
   * #WAIT}.
   */
  List<Event> poll(KafkaConsumer<byte[], byte[]> consumer, Predicate<List<Event>> done)
      throws Exception {
    List<Event> events = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(events)) {
      assertThat(System.nanoTime()).as("events so far: %s", events).isLessThan(deadline);
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
        events.add(Event.of(r));
      }
    }
    return events;
  }

  /**
   * The capture records what it delivered just after Kafka acknowledged it, so a reader may be
   * first.
   */
  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  static long distinct(List<Event> events) {
    return events.stream().map(Event::identity).distinct().count();
  }

  static Map<String, List<Event>> byKey(Collection<Event> events) {
    Map<String, List<Event>> byKey = new LinkedHashMap<>();
    for (Event e : events) {
      byKey.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e);
    }
    // a re-delivered run repeats events already seen; keep each one once, in first-seen order
    byKey.replaceAll(
        (key, list) ->
            list.stream()
                .collect(
                    Collectors.toMap(
                        Event::identity, e -> e, (first, again) -> first, LinkedHashMap::new))
                .values()
                .stream()
                .toList());
    return byKey;
  }

  /** One change event as read from a table topic. */
  record Event(String table, String rawKey, String rawValue, JsonNode key, JsonNode value) {

    static Event of(ConsumerRecord<byte[], byte[]> r) throws Exception {
      String rawKey = new String(r.key(), UTF_8);
      String rawValue = new String(r.value(), UTF_8);
      String table = r.topic().substring(r.topic().lastIndexOf('.') + 1);
      return new Event(table, rawKey, rawValue, JSON.readTree(rawKey), JSON.readTree(rawValue));
    }

    String id() {
      return table + key;
    }

    String op() {
      return value.get("op").asText();
    }

    /**
     * The change itself, without the time the connector processed it (which a re-delivery changes).
     */
    String identity() {
      ObjectNode change = value.deepCopy();
      change.remove(List.of("ts_ms", "ts_us", "ts_ns"));
      return id() + change;
    }
  }
}
