package io.godwit.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.KafkaSettings;
import io.godwit.db.Finding;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  static final String TOPIC = "godwit.it.shop.orders";
  static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  @TempDir Path dir;

  static KafkaClients clients(EmbeddedKafka kafka) {
    return new KafkaClients(
        new KafkaSettings("", "godwit.it", 1, Optional.empty(), Map.of()),
        kafka.bootstrapServers());
  }

  /**
   * The applier's consumer settings, reading a topic the group has no offset for from its start.
   */
  static Properties fromTheStart(KafkaClients clients) {
    Properties props = clients.consumer("applier");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  /**
   * A port found free can be taken before the broker binds it; the broker then starts on new ports,
   * and gives up with the port named after three attempts.
   */
  @Test
  void startsOnNewPortsWhenItsPortIsTakenBeforeItBindsIt() throws Exception {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int taken = held.getLocalPort();
      Deque<Integer> ports = new ArrayDeque<>(List.of(taken, free(), free(), free()));
      try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), ports::pop)) {
        assertThat(kafka.bootstrapServers()).doesNotEndWith(":" + taken);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
          assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
      }
      assertThat(ports).isEmpty();

      assertThatThrownBy(() -> EmbeddedKafka.start(dir.resolve("kafka"), () -> taken))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessageContaining(String.valueOf(taken))
          .hasMessageContaining("cannot start the embedded Kafka broker");
    }
  }

  private static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The broker's data is every change event; its listeners have no authentication. */
  @Test
  void keepsItsDataOwnerOnlyAndListensOnLoopbackOnly() throws Exception {
    Path work = dir.resolve("work");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work)))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kafka.dataDir())))
          .isEqualTo("rwx------");
      int port = Integer.parseInt(kafka.bootstrapServers().replaceAll(".*:", ""));
      List<InetAddress> others =
          NetworkInterface.networkInterfaces()
              .flatMap(NetworkInterface::inetAddresses)
              .filter(address -> !address.isLoopbackAddress())
              .toList();
      System.out.printf("non-loopback addresses checked: %s%n", others);
      for (InetAddress address : others) {
        assertThatThrownBy(
                () -> {
                  try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 2000);
                  }
                })
            .as("broker port %d on %s", port, address)
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void lz4CompressedEventsRoundTrip() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      KafkaClients clients = clients(kafka);
      try (Admin admin = Admin.create(clients.admin("it"))) {
        assertThat(Topics.ensure(admin, List.of(TOPIC), 1, Optional.empty())).isEmpty();
      }
      Properties producerProps = clients.producer("it");
      producerProps.put("compression.type", "lz4");
      String value = "x".repeat(10_000);
      try (var producer = new KafkaProducer<byte[], byte[]>(producerProps)) {
        producer.send(record("1", value)).get();
      }
      try (var consumer = new KafkaConsumer<byte[], byte[]>(fromTheStart(clients))) {
        consumer.subscribe(List.of(TOPIC));
        assertThat(poll(consumer, 1))
            .extracting(r -> new String(r.value(), UTF_8))
            .containsExactly(value);
      }
    }
  }

  @Test
  void restartedOnTheSameDirectoryKeepsTopicsMessagesAndCommittedOffsets() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      KafkaClients clients = clients(kafka);
      try (Admin admin = Admin.create(clients.admin("it"))) {
        assertThat(Topics.ensure(admin, List.of(TOPIC), 1, Optional.empty())).isEmpty();
      }
      try (var producer = new KafkaProducer<byte[], byte[]>(clients.producer("it"))) {
        producer.send(record("1", "first")).get();
        producer.send(record("2", "second")).get();
      }
      try (var consumer = new KafkaConsumer<byte[], byte[]>(fromTheStart(clients))) {
        consumer.subscribe(List.of(TOPIC));
        List<ConsumerRecord<byte[], byte[]>> read = poll(consumer, 2);
        assertThat(read)
            .extracting(r -> new String(r.value(), UTF_8))
            .containsExactly("first", "second");
        consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(1)));
      }
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      KafkaClients clients = clients(kafka);
      try (Admin admin = Admin.create(clients.admin("it"))) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
        assertThat(
                admin
                    .listConsumerGroupOffsets("applier")
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(PARTITION)
                    .offset())
            .isEqualTo(1);
      }
      try (var consumer = new KafkaConsumer<byte[], byte[]>(fromTheStart(clients))) {
        consumer.subscribe(List.of(TOPIC));
        assertThat(poll(consumer, 1))
            .singleElement()
            .satisfies(r -> assertThat(new String(r.value(), UTF_8)).isEqualTo("second"));
      }
    }
  }

  @Test
  void existingTopicsThatDeleteMessagesTooEarlyAreReported() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        Admin admin = Admin.create(clients(kafka).admin("it"))) {
      assertThat(Topics.ensure(admin, List.of(TOPIC), 3, Optional.of(Duration.ofDays(30))))
          .isEmpty();
      assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
          .hasSize(3);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      admin
          .incrementalAlterConfigs(
              Map.of(
                  resource,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(
                              "retention.ms", String.valueOf(Duration.ofDays(7).toMillis())),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();

      assertThat(Topics.ensure(admin, Set.of(TOPIC), 3, Optional.of(Duration.ofDays(7)))).isEmpty();
      List<Finding> findings = Topics.ensure(admin, Set.of(TOPIC), 3, Optional.empty());
      assertThat(findings)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.isBlocker()).isTrue();
                assertThat(f.message())
                    .isEqualTo(
                        "topic godwit.it.shop.orders must keep messages for the whole migration"
                            + " (retention.ms=-1), found 7 days");
                assertThat(f.fix())
                    .contains("--entity-name godwit.it.shop.orders", "retention.ms=-1");
              });
    }
  }

  @Test
  void aNonEmptyDirectoryWithoutKafkaDataIsRefusedWithItsName() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not Kafka");
    assertThatThrownBy(() -> EmbeddedKafka.start(dir))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not empty")
        .hasMessageContaining("fix:");
  }

  private static ProducerRecord<byte[], byte[]> record(String key, String value) {
    return new ProducerRecord<>(TOPIC, key.getBytes(UTF_8), value.getBytes(UTF_8));
  }

  private static List<ConsumerRecord<byte[], byte[]>> poll(
      KafkaConsumer<byte[], byte[]> consumer, int count) {
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (read.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(read::add);
    }
    return read;
  }
}
