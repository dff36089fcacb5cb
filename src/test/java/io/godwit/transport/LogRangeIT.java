package io.godwit.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier's consumer never moves an offset outside the log on its own: a stored offset whose
 * events were deleted, or one past the log's end, is fatal with a named fix instead of a reset.
 */
class LogRangeIT {

  static final String TOPIC = "godwit.it.shop.range";
  static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  @TempDir Path dir;

  @Test
  void anOffsetOutsideTheLogIsFatalNotAReset() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      KafkaClients clients = EmbeddedKafkaIT.clients(kafka);
      try (Admin admin = Admin.create(clients.admin("it"))) {
        assertThat(Topics.ensure(admin, List.of(TOPIC), 1, Optional.empty())).isEmpty();
        try (var producer = new KafkaProducer<byte[], byte[]>(clients.producer("it"))) {
          for (int i = 0; i < 5; i++) {
            producer
                .send(new ProducerRecord<>(TOPIC, ("k" + i).getBytes(UTF_8), new byte[1]))
                .get();
          }
        }
        // what retention does to the oldest events
        admin.deleteRecords(Map.of(PARTITION, RecordsToDelete.beforeOffset(3))).all().get();
      }
      try (var consumer = new KafkaConsumer<byte[], byte[]>(clients.consumer("kc-range"))) {
        consumer.assign(List.of(PARTITION));
        consumer.seek(PARTITION, 1);
        OffsetOutOfRangeException outOfRange =
            catchThrowableOfType(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    assertThat(consumer.poll(Duration.ofMillis(250)))
                        .as("records read after a silent reset to the log's start")
                        .isEmpty();
                  }
                },
                OffsetOutOfRangeException.class);
        assertThat(outOfRange).as("the consumer's fetch from a deleted offset fails").isNotNull();
        assertThat(LogRange.explain(consumer, outOfRange))
            .hasMessageContaining(
                TOPIC
                    + "-0: the next change to apply is at offset 1, but the log now starts at 3:"
                    + " 2 events were deleted (kafka.retention, or by hand) before they were"
                    + " applied")
            .hasMessageContaining("fix: keep kafka.retention at unlimited")
            .hasMessageContaining("start the migration afresh");

        assertThatThrownBy(() -> LogRange.check(consumer, Map.of(PARTITION, 9L)))
            .isInstanceOf(KafkaContinuityException.class)
            .hasMessageContaining(
                TOPIC
                    + "-0: the target applied the changes up to offset 9, but the log now ends"
                    + " at 5: Kafka lost 4 events that were applied")
            .hasMessageContaining("fix:");
        LogRange.check(consumer, Map.of(PARTITION, 3L));
        LogRange.check(consumer, Map.of(PARTITION, 5L));
      }
    }
  }
}
