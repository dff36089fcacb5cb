package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.control.StatusView;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
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
    HikariDataSource oldSource = null;
    try (HikariDataSource target = PoolSizes.SERIAL.target(config, meters)) {
      StatusReader reader = new StatusReader(target);
      ValidationRecords validations = new ValidationRecords(target, config.name());
      CutoverRecords cutovers = new CutoverRecords(target, config.name());
      while (true) {
        CutoverRecords.Attempt cutover = cutovers.latest().orElse(null);
        Optional<String> r0 =
            cutover != null && cutover.state() == AttemptState.DONE
                ? cutovers.reversePosition(cutover.attempt())
                : Optional.empty();
        StatusView.ReverseView reverse = null;
        if (r0.isPresent()) {
          // A source that cannot be read says why in the reverse section instead of failing the
          // status of the target that took over.
          try {
            if (oldSource == null) {
              oldSource = PoolSizes.SERIAL.source(config, meters);
            }
            reverse =
                ReverseRunning.read(oldSource, ReverseStream.config(config).name(), r0.get(), null);
          } catch (SQLException | RuntimeException e) {
            reverse =
                StatusView.ReverseView.unreadable(
                    r0.get(), Redaction.loaded().apply(e.getMessage()));
          }
        }
        StoredStatus status =
            new StoredStatus(
                config.name(),
                reader.tables(config.name()),
                validations.latest(),
                cutover,
                reverse);
        show.accept(status);
        if (every.isEmpty()) {
          return status;
        }
        Thread.sleep(every.get().toMillis());
      }
    } finally {
      if (oldSource != null) {
        oldSource.close();
      }
    }
  }
}
