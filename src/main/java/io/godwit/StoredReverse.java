package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The reverse stream's progress for {@code godwit status} and {@code godwit report} with no run up:
 * read from the old source's state store, where the reverse stream keeps it, once the cutover
 * recorded an R0. The old source is opened at the first such read and closed with this.
 */
final class StoredReverse implements AutoCloseable {

  private final MigrationConfig config;
  private final MeterRegistry meters;
  private HikariDataSource oldSource;

  StoredReverse(MigrationConfig config, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
  }

  /**
   * @param cutovers the migration's cutover attempts in the target's state store
   * @return empty when the latest cutover is not done or recorded no R0; an old source that cannot
   *     be read gives a progress saying why, so the target's status and report still come
   */
  Optional<ReverseProgress> read(CutoverRecords cutovers) throws SQLException {
    Optional<CutoverRecords.Attempt> latest = cutovers.latest();
    if (latest.isEmpty() || latest.get().state() != AttemptState.DONE) {
      return Optional.empty();
    }
    Optional<String> r0 = cutovers.reversePosition(latest.get().attempt());
    if (r0.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (oldSource == null) {
        oldSource = PoolSizes.SERIAL.source(config, meters);
      }
      return Optional.of(
          ReverseProgress.read(oldSource, ReverseStream.config(config).name(), r0.get()));
    } catch (SQLException | RuntimeException e) {
      return Optional.of(
          ReverseProgress.unreadable(r0.get(), Redaction.loaded().apply(e.getMessage())));
    }
  }

  @Override
  public void close() {
    if (oldSource != null) {
      oldSource.close();
    }
  }
}
