package io.godwit;

import io.godwit.capture.Capture;
import io.godwit.capture.ConnectCapture;
import io.godwit.capture.EmbeddedCapture;
import io.godwit.config.CaptureSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.StateStore;
import io.godwit.transport.EmbeddedKafka;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.KafkaContinuity;
import io.godwit.transport.OlderChangeStream;
import io.godwit.transport.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The Kafka side of a {@code godwit run}: its broker (Apache Kafka in this process with {@code
 * kafka.embedded}, else the cluster the file names), the capture that feeds it, and what must hold
 * in it before the capture starts: the Kafka log is the one the target's offsets belong to
 * (correctness step 7), a first capture finds no older change stream in the tables' topics, and the
 * tables added to or left out of the file since the last run are followed or left ({@link
 * TableSetChanges}).
 */
final class RunKafka implements AutoCloseable {

  private final MigrationConfig config;
  private final EmbeddedKafka broker;
  private final String bootstrap;

  private RunKafka(MigrationConfig config, EmbeddedKafka broker) {
    this.config = config;
    this.broker = broker;
    this.bootstrap = broker == null ? config.kafka().bootstrapServers() : broker.bootstrapServers();
  }

  /** Starts the embedded broker, with {@code kafka.embedded}; else uses the file's cluster. */
  static RunKafka start(MigrationConfig config) {
    return new RunKafka(
        config, config.kafka().embedded() ? EmbeddedKafka.start(brokerData(config)) : null);
  }

  /** The embedded broker's data directory, in the work directory: the migration's topics. */
  static Path brokerData(MigrationConfig config) {
    return config.workDir().resolve("kafka");
  }

  /** The bootstrap servers the run's clients connect to. */
  String bootstrap() {
    return bootstrap;
  }

  /**
   * What must hold before the capture starts: the Kafka log is the target's (step 7), a first
   * capture finds no older change stream, tables left out stop being followed and the stream of a
   * table joining the migration starts at its topic's end as it is now, so its events after this
   * run's P0 are all behind it.
   *
   * @return the continuity check, to record once the capture proved P0
   */
  KafkaContinuity beforeCapture(
      DataSource target, StateStore store, List<TargetTable> tables, RunnerEpoch epoch)
      throws Exception {
    String prefix = config.kafka().topicPrefix();
    List<String> tableTopics =
        tables.stream()
            .map(t -> Topics.forTable(prefix, t.source().schema(), t.source().name()))
            .toList();
    List<String> topics = new ArrayList<>(tableTopics);
    topics.add(Topics.offsets(prefix));
    topics.add(Topics.schemaHistory(prefix));
    KafkaContinuity continuity = KafkaContinuity.of(config, bootstrap, target, topics);
    continuity.verify();
    if (config.capture().mode() == CaptureSettings.Mode.EMBEDDED
        && !store.captureStarted(config.name())) {
      OlderChangeStream.refuse(config, bootstrap, tableTopics);
    }
    new TableSetChanges(
            config.name(),
            prefix,
            new KafkaClients(config.kafka(), bootstrap),
            epoch,
            Dialect.of(config.target().engine()))
        .apply(target, store, tables);
    return continuity;
  }

  /** Debezium in this process, or a connector a Kafka Connect cluster runs. */
  Capture capture(List<TargetTable> tables, DataSource source) {
    List<Table> captured = tables.stream().map(TargetTable::source).toList();
    return config.capture().mode() == CaptureSettings.Mode.EXTERNAL
        ? new ConnectCapture(config, captured, bootstrap, source)
        : new EmbeddedCapture(config, captured, bootstrap);
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
  }
}
