package io.godwit.testing;

import io.godwit.transport.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One {@link EmbeddedKafka} broker for the in-process live runs of a test JVM, as an external
 * cluster: a run with an empty {@code kafka.bootstrap-servers} starts and stops a broker of its own
 * (about 0.4 s each way when warm). Each run on it gets topics of its own through a topic prefix no
 * other run uses. Runs that test the embedded broker itself (its data in the work directory, its
 * restart, its death with a killed process, its cluster id) keep their own.
 */
public final class SharedKafka {

  private static EmbeddedKafka broker;

  private SharedKafka() {}

  /**
   * The {@code kafka} section of a migration file named {@code name} on the shared broker: its
   * address, and topics under {@code godwit.<name>.<random>}. A test that restarts a run reuses the
   * section, and so its topics.
   */
  public static String yaml(String name) {
    return "kafka: { bootstrap-servers: \"%s\", topic-prefix: \"godwit.%s.%s\" }"
        .formatted(
            bootstrapServers(),
            name,
            Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20));
  }

  private static synchronized String bootstrapServers() {
    if (broker == null) {
      try {
        // under target/, which the next clean build deletes
        Path target = Files.createDirectories(Path.of("target"));
        broker = EmbeddedKafka.start(Files.createTempDirectory(target, "shared-kafka"));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-kafka-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return broker.bootstrapServers();
  }
}
