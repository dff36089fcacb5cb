package io.godwit.live;

import static io.godwit.live.LiveMigrationIT.start;
import static io.godwit.live.LiveMigrationIT.statusError;
import static io.godwit.testing.Waits.waitUntil;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.demo.ShopSchema;
import io.godwit.engine.Engine;
import io.godwit.snapshot.PausePoints;
import io.godwit.testing.Ports;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.godwit.transport.EmbeddedKafka;
import io.godwit.transport.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change the target refuses for its content (here a CHECK constraint the target has and the
 * source has not): by default it stops its table with the reason and where the change is, and the
 * other tables go on; with {@code apply.dead-letter: true} it goes to the dead-letter topic
 * unchanged, is counted, and its table goes on. MariaDB -> PostgreSQL.
 */
class RejectedChangeLiveIT {

  private static final String REFUSE =
      "ALTER TABLE customers ADD CONSTRAINT no_poison CHECK (name <> 'poison')";

  @TempDir Path workDir;

  @Test
  void aRejectedChangeStopsItsTableNamingWhereItIsAndTheOthersGoOn() throws Exception {
    try (TestDatabase src = TestDatabase.create(Engine.MARIADB, "reject_stop_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "reject_stop_tgt")) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.MARIADB, 50);
      }
      MigrationConfig config =
          TestMigration.config("reject_stop", src, tgt, "work-dir: \"%s\"".formatted(workDir));
      LiveMigration live = new LiveMigration(config, new SimpleMeterRegistry(), PausePoints.NONE);
      CompletableFuture<Void> running = start(live);
      try {
        waitUntil(
            Duration.ofMinutes(3),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        tgt.execute(REFUSE);
        src.execute(
            "UPDATE customers SET name = 'poison' WHERE id = 3",
            "UPDATE customers SET name = 'after' WHERE id = 4");

        waitUntil(
            Duration.ofSeconds(60),
            "customers to stop",
            () -> live.stoppedTables().contains("customers"));
        assertThat(live.stoppedTables()).containsExactly("customers");
        assertThat(statusError(tgt, "reject_stop", "customers"))
            .contains("cannot apply the change to customers at godwit.reject_stop.")
            .contains("offset")
            .contains("(key [3])")
            .contains("the target rejected it")
            .contains("no_poison")
            .contains("fix:");
        assertThat(name(tgt, 3)).isNotEqualTo("poison");

        src.execute("UPDATE products SET price = 12345.67");
        waitUntil(
            Duration.ofSeconds(60),
            "the products change after the refused one to be applied",
            () -> "12345.67".equals(value(tgt, "SELECT MIN(price) FROM products")));
        assertThat(running).isNotCompletedExceptionally();
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
      }
    }
  }

  @Test
  void withDeadLettersARejectedChangeIsDivertedUnchangedAndItsTableGoesOn() throws Exception {
    EmbeddedKafka broker =
        EmbeddedKafka.start(workDir.resolve("external-kafka"), Ports.free(), Ports.free());
    try (broker;
        TestDatabase src = TestDatabase.create(Engine.MARIADB, "reject_dlq_src");
        TestDatabase tgt = TestDatabase.create(Engine.POSTGRESQL, "reject_dlq_tgt")) {
      try (Connection c = src.connect()) {
        ShopSchema.create(c, Engine.MARIADB, 50);
      }
      MigrationConfig config =
          TestMigration.config(
              "reject_dlq",
              src,
              tgt,
              "work-dir: \"%s\"\nkafka: { bootstrap-servers: \"%s\" }\napply: { dead-letter: true }"
                  .formatted(workDir, broker.bootstrapServers()));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      LiveMigration live = new LiveMigration(config, meters, PausePoints.NONE);
      CompletableFuture<Void> running = start(live);
      try {
        waitUntil(
            Duration.ofMinutes(3),
            "the snapshot to finish or the run to end",
            () -> live.snapshotResult() != null || running.isDone());
        assertThat(running).isNotCompletedExceptionally();
        String before = name(tgt, 3);
        tgt.execute(REFUSE);
        src.execute(
            "UPDATE customers SET name = 'poison' WHERE id = 3",
            "UPDATE customers SET name = 'after' WHERE id = 4");

        waitUntil(
            Duration.ofSeconds(60),
            "the change after the refused one to be applied",
            () -> "after".equals(name(tgt, 4)));
        assertThat(live.stoppedTables()).isEmpty();
        assertThat(name(tgt, 3)).as("the refused change is not applied").isEqualTo(before);
        assertThat(
                meters.get("godwit.apply.dead.letters").tag("table", "customers").counter().count())
            .isEqualTo(1);

        List<ConsumerRecord<byte[], byte[]>> letters =
            readAll(config, broker.bootstrapServers(), "godwit.reject_dlq.dead-letter");
        assertThat(letters).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(new String(letter.key(), UTF_8)).isEqualTo("{\"id\":3}");
        assertThat(new String(letter.value(), UTF_8)).contains("\"name\":\"poison\"");
        assertThat(header(letter, "godwit.table")).isEqualTo("customers");
        assertThat(header(letter, "godwit.topic"))
            .isEqualTo("godwit.reject_dlq." + src.name() + ".customers");
        assertThat(header(letter, "godwit.offset")).matches("[0-9]+");
        assertThat(header(letter, "godwit.reason")).contains("the target rejected it");
        assertThat(running).isNotCompletedExceptionally();
      } finally {
        live.stop(Duration.ofSeconds(60));
        running.exceptionally(e -> null).join();
      }
    }
  }

  private static String name(TestDatabase db, int id) throws Exception {
    return value(db, "SELECT name FROM customers WHERE id = " + id);
  }

  private static String value(TestDatabase db, String select) throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(select)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      MigrationConfig config, String bootstrap, String topic) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    Properties props = new KafkaClients(config.kafka(), bootstrap).consumer("reject-check");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < end && all.isEmpty()) {
        consumer.poll(Duration.ofMillis(500)).forEach(all::add);
      }
      consumer.poll(Duration.ofSeconds(1)).forEach(all::add);
    }
    return all;
  }
}
