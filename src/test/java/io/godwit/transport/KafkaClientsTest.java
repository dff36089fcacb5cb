package io.godwit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.config.KafkaSettings;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  static final Map<String, String> TLS =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.jaas.config", "secret",
          "linger.ms", "50");

  final KafkaClients clients =
      new KafkaClients(
          new KafkaSettings("broker:9092", "godwit.shop", 3, Optional.empty(), TLS), "broker:9092");

  @Test
  void producerWaitsForEveryReplicaAndNeverDuplicatesOrReorders() {
    Properties p = clients.producer("capture");
    assertThat(p)
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("client.id", "capture")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("compression.type", "lz4")
        .containsEntry("batch.size", "262144")
        .containsEntry("key.serializer", ByteArraySerializer.class.getName())
        .containsEntry("value.serializer", ByteArraySerializer.class.getName());
  }

  @Test
  void consumerCommitsOnlyWhenToldNeverResetsAndReadsCommittedRecords() {
    Properties p = clients.consumer("applier");
    assertThat(p)
        .containsEntry("group.id", "applier")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("auto.offset.reset", "none")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("key.deserializer", ByteArrayDeserializer.class.getName())
        .containsEntry("value.deserializer", ByteArrayDeserializer.class.getName());
  }

  @Test
  void migrationFilePropertiesArePassedToEveryClientAndWin() {
    for (Properties p :
        new Properties[] {clients.admin("a"), clients.producer("p"), clients.consumer("c")}) {
      assertThat(p)
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.jaas.config", "secret");
    }
    assertThat(clients.producer("p")).containsEntry("linger.ms", "50");
  }

  @Test
  void theGivenBootstrapServersAreUsedForTheEmbeddedBroker() {
    KafkaClients embedded =
        new KafkaClients(
            new KafkaSettings("", "godwit.shop", 1, Optional.empty(), Map.of()), "127.0.0.1:40001");
    assertThat(embedded.admin("a")).containsEntry("bootstrap.servers", "127.0.0.1:40001");
    assertThat(embedded.connection()).containsOnlyKeys("bootstrap.servers");
  }
}
