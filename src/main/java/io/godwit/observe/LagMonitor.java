package io.godwit.observe;

import io.godwit.capture.CaptureProgress;
import io.godwit.state.TableStates;
import io.godwit.transport.Watermark;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures end-to-end lag by proof rather than by the last event seen: ten times a second it places
 * a mark on the source ({@link CaptureProgress#mark}), and the lag is the time since the newest
 * mark whose watermark the applier's committed offsets reach. The gauge therefore reads the
 * pipeline's delay plus up to one mark interval: 0.1 s while the capture keeps up. An idle source
 * still gets marks (the binlog's heartbeats or a PostgreSQL logical message), so idle reads as
 * caught up only once it is, and a stalled capture or applier makes the lag grow.
 *
 * <p>Only tables being applied (or stopped by a poison event) count; a table still in its snapshot
 * has no lag yet. Consumer lag in records comes from the same two sources.
 */
public final class LagMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);
  private static final long EVERY_MS = 100;

  /** Progress is recorded for {@code godwit status} every two seconds. */
  private static final int PERSIST_EVERY_TICKS = 20;

  /**
   * A mark every tick while fewer than this many wait for the capture; beyond, one every {@link
   * #SLOW_MARK_TICKS} ticks, so that {@link #MAX_OUTSTANDING} marks still span two minutes of
   * capture delay (each waiting mark costs the capture a check per record it delivers).
   */
  private static final int FAST_MARKS = 10;

  private static final int SLOW_MARK_TICKS = 5;
  private static final int MAX_OUTSTANDING = 240;
  private static final int SAMPLE_EVERY_PERSISTS = 5;
  private static final int HISTORY_POINTS = 300;

  private final DataSource source;
  private final DataSource target;
  private final TableStates states;
  private final ApplyMeters applyMeters;
  private final Map<String, Long> persistedEvents = new HashMap<>();
  private int ticks;
  private final CaptureProgress capture;
  private final AppliedTables apply;
  private final MeterRegistry registry;
  private final ScheduledExecutorService timer;
  private final Map<String, Double> tableLag = new ConcurrentHashMap<>();
  private final Map<String, Long> tableRecords = new ConcurrentHashMap<>();
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();
  private volatile double lagSeconds = Double.NaN;
  private volatile double applyRate;
  private long ratedEvents;
  private long ratedAt = System.nanoTime();
  private final Deque<double[]> history = new ArrayDeque<>();

  /** Marks placed but not yet passed by the capture, oldest first. */
  private final Deque<CompletableFuture<Watermark>> outstanding = new ArrayDeque<>();

  private long markFailures;

  /**
   * @param target where each table's events applied and lag are recorded every two seconds, for
   *     {@code godwit status} from any machine
   */
  public LagMonitor(
      DataSource source,
      DataSource target,
      TableStates states,
      CaptureProgress capture,
      AppliedTables apply,
      ApplyMeters applyMeters,
      MeterRegistry registry) {
    this.source = source;
    this.target = target;
    this.states = states;
    this.applyMeters = applyMeters;
    this.capture = capture;
    this.apply = apply;
    this.registry = registry;
    Gauge.builder("godwit.lag.seconds", this, m -> m.lagSeconds)
        .description("End-to-end lag: source commit to applied on the target, proven by marks")
        .register(registry);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "godwit-lag");
              t.setDaemon(true);
              return t;
            });
  }

  public LagMonitor start() {
    timer.scheduleWithFixedDelay(this::tick, 0, EVERY_MS, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The lag now in seconds; NaN before any table is applied. */
  public double lagSeconds() {
    return lagSeconds;
  }

  /** One table's lag in seconds, if it is being applied. */
  public OptionalDouble lagSeconds(String table) {
    Double lag = tableLag.get(table);
    return lag == null ? OptionalDouble.empty() : OptionalDouble.of(lag);
  }

  /** Changes applied per second over the last two seconds, all tables. */
  public double applyRate() {
    return applyRate;
  }

  /**
   * Lag over the last ten minutes, one {@code [epoch seconds, lag seconds]} pair every two seconds,
   * for the status page's chart.
   */
  public synchronized List<double[]> history() {
    return List.copyOf(history);
  }

  /** Records in Kafka not yet applied, per table. */
  public Map<String, Long> recordsBehind() {
    return Map.copyOf(tableRecords);
  }

  private void tick() {
    try {
      placeMark();
      measure();
      if (++ticks % PERSIST_EVERY_TICKS == 0) {
        persist();
      }
    } catch (RuntimeException | SQLException e) {
      log.warn("Measuring lag failed: {}", e.toString());
    }
  }

  /**
   * A new mark every tick, even while earlier ones wait for the capture: with one mark at a time,
   * marks would be spaced by the capture's own delay and the lag read against them would overstate
   * it by up to that much. At most {@link #MAX_OUTSTANDING} wait at once.
   */
  private void placeMark() {
    while (!outstanding.isEmpty() && outstanding.peekFirst().isDone()) {
      outstanding.removeFirst();
    }
    if (!markDue(ticks, outstanding.size())) {
      return;
    }
    try {
      outstanding.addLast(capture.mark(source));
      markFailures = 0;
    } catch (Exception e) {
      if (markFailures++ % 120 == 0) {
        log.warn("Cannot place a lag mark on the source (lag will grow): {}", e.getMessage());
      }
    }
  }

  /** Whether tick number {@code tick} places a mark while {@code waiting} marks wait. */
  static boolean markDue(int tick, int waiting) {
    return waiting < FAST_MARKS || (waiting < MAX_OUTSTANDING && tick % SLOW_MARK_TICKS == 0);
  }

  private void measure() {
    Map<String, List<TopicPartition>> byTable = apply.partitions();
    Set<String> counted = new HashSet<>(apply.streamingTables());
    counted.addAll(apply.stoppedTables());
    Map<TopicPartition, Long> applied = apply.appliedOffsets();
    Map<TopicPartition, Long> produced = capture.produced();
    long now = System.currentTimeMillis();

    Set<TopicPartition> all = new HashSet<>();
    for (Map.Entry<String, List<TopicPartition>> e : byTable.entrySet()) {
      String table = e.getKey();
      long behind = 0;
      for (TopicPartition tp : e.getValue()) {
        behind += Math.max(0, produced.getOrDefault(tp, 0L) - applied.getOrDefault(tp, 0L));
      }
      tableRecords.put(table, behind);
      registerRecordsGauge(table);
      if (counted.contains(table)) {
        Set<TopicPartition> mine = Set.copyOf(e.getValue());
        all.addAll(mine);
        tableLag.put(table, lagOf(applied, mine::contains, now));
      } else {
        tableLag.remove(table);
      }
    }
    lagSeconds = all.isEmpty() ? Double.NaN : lagOf(applied, all::contains, now);
  }

  private void persist() throws SQLException {
    long events = applyMeters.eventsApplied();
    long at = System.nanoTime();
    applyRate = (events - ratedEvents) * 1e9 / Math.max(1, at - ratedAt);
    ratedEvents = events;
    ratedAt = at;
    double now = lagSeconds;
    synchronized (this) {
      history.addLast(new double[] {System.currentTimeMillis() / 1000.0, now});
      while (history.size() > HISTORY_POINTS) {
        history.removeFirst();
      }
    }
    try (Connection c = target.getConnection()) {
      if (!Double.isNaN(now) && ticks % (PERSIST_EVERY_TICKS * SAMPLE_EVERY_PERSISTS) == 0) {
        states.sampleLag(c, Math.round(now * 1000));
      }
      for (String table : apply.partitions().keySet()) {
        long applied = applyMeters.eventsApplied(table);
        long more = applied - persistedEvents.getOrDefault(table, 0L);
        OptionalDouble lag = lagSeconds(table);
        if (more == 0 && lag.isEmpty()) {
          continue;
        }
        states.streamed(
            c, table, more, lag.isPresent() ? Math.round(lag.getAsDouble() * 1000) : null);
        persistedEvents.put(table, applied);
      }
    }
  }

  private double lagOf(
      Map<TopicPartition, Long> applied, Predicate<TopicPartition> partitions, long now) {
    Optional<Watermark> reached = capture.newestReached(applied, partitions);
    Optional<Watermark> since = reached.isPresent() ? reached : capture.oldest();
    return since.map(w -> Math.max(0, now - w.sourceTimeMs()) / 1000.0).orElse(Double.NaN);
  }

  private void registerRecordsGauge(String table) {
    if (gauged.add(table)) {
      Gauge.builder(
              "godwit.consumer.lag.records",
              tableRecords,
              m -> m.getOrDefault(table, 0L).doubleValue())
          .description("Records in Kafka not yet applied")
          .tag("table", table)
          .register(registry);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
