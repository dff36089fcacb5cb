package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.config.MigrationConfig;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.plan.PlanResult;
import io.godwit.plan.Planner;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.PausePoints;
import io.godwit.state.StatusReader;
import io.godwit.trial.ChunkClock;
import io.godwit.trial.KeyRanges;
import io.godwit.trial.SampleSize;
import io.godwit.trial.TableSample;
import io.godwit.trial.TrialCleanup;
import io.godwit.trial.TrialConfig;
import io.godwit.trial.TrialResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code godwit trial}: the real pipeline on a key-range sample of every table against a staging
 * target, under its own migration name: plan, snapshot, streaming under the source's live changes
 * for a bounded time, validation and a cutover dry run, measured and projected to the full tables
 * ({@link TrialMeasurement}). Whatever happens, its replication slot, publication and topics are
 * removed before it returns, and on Ctrl-C before the process ends.
 */
final class TrialCommand {

  private final MigrationConfig file;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;
  private final SampleSize size;
  private final Optional<String> stagingUrl;
  private final Duration window;

  TrialCommand(
      MigrationConfig file,
      MeterRegistry meters,
      PausePoints pausePoints,
      SampleSize size,
      Optional<String> stagingUrl,
      Duration window) {
    this.file = file;
    this.meters = meters;
    this.pausePoints = pausePoints;
    this.size = size;
    this.stagingUrl = stagingUrl;
    this.window = window;
  }

  TrialResult trial() throws Exception {
    MigrationConfig staging = TrialConfig.staging(file, stagingUrl);
    PlanResult plan;
    List<TableSample> samples;
    List<TargetTable> tables;
    try (HikariDataSource source = PoolSizes.VALIDATE.source(staging, meters);
        HikariDataSource target = PoolSizes.VALIDATE.target(staging, meters)) {
      refuseUsedTarget(target, staging);
      Planner planner = new Planner(staging, source, target);
      plan = planner.plan();
      if (plan.hasBlockers()) {
        throw new BlockedException(plan);
      }
      tables = planner.translate();
      samples = new KeyRanges(source, staging.source().engine()).choose(tables, size);
    }
    MigrationConfig sampled = TrialConfig.sampled(staging, samples);
    ChunkClock clock = new ChunkClock(pausePoints);
    LiveMigration live = new LiveMigration(sampled, meters, clock);
    Cleanup cleanup = new Cleanup(live, sampled);
    Thread hook = new Thread(cleanup::onSignal, "godwit-trial-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    CompletableFuture<Void> running = start(live);
    try {
      TrialMeasurement.Measured measured;
      try {
        measured =
            new TrialMeasurement(sampled, meters, live, running, clock, window).measure(tables);
      } catch (Exception e) {
        try {
          cleanup.run(running);
        } catch (Exception notCleaned) {
          e.addSuppressed(notCleaned);
        }
        throw e;
      }
      List<String> cleaned = cleanup.run(running);
      return measured.result(sampled.target().shownUrl(), size.toString(), samples, plan, cleaned);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs now and cleans up
      }
    }
  }

  /**
   * Refuses a staging target that holds the file's own migration (a production target once {@code
   * godwit run} started) or an earlier trial's state and tables.
   */
  private void refuseUsedTarget(HikariDataSource target, MigrationConfig staging) throws Exception {
    StatusReader status = new StatusReader(target);
    if (status.knows(file.name())) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          ("the target %s holds migration %s's state: it is the migration's own target, which a"
                  + " trial never touches; fix: pass --target with the URL of a staging database")
              .formatted(staging.target().shownUrl(), file.name()));
    }
    if (status.knows(staging.name())) {
      throw new GodwitException(
          ErrorCode.BAD_ARGUMENT,
          ("the staging target %s holds an earlier trial (%s): its tables and state; fix: give the"
                  + " trial an empty staging database (drop and create it again)")
              .formatted(staging.target().shownUrl(), staging.name()));
    }
  }

  private static CompletableFuture<Void> start(LiveMigration live) {
    CompletableFuture<Void> running = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                live.run();
                running.complete(null);
              } catch (Throwable e) {
                running.completeExceptionally(e);
              }
            },
            "godwit-trial-" + live.name());
    t.setDaemon(true);
    t.start();
    return running;
  }

  /** Stops the trial's run and removes its slot, publication and topics, once. */
  private static final class Cleanup {

    private static final Duration STOP = Duration.ofSeconds(60);

    private final LiveMigration live;
    private final MigrationConfig trial;
    private boolean done;

    Cleanup(LiveMigration live, MigrationConfig trial) {
      this.live = live;
      this.trial = trial;
    }

    synchronized List<String> run(CompletableFuture<Void> running) throws Exception {
      if (done) {
        return List.of();
      }
      done = true;
      live.stop(STOP);
      try {
        running.get(STOP.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        // the measurement already reported the run's failure; the cleanup goes on
      } catch (TimeoutException stillRunning) {
        // the slot is then still in use: dropping it fails below and says so
      }
      List<String> cleaned = new ArrayList<>();
      try (HikariDataSource source = PoolSizes.VALIDATE.source(trial, new SimpleMeterRegistry())) {
        cleaned.addAll(TrialCleanup.clean(trial, source));
      }
      return cleaned;
    }

    void onSignal() {
      try {
        run(CompletableFuture.completedFuture(null));
      } catch (Exception e) {
        System.err.println(
            "godwit trial: could not clean up: %s; fix: run `godwit run --drop-slot` with the"
                    .formatted(e.getMessage())
                + " trial's name and delete its topics");
      }
    }
  }
}
