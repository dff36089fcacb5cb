package io.godwit.apply;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic ({@code apply.dead-letter: true}): an event the applier cannot apply is
 * written there unchanged, with headers naming where it came from and why, and acknowledged by
 * Kafka before its offset is committed on the target. Nothing is dropped without a copy; a batch
 * retried after a crash may write the same event twice.
 */
public final class DeadLetters implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;

  public DeadLetters(String topic, Properties producerProperties) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public String topic() {
    return topic;
  }

  /** Writes {@code record} to the dead-letter topic and waits for Kafka's acknowledgement. */
  void send(ConsumerRecord<byte[], byte[]> record, String table, String reason)
      throws ApplyException {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(topic, record.key(), record.value());
    letter.headers().add("godwit.table", table.getBytes(UTF_8));
    letter.headers().add("godwit.topic", record.topic().getBytes(UTF_8));
    letter.headers().add("godwit.partition", String.valueOf(record.partition()).getBytes(UTF_8));
    letter.headers().add("godwit.offset", String.valueOf(record.offset()).getBytes(UTF_8));
    letter.headers().add("godwit.reason", reason.getBytes(UTF_8));
    try {
      producer.send(letter).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplyException.retriable(
          "interrupted while writing to the dead-letter topic " + topic, e);
    } catch (ExecutionException e) {
      throw ApplyException.retriable(
          "cannot write %s-%d offset %d to the dead-letter topic %s: %s; fix: check that Kafka is up"
                  .formatted(
                      record.topic(), record.partition(), record.offset(), topic, e.getCause())
              + " and the user may write to it",
          e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
