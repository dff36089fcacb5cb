package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code godwit status}: read from the state store in the target, so it works from any shell or
 * machine that reaches the target, whether a {@code godwit run} is running or not.
 */
record StatusCommand(MigrationConfig config, MeterRegistry meters) {

  /**
   * Reads the status and hands it to {@code show}; with {@code every}, again at that interval on
   * the same connections until the thread is interrupted.
   *
   * @return the status read, when {@code every} is empty
   */
  StoredStatus status(Optional<Duration> every, Consumer<StoredStatus> show) throws Exception {
    try (HikariDataSource target = PoolSizes.SERIAL.target(config, meters);
        StoredReverse reverse = new StoredReverse(config, meters)) {
      StatusReader reader = new StatusReader(target);
      ValidationRecords validations = new ValidationRecords(target, config.name());
      CutoverRecords cutovers = new CutoverRecords(target, config.name());
      while (true) {
        StoredStatus status =
            new StoredStatus(
                config.name(),
                reader.tables(config.name()),
                validations.latest(),
                cutovers.latest().orElse(null),
                reverse.read(cutovers).orElse(null));
        show.accept(status);
        if (every.isEmpty()) {
          return status;
        }
        Thread.sleep(every.get().toMillis());
      }
    }
  }
}
