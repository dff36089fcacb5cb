package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.control.CutoverDocument;
import io.godwit.plan.PlanResult;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.Snapshot;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.state.ValidationResult;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import io.godwit.trial.ChunkClock;
import io.godwit.trial.Projection;
import io.godwit.trial.TableSample;
import io.godwit.trial.TrialResult;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trial measures on its running sample, step by step: the snapshot (rows, bytes and seconds
 * per table, each chunk's commit time), the source's change rate over the streaming window (events
 * the capture put in Kafka), the applier's capacity (its drain of a backlog built by pausing it for
 * a quarter of the window), the drain to proven zero lag and the validation a cutover would run,
 * and the cutover's dry run.
 */
final class TrialMeasurement {

  private static final Logger log = LoggerFactory.getLogger(TrialMeasurement.class);
  private static final Duration DRAIN = Duration.ofMinutes(10);
  private static final long POLL_MS = 200;

  private final MigrationConfig trial;
  private final MeterRegistry meters;
  private final LiveMigration live;
  private final CompletableFuture<Void> running;
  private final ChunkClock clock;
  private final Duration window;

  TrialMeasurement(
      MigrationConfig trial,
      MeterRegistry meters,
      LiveMigration live,
      CompletableFuture<Void> running,
      ChunkClock clock,
      Duration window) {
    this.trial = trial;
    this.meters = meters;
    this.live = live;
    this.running = running;
    this.clock = clock;
    this.window = window;
  }

  /** Everything measured; {@link #result} adds the projections. */
  record Measured(
      SnapshotResult snapshot,
      Map<String, List<Projection.Chunk>> chunks,
      int workers,
      Map<String, Long> planBytes,
      TrialResult.Streaming streaming,
      double drainSeconds,
      double validationSeconds,
      ValidationResult validation,
      CutoverDocument.Checked dryRun) {

    TrialResult result(
        String staging,
        String sample,
        List<TableSample> samples,
        PlanResult plan,
        List<String> cleanup) {
      List<TrialResult.TableProjection> tables = new ArrayList<>();
      List<double[]> spreads = new ArrayList<>();
      List<Projection.Table> projections = new ArrayList<>();
      long sampleRows = 0;
      long fullRows = 0;
      // in the snapshot's order, the order its tables copied in
      for (SnapshotResult.TableResult copied : snapshot.tables()) {
        TableSample s =
            samples.stream()
                .filter(candidate -> candidate.table().equals(copied.source()))
                .findFirst()
                .orElseThrow();
        List<Projection.Chunk> tableChunks = chunks.getOrDefault(s.table(), List.of());
        long rows = s.tableRows();
        double projected = Projection.fullCopySeconds(tableChunks, rows, workers);
        double spread = Projection.relativeSpread(tableChunks);
        double projectedIndex = copied.indexSeconds() * Projection.scale(copied.rows(), rows);
        tables.add(
            new TrialResult.TableProjection(
                s.table(),
                s.condition().orElse(""),
                s.note(),
                copied.rows(),
                copied.bytes(),
                Projection.sampleSeconds(tableChunks, workers),
                rows,
                planBytes.getOrDefault(s.table(), 0L),
                projected,
                spread,
                copied.indexSeconds(),
                projectedIndex));
        spreads.add(new double[] {projected, spread});
        projections.add(new Projection.Table(projected, projectedIndex));
        sampleRows += copied.rows();
        fullRows += Math.max(rows, copied.rows());
      }
      List<Projection.Step> steps =
          snapshot.steps().stream()
              .filter(step -> step.number() != Snapshot.COPY_STEP)
              .map(
                  step ->
                      step.number() == Snapshot.INDEX_STEP
                          ? new Projection.Step(
                              step.name() + " (besides waiting for the builds the copy started)",
                              Math.max(0, step.seconds() - snapshot.indexWaitSeconds()),
                              false)
                          : new Projection.Step(
                              step.name(),
                              step.seconds(),
                              Snapshot.STEPS_READING_ROWS.contains(step.number())))
              .toList();
      double total = Projection.totalSeconds(projections, steps, sampleRows, fullRows);
      TrialResult.Streaming measuredStreaming =
          new TrialResult.Streaming(
              streaming.windowSeconds(),
              streaming.changeRate(),
              streaming.capacity(),
              Projection.catchUpSeconds(streaming.changeRate(), streaming.capacity(), total));
      Double expected = dryRun.expectedFreezeSeconds();
      TrialResult.Downtime downtime =
          new TrialResult.Downtime(
              drainSeconds,
              validationSeconds,
              Projection.downtimeSeconds(drainSeconds, validationSeconds, sampleRows, fullRows),
              expected == null ? Double.NaN : expected);
      List<String> checks =
          dryRun.checks().stream()
              .map(c -> "%s %s: %s".formatted(c.ok() ? "ok" : "FAILED", c.name(), c.detail()))
              .toList();
      return new TrialResult(
          snapshot.migration(),
          staging,
          sample,
          tables,
          new TrialResult.SnapshotProjection(
              snapshot.seconds(),
              snapshot.rows(),
              steps,
              Projection.scale(sampleRows, fullRows),
              snapshot.indexWaitSeconds(),
              Projection.indexTailSeconds(projections),
              total,
              Projection.totalSpread(spreads)),
          measuredStreaming,
          downtime,
          checks,
          plan.findings(),
          validation,
          cleanup);
    }
  }

  Measured measure(List<TargetTable> planned) throws Exception {
    log.info("Trial step 1/5 - snapshot of the sample");
    SnapshotResult snapshot = awaitSnapshot();
    Map<String, Long> planBytes = new HashMap<>();
    for (TargetTable t : planned) {
      planBytes.put(t.source().name(), t.source().estimatedBytes());
    }
    try (HikariDataSource source = PoolSizes.VALIDATE.source(trial, meters);
        HikariDataSource target = PoolSizes.VALIDATE.target(trial, meters)) {
      Map<String, List<Projection.Chunk>> chunks = chunks(target, snapshot);

      log.info("Trial step 2/5 - streaming for {} under the source's changes", window);
      TrialResult.Streaming streaming = stream(planned);

      log.info("Trial step 3/5 - drain to proven zero lag");
      long started = System.nanoTime();
      live.drain(DRAIN);
      double drainSeconds = (System.nanoTime() - started) / 1e9;

      log.info("Trial step 4/5 - validation of the staging target against the sample");
      List<TargetTable> tables = new Planner(trial, source, target).prepare(false).tables();
      started = System.nanoTime();
      ValidationResult validation =
          Validator.of(trial, source, target, live.control()::drain, meters)
              .validate(tables, false);
      double validationSeconds = (System.nanoTime() - started) / 1e9;

      log.info("Trial step 5/5 - cutover --dry-run");
      CutoverDocument.Checked dryRun = live.control().cutover(true).checked();
      failIfStopped();
      return new Measured(
          snapshot,
          chunks,
          trial.snapshot().workers(),
          planBytes,
          streaming,
          drainSeconds,
          validationSeconds,
          validation,
          dryRun);
    }
  }

  private SnapshotResult awaitSnapshot() throws Exception {
    while (live.snapshotResult() == null) {
      failIfStopped();
      Thread.sleep(POLL_MS);
    }
    return live.snapshotResult();
  }

  /**
   * Half the window streaming as it comes, a quarter with the applier paused (the backlog it then
   * drains shows its capacity), then the drain; the change rate is counted over all of it.
   */
  private TrialResult.Streaming stream(List<TargetTable> tables) throws Exception {
    List<String> topics =
        tables.stream()
            .map(
                t ->
                    Topics.forTable(
                        trial.kafka().topicPrefix(), t.source().schema(), t.source().name()))
            .toList();
    KafkaClients clients = new KafkaClients(trial.kafka(), live.bootstrapServers());
    try (Admin admin = Admin.create(clients.admin("godwit-trial-" + trial.name()))) {
      long produced = produced(admin, topics);
      long started = System.nanoTime();
      await(window.dividedBy(2));
      live.control().applyPaused(List.of(), true);
      await(window.dividedBy(4));
      // counted from before the resume: the applier may drain the backlog before the call returns
      long appliedBefore = live.eventsApplied();
      long resumed = System.nanoTime();
      live.control().applyPaused(List.of(), false);
      live.drain(DRAIN);
      long applied = live.eventsApplied() - appliedBefore;
      double drainSeconds = (System.nanoTime() - resumed) / 1e9;
      double windowSeconds = (System.nanoTime() - started) / 1e9;
      double changeRate = (produced(admin, topics) - produced) / windowSeconds;
      double capacity = drainSeconds > 0 && applied > 0 ? applied / drainSeconds : Double.NaN;
      return new TrialResult.Streaming(windowSeconds, changeRate, capacity, Double.NaN);
    }
  }

  private static long produced(Admin admin, List<String> topics) {
    return Topics.endOffsets(admin, topics).values().stream().mapToLong(Long::longValue).sum();
  }

  private void await(Duration d) throws Exception {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      failIfStopped();
      Thread.sleep(Math.min(POLL_MS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /** The run's own failure, when it stopped before the trial was done. */
  private void failIfStopped() throws Exception {
    if (!running.isDone()) {
      return;
    }
    try {
      running.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
    throw new IllegalStateException("the trial's run stopped before the trial was done");
  }

  /** Each table's chunks in commit order, with the rows the chunk copied. */
  private Map<String, List<Projection.Chunk>> chunks(DataSource target, SnapshotResult snapshot)
      throws SQLException {
    Map<String, List<Projection.Chunk>> chunks = new HashMap<>();
    for (SnapshotResult.TableResult t : snapshot.tables()) {
      Map<Integer, Long> rows = chunkRows(target, t.source());
      List<Projection.Chunk> measured = new ArrayList<>();
      for (ChunkClock.Done d : clock.chunks(t.source())) {
        long copied = rows.getOrDefault(d.chunk(), 0L);
        log.info(
            "Trial copy of {}: chunk {}, {} rows in {} s{}",
            t.source(),
            d.chunk(),
            copied,
            "%.3f".formatted(d.seconds()),
            d.first() ? " (its worker's first)" : "");
        measured.add(new Projection.Chunk(copied, d.seconds(), d.first()));
      }
      chunks.put(t.source(), measured);
    }
    return chunks;
  }

  private Map<Integer, Long> chunkRows(DataSource target, String table) throws SQLException {
    Map<Integer, Long> rows = new HashMap<>();
    try (Connection c = target.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT chunk_no, rows_copied FROM _godwit.chunk WHERE migration = ? AND"
                    + " source_table = ?")) {
      ps.setString(1, trial.name());
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return rows;
  }
}
