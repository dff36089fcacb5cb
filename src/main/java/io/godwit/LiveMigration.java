package io.godwit;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.apply.ApplyLoop;
import io.godwit.apply.BatchApplier;
import io.godwit.apply.Batches;
import io.godwit.apply.ChangedKeys;
import io.godwit.apply.DeadLetters;
import io.godwit.apply.EventDecoder;
import io.godwit.apply.NewColumnsException;
import io.godwit.apply.SchemaEvolution;
import io.godwit.capture.Capture;
import io.godwit.capture.ConnectCapture;
import io.godwit.capture.EmbeddedCapture;
import io.godwit.config.CaptureSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.control.ControlledRun;
import io.godwit.cutover.Cutover;
import io.godwit.cutover.CutoverDatabases;
import io.godwit.cutover.CutoverMeters;
import io.godwit.cutover.CutoverStore;
import io.godwit.cutover.FinalValidation;
import io.godwit.cutover.Freezes;
import io.godwit.cutover.ValidatorCheck;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.observe.ApplyMeters;
import io.godwit.observe.CaptureMeters;
import io.godwit.observe.LagMonitor;
import io.godwit.plan.Planner;
import io.godwit.schema.Carried;
import io.godwit.schema.Table;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.AfterCopy;
import io.godwit.snapshot.PausePoints;
import io.godwit.snapshot.Snapshot;
import io.godwit.snapshot.SnapshotResult;
import io.godwit.snapshot.Throttle;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.AttemptState;
import io.godwit.state.CutoverRecords;
import io.godwit.state.KafkaIdentities;
import io.godwit.state.RunnerEpoch;
import io.godwit.state.RunnerLock;
import io.godwit.state.StateStore;
import io.godwit.state.TableStates;
import io.godwit.state.ValidationRecords;
import io.godwit.transport.EmbeddedKafka;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.KafkaContinuity;
import io.godwit.transport.OlderChangeStream;
import io.godwit.transport.Topics;
import io.godwit.transport.Watermark;
import io.godwit.validate.Fence;
import io.godwit.validate.Validator;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code godwit run}: schema, capture, snapshot and apply, streaming until stopped. The order of
 * {@link #run()} is the correctness argument of the design, step by step: capture establishes its
 * start position P0 before any snapshot chunk is read; the snapshot reads after P0; each table's
 * events are applied from the start of its topic only after its snapshot finished, idempotently,
 * with the offsets in the same target transaction as the rows.
 */
public final class LiveMigration {

  private static final Logger log = LoggerFactory.getLogger(LiveMigration.class);
  private static final Duration STREAMING_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LOCK_CHECK = Duration.ofSeconds(5);

  /** Beyond this many changed keys in a table, its final validation compares it in full. */
  private static final int CHANGED_KEYS_CAP = 1_000_000;

  private final MigrationConfig config;
  private final MeterRegistry meters;
  private final PausePoints pausePoints;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile SnapshotResult snapshot;
  private volatile Running running;
  private final ApplyMeters applyMeters;
  private final CutoverMeters cutoverMeters;
  private final Throttle throttle;

  /** Each table's definition now: a column added to the source during the run changes it. */
  private final Map<String, TargetTable> current = new ConcurrentHashMap<>();

  private final RunControl control;
  private volatile Cutover cutover;
  private volatile boolean cutOver;
  private volatile String bootstrap;

  /** Held here: the gauges reference it only weakly. */
  private CaptureMeters captureMeters;

  /** The parts of a run that are streaming, for lag, status and the drain. */
  private record Running(DataSource source, Capture capture, ApplyLoop apply, LagMonitor lag) {}

  public LiveMigration(MigrationConfig config, MeterRegistry meters, PausePoints pausePoints) {
    this.config = config;
    this.meters = meters;
    this.pausePoints = pausePoints;
    this.applyMeters = new ApplyMeters(meters);
    this.cutoverMeters = new CutoverMeters(meters);
    this.throttle = new Throttle(config.snapshot().rowsPerSecond());
    this.control = new RunControl(this, throttle);
  }

  /** What the control API may ask of this run. */
  public ControlledRun control() {
    return control;
  }

  /** True once a cutover finished in this run: the target has taken over. */
  public boolean cutOver() {
    return cutOver;
  }

  /** Ends the run after a finished cutover. */
  void finishAfterCutover() {
    cutOver = true;
    stop.countDown();
  }

  /** True while every part streams and the snapshot has finished. */
  boolean streaming() {
    return running != null && snapshot != null;
  }

  /** Changes applied per second lately; 0 when not running. */
  double applyRate() {
    Running r = running;
    return r == null ? 0 : r.lag().applyRate();
  }

  /** Lag over the last minutes, {@code [epoch seconds, lag seconds]} pairs. */
  List<double[]> lagHistory() {
    Running r = running;
    return r == null ? List.of() : r.lag().history();
  }

  /** Changes applied since this run started. */
  long eventsApplied() {
    return applyMeters.eventsApplied();
  }

  /** Tables stopped by an event they could not apply. */
  public Set<String> stoppedTables() {
    Running r = running;
    return r == null ? Set.of() : Set.copyOf(r.apply().stoppedTables());
  }

  /** The cutover's lag threshold in seconds, drawn on the status page's chart. */
  double lagThresholdSeconds() {
    return config.cutover().lagThreshold().toMillis() / 1000.0;
  }

  /** The migration's name. */
  public String name() {
    return config.name();
  }

  /** Asks a running migration to stop cleanly, and waits until it has. */
  public void stop(Duration timeout) throws InterruptedException {
    Cutover c = cutover;
    if (c != null) {
      c.abortIfRunning("the godwit run process is stopping");
    }
    stop.countDown();
    stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The snapshot's result, once the snapshot has finished in this run. */
  public SnapshotResult snapshotResult() {
    return snapshot;
  }

  /** End-to-end lag in seconds; NaN before the first table is applied or when not running. */
  public double lagSeconds() {
    Running r = running;
    return r == null ? Double.NaN : r.lag().lagSeconds();
  }

  /** One table's lag in seconds, when it is being applied. */
  public OptionalDouble lagSeconds(String table) {
    Running r = running;
    return r == null ? OptionalDouble.empty() : r.lag().lagSeconds(table);
  }

  /** Records in Kafka not yet applied, per table; empty when not running. */
  public Map<String, Long> recordsBehind() {
    Running r = running;
    return r == null ? Map.of() : r.lag().recordsBehind();
  }

  /**
   * Proves zero lag (correctness step 5): places a mark on the source, waits until the capture
   * passed it with every change before it acknowledged by Kafka, then until the applier's committed
   * offsets reach those end offsets on every partition of every table. On return, everything the
   * source committed before the call is on the target.
   *
   * @throws TimeoutException naming the tables still behind, when {@code timeout} passed first
   */
  public void drain(Duration timeout) throws Exception {
    Running r = running;
    if (r == null) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s is not streaming; fix: wait until `godwit status` shows every table"
                  .formatted(config.name())
              + " STREAMING");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Watermark mark;
    try {
      mark = r.capture().progress().mark(r.source()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "the capture did not pass the source's current position within %d s; fix: check `godwit status` and the log for the capture"
              .formatted(timeout.toSeconds()));
    }
    Set<TopicPartition> tables = new HashSet<>();
    r.apply().partitions().values().forEach(tables::addAll);
    Watermark onTables = mark.on(tables::contains);
    long left = Math.max(1, deadline - System.nanoTime());
    if (!r.apply().progress().await(onTables, Duration.ofNanos(left))) {
      throw new TimeoutException(
          "the applier did not reach the drain mark within %d s; behind: %s%s"
              .formatted(
                  timeout.toSeconds(),
                  r.apply().progress().behind(onTables),
                  r.apply().stoppedTables().isEmpty()
                      ? ""
                      : "; stopped tables: " + r.apply().stoppedTables()));
    }
  }

  /** Runs until {@link #stop} is called or a component fails; everything it did is resumable. */
  public void run() throws Exception {
    try (HikariDataSource source = PoolSizes.RUN.source(config, meters);
        HikariDataSource target = PoolSizes.RUN.target(config, meters)) {
      Preflight preflight = Preflight.run(config, source, target, true);
      List<TargetTable> tables = preflight.tables();
      tables.forEach(t -> current.put(t.source().name(), t));
      StateStore store = preflight.store();
      try (RunnerLock lock = store.acquire(config.name(), RunnerLock.runnerName())) {
        lock.watch(LOCK_CHECK);
        cutover = cutover(source, target, tables, preflight.carried(), store, lock.epoch());
        runLocked(source, target, tables, preflight.carried(), store, lock);
      } finally {
        control.detach();
        cutover = null;
      }
    } finally {
      stopped.countDown();
    }
  }

  private Cutover cutover(
      HikariDataSource source,
      HikariDataSource target,
      List<TargetTable> tables,
      Carried carried,
      StateStore store,
      RunnerEpoch epoch)
      throws Exception {
    CutoverRecords records = new CutoverRecords(target, config.name(), epoch);
    Optional<CutoverRecords.Attempt> last = records.latest();
    if (last.isPresent() && last.get().state() == AttemptState.DONE) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          "migration %s was cut over at %s (downtime %.2f s): the target has taken over and there is nothing left to run; the source's position at cutover was %s"
              .formatted(
                  config.name(),
                  last.get().finishedAt(),
                  last.get().downtimeMs() / 1000.0,
                  last.get().sourcePosition()));
    }
    Dialect sourceDialect = Dialect.of(config.source().engine());
    Cutover c =
        new Cutover(
            config.name(),
            config.cutover(),
            new Cutover.Parts(
                CutoverDatabases.of(
                    source,
                    sourceDialect,
                    target,
                    Dialect.of(config.target().engine()),
                    tables,
                    carried),
                Freezes.of(config.cutover(), source, sourceDialect),
                control,
                finalValidation(source, target, tables),
                CutoverStore.of(records, store, config.name()),
                cutoverMeters,
                pausePoints,
                Clock.systemUTC()));
    c.recover().ifPresent(message -> log.warn("Cutover: {}", message));
    control.attach(target, c);
    return c;
  }

  /**
   * The final validation. It runs inside the freeze, right after the drain step proved every change
   * the source committed is applied, so nothing is in flight and a row that differs differs for
   * good: no fence. A write that slipped past the freeze is caught by the done step's second drain.
   */
  private FinalValidation finalValidation(
      HikariDataSource source, HikariDataSource target, List<TargetTable> tables) {
    ValidationRecords records = new ValidationRecords(target, config.name());
    Validator validator = Validator.of(config, source, target, Fence.NONE, meters);
    return new ValidatorCheck(
        validator,
        records,
        () -> tables.stream().map(t -> current.getOrDefault(t.source().name(), t)).toList(),
        config.cutover().finalValidation(),
        this::changedKeys);
  }

  /** The keys of a table's events from {@code offsets} to the end of its topic. */
  private Optional<List<String[]>> changedKeys(
      TargetTable table, Map<AppliedOffsets.Partition, Long> offsets) throws Exception {
    String servers = bootstrap;
    if (servers == null) {
      return Optional.empty();
    }
    KafkaClients clients = new KafkaClients(config.kafka(), servers);
    Properties consumer = clients.consumer("godwit-" + config.name() + "-changed-keys");
    consumer.putAll(clients.connection());
    List<String> keyColumns = table.source().rowKey().orElseThrow().columnNames();
    return new ChangedKeys(consumer)
        .since(
            Topics.forTable(
                config.kafka().topicPrefix(), table.source().schema(), table.source().name()),
            keyColumns,
            offsets,
            CHANGED_KEYS_CAP);
  }

  private void runLocked(
      HikariDataSource source,
      HikariDataSource target,
      List<TargetTable> tables,
      Carried carried,
      StateStore store,
      RunnerLock lock)
      throws Exception {
    Dialect targetDialect = Dialect.of(config.target().engine());
    try (EmbeddedKafka broker = startBrokerIfEmbedded()) {
      String bootstrap =
          broker == null ? config.kafka().bootstrapServers() : broker.bootstrapServers();
      this.bootstrap = bootstrap;
      List<String> tableTopics = tableTopics(tables);
      KafkaContinuity continuity = continuity(bootstrap, tableTopics, target);
      continuity.verify();

      if (config.capture().mode() == CaptureSettings.Mode.EMBEDDED
          && !store.captureStarted(config.name())) {
        OlderChangeStream.refuse(config, bootstrap, tableTopics);
      }
      store.log(config.name(), "capture", "starting");

      // Step 1: the capture starts first and proves its start position P0.
      Capture capture = capture(tables, bootstrap, source);
      capture.start();
      try {
        Map<String, Object> p0 = capture.awaitStreaming(STREAMING_TIMEOUT);
        store.log(config.name(), "capture", "streaming from " + p0);
        log.info("Capture streaming from P0 = {}", p0);
        continuity.record();

        // Step 3 and 4: the applier starts now but keeps each table paused until its copy ends.
        ApplyLoop apply =
            applyLoop(bootstrap, tables, source, target, targetDialect, store, lock.epoch());
        Thread applier = new Thread(apply, "godwit-apply-" + config.name());
        applier.setDaemon(true);
        applier.start();
        LagMonitor lag =
            new LagMonitor(
                    source,
                    target,
                    new TableStates(config.name()),
                    capture.progress(),
                    apply,
                    applyMeters,
                    meters)
                .start();
        running = new Running(source, capture, apply, lag);
        captureMeters = new CaptureMeters(meters, capture);
        try {
          // Step 2: every chunk is read after P0.
          pausePoints.beforeSnapshot();
          snapshot =
              Snapshot.of(config, lock.epoch(), source, target, throttle, meters, pausePoints)
                  .run(tables, carried, true);
          log.info("Snapshot finished; streaming changes until stopped or cut over");
          try (UniqueIndexes unique =
              UniqueIndexes.start(
                  config.name(),
                  source,
                  target,
                  capture,
                  apply,
                  new AfterCopy(target, targetDialect),
                  store,
                  tables)) {
            waitForStop(capture, apply, lock);
          }
        } finally {
          running = null;
          captureMeters.stopped();
          lag.close();
          apply.close();
          applier.join(30_000);
        }
      } finally {
        capture.close();
      }
    }
  }

  /** The check that the Kafka log is the one the target's offsets belong to (step 7). */
  private KafkaContinuity continuity(
      String bootstrap, List<String> tableTopics, DataSource target) {
    String prefix = config.kafka().topicPrefix();
    List<String> topics = new ArrayList<>(tableTopics);
    topics.add(Topics.offsets(prefix));
    topics.add(Topics.schemaHistory(prefix));
    return new KafkaContinuity(
        new KafkaClients(config.kafka(), bootstrap),
        config.name(),
        new KafkaIdentities(target, config.name()),
        topics,
        config.kafka().embedded()
            ? "if a copy of the embedded broker's data survives, put it back in "
                + config.workDir().resolve("kafka")
            : "if the earlier cluster still holds the topics, point kafka.bootstrap-servers back"
                + " at it");
  }

  /** The topics of the tables' change events, in the order of {@code tables}. */
  private List<String> tableTopics(List<TargetTable> tables) {
    String prefix = config.kafka().topicPrefix();
    return tables.stream()
        .map(t -> Topics.forTable(prefix, t.source().schema(), t.source().name()))
        .toList();
  }

  /** Debezium in this process, or a connector a Kafka Connect cluster runs. */
  private Capture capture(List<TargetTable> tables, String bootstrap, DataSource source) {
    List<Table> captured = tables.stream().map(TargetTable::source).toList();
    return config.capture().mode() == CaptureSettings.Mode.EXTERNAL
        ? new ConnectCapture(config, captured, bootstrap, source)
        : new EmbeddedCapture(config, captured, bootstrap);
  }

  private void waitForStop(Capture capture, ApplyLoop apply, RunnerLock lock) throws Exception {
    while (!stop.await(500, TimeUnit.MILLISECONDS)) {
      if (lock.lost().isPresent()) {
        throw lock.lost().get();
      }
      if (capture.failure().isPresent()) {
        throw capture.failure().get();
      }
      if (apply.failure() != null) {
        throw apply.failure();
      }
    }
  }

  private EmbeddedKafka startBrokerIfEmbedded() {
    if (!config.kafka().embedded()) {
      return null;
    }
    return EmbeddedKafka.start(config.workDir().resolve("kafka"));
  }

  private ApplyLoop applyLoop(
      String bootstrap,
      List<TargetTable> tables,
      HikariDataSource source,
      HikariDataSource target,
      Dialect targetDialect,
      StateStore store,
      RunnerEpoch epoch)
      throws SQLException {
    KafkaClients clients = new KafkaClients(config.kafka(), bootstrap);
    AppliedOffsets offsets = new AppliedOffsets(config.name(), targetDialect);
    TableStates states = new TableStates(config.name());
    Map<String, Set<String>> added;
    try (Connection c = target.getConnection()) {
      added = states.addedColumns(c);
    }
    String prefix = config.kafka().topicPrefix();
    List<ApplyLoop.Route> routes =
        tables.stream()
            .map(
                t ->
                    new ApplyLoop.Route(
                        t.source().name(),
                        Topics.forTable(prefix, t.source().schema(), t.source().name()),
                        decoder(t, added.getOrDefault(t.source().name(), Set.of()))))
            .toList();
    Properties consumer = clients.consumer("godwit-" + config.name());
    BatchApplier applier =
        new BatchApplier(target, targetDialect, tables, offsets, epoch, pausePoints);
    SchemaEvolution evolution =
        new SchemaEvolution(
            config.name(),
            () -> new Planner(config, source, target).translate(),
            target,
            targetDialect,
            store,
            states);
    ApplyLoop.SchemaChanges schemaChanges =
        new ApplyLoop.SchemaChanges() {
          @Override
          public ApplyLoop.Route columnsAdded(ApplyLoop.Route route, NewColumnsException event)
              throws SchemaEvolution.Refused, SQLException {
            TargetTable before = current.get(route.table());
            TargetTable evolved = evolution.addColumns(before, event.columns());
            Set<String> addedNow = new HashSet<>(route.decoder().addedLater());
            evolved.columns().stream()
                .filter(c -> !before.columns().contains(c))
                .forEach(c -> addedNow.add(c.source().name()));
            applier.replace(evolved);
            current.put(route.table(), evolved);
            return new ApplyLoop.Route(route.table(), route.topic(), decoder(evolved, addedNow));
          }

          @Override
          public Map<String, String> refusedChanges(Set<String> names) throws SQLException {
            return evolution.refusedChanges(names.stream().map(current::get).toList());
          }
        };
    return new ApplyLoop(
        consumer,
        new Batches(config.apply().batchSize(), config.apply().maxBatchWait()),
        routes,
        applier,
        offsets,
        target,
        states,
        applyMeters,
        deadLetters(clients),
        schemaChanges);
  }

  private EventDecoder decoder(TargetTable table, Set<String> addedLater) {
    return EventDecoder.of(table, config.source().engine(), config.target().engine(), addedLater);
  }

  private Optional<DeadLetters> deadLetters(KafkaClients clients) {
    if (!config.apply().deadLetter()) {
      return Optional.empty();
    }
    String topic = Topics.deadLetter(config.kafka().topicPrefix());
    try (Admin admin = Admin.create(clients.admin("godwit-" + config.name() + "-apply-admin"))) {
      List<Finding> findings = Topics.ensure(admin, List.of(topic), 1, config.kafka().retention());
      if (!findings.isEmpty()) {
        throw new GodwitException(
            ErrorCode.KAFKA,
            "the dead-letter topic %s would delete messages too early: %s"
                .formatted(topic, findings));
      }
    }
    return Optional.of(
        new DeadLetters(topic, clients.producer("godwit-" + config.name() + "-dead-letters")));
  }
}
