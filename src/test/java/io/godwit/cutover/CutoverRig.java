package io.godwit.cutover;

import io.godwit.config.CutoverSettings;
import io.godwit.snapshot.PausePoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Cutover} with fakes for everything it works with: no database, no Kafka, a clock that
 * moves when a fake says so. Each fake's work is a field a test replaces.
 */
final class CutoverRig {

  /** Work a fake does when the cutover calls it. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryCutoverStore store = new MemoryCutoverStore(clock);
  final FakeFreeze freeze = new FakeFreeze();
  final FakeMigration streaming = new FakeMigration();
  final FakeValidation validation = new FakeValidation();
  final FakeDatabases databases = new FakeDatabases();

  /**
   * For a rollback: the old source's freeze, which the rollback lifts ({@link #freeze} is then the
   * target's).
   */
  final FakeFreeze oldSource = new FakeFreeze();

  /**
   * For a cutover after a rollback: the target's freeze the rollback left, which the done step
   * lifts; empty for a first cutover.
   */
  Optional<Freeze> targetFreeze = Optional.empty();

  /** A new cutover over the rig's fakes, as a (re)started {@code godwit run} builds one. */
  Cutover cutover(Duration timeout) {
    return cutover(timeout, freeze);
  }

  Cutover cutover(Duration timeout, Freeze withFreeze) {
    CutoverSettings settings =
        new CutoverSettings(
            CutoverSettings.Freeze.READ_ONLY,
            Duration.ofSeconds(5),
            timeout,
            "",
            "",
            "",
            List.of(),
            CutoverSettings.FinalValidation.FULL,
            Map.of());
    return new Cutover(
        "cutover_test",
        settings,
        new Cutover.Parts(
            databases,
            withFreeze,
            targetFreeze,
            streaming,
            validation,
            store,
            new CutoverMeters(new SimpleMeterRegistry()),
            PausePoints.NONE,
            clock));
  }

  /**
   * A new rollback over the rig's fakes, as a (re)started reverse stream builds one: {@link
   * #freeze} freezes the target, {@link #oldSource} is the cutover's frozen old source, {@link
   * #streaming} the reverse stream, {@link #databases} the reverse migration's.
   */
  Rollback rollback(Duration timeout, String doneHook) {
    CutoverSettings settings =
        new CutoverSettings(
            CutoverSettings.Freeze.READ_ONLY,
            Duration.ofSeconds(5),
            timeout,
            "",
            "",
            "",
            List.of(),
            CutoverSettings.FinalValidation.FULL,
            Map.of());
    return new Rollback(
        "rollback_test",
        "WAL LSN 0/1A2B3C",
        settings,
        doneHook,
        new Rollback.Parts(
            databases, freeze, oldSource, streaming, validation, store, PausePoints.NONE, clock));
  }

  /** The step names and outcomes of the latest attempt, as {@code step:outcome}. */
  List<String> steps() {
    List<String> steps = new ArrayList<>();
    store.latest().orElseThrow().steps().forEach(s -> steps.add(s.step() + ":" + s.outcome()));
    return steps;
  }

  static final class FakeFreeze implements Freeze {
    final AtomicInteger freezes = new AtomicInteger();
    final AtomicInteger unfreezes = new AtomicInteger();
    volatile boolean frozen;
    volatile Work onFreeze = () -> {};

    @Override
    public String mode() {
      return "read-only";
    }

    @Override
    public String freeze() throws Exception {
      freezes.incrementAndGet();
      frozen = true;
      onFreeze.run();
      return "source read-only";
    }

    @Override
    public String unfreeze() {
      unfreezes.incrementAndGet();
      frozen = false;
      return "source writable again";
    }
  }

  static final class FakeMigration implements RunningMigration {
    volatile List<String> notStreaming = List.of();
    volatile List<String> applyPaused = List.of();
    volatile double lagSeconds = 0.4;
    final AtomicLong eventsApplied = new AtomicLong(1000);
    final List<Duration> drainTimeouts = new ArrayList<>();
    volatile Work onDrain = () -> {};
    volatile Runnable onFinish = () -> {};
    final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public List<String> notStreaming() {
      return notStreaming;
    }

    @Override
    public List<String> applyPaused() {
      return applyPaused;
    }

    @Override
    public double lagSeconds() {
      return lagSeconds;
    }

    @Override
    public long recordsBehind() {
      return 0;
    }

    @Override
    public double applyRate() {
      return 100;
    }

    @Override
    public long eventsApplied() {
      return eventsApplied.get();
    }

    @Override
    public void drain(Duration timeout) throws Exception {
      synchronized (drainTimeouts) {
        drainTimeouts.add(timeout);
      }
      onDrain.run();
    }

    @Override
    public void finish() {
      onFinish.run();
      finished.countDown();
    }

    List<Duration> drainTimeouts() {
      synchronized (drainTimeouts) {
        return List.copyOf(drainTimeouts);
      }
    }
  }

  static final class FakeValidation implements FinalValidation {
    volatile Optional<String> lastProblem = Optional.empty();
    volatile Work onValidate = () -> {};

    @Override
    public Optional<String> lastProblem() {
      return lastProblem;
    }

    @Override
    public double expectedSeconds() {
      return 2;
    }

    @Override
    public String validate() throws Exception {
      onValidate.run();
      return "every table equal";
    }
  }

  static final class FakeDatabases implements CutoverDatabases {
    final AtomicInteger sequences = new AtomicInteger();
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    volatile Work onCreateObjects = () -> {};

    @Override
    public String sourcePosition() {
      return "mariadb-bin.000042:1234";
    }

    @Override
    public String sequences() {
      sequences.incrementAndGet();
      return "2 sequences set";
    }

    @Override
    public String createObjects() throws Exception {
      created.incrementAndGet();
      onCreateObjects.run();
      return "1 trigger created";
    }

    @Override
    public String dropObjects() {
      dropped.incrementAndGet();
      return "1 trigger dropped";
    }

    @Override
    public String onUpdateTriggers() {
      return "0 statements for ON UPDATE columns";
    }

    /** Off unless a test turns it on, as {@code rollback.reverse: off}. */
    volatile boolean reverse;

    final AtomicInteger reversePrepared = new AtomicInteger();
    final AtomicInteger reverseReleased = new AtomicInteger();
    volatile Work onPrepareReverse = () -> {};
    volatile Work onReversePosition = () -> {};

    @Override
    public boolean reverse() {
      return reverse;
    }

    @Override
    public String prepareReverse() throws Exception {
      reversePrepared.incrementAndGet();
      onPrepareReverse.run();
      return "slot created";
    }

    @Override
    public String reversePosition() throws Exception {
      onReversePosition.run();
      return "WAL LSN 0/1A2B3C";
    }

    @Override
    public String releaseReverse() {
      reverseReleased.incrementAndGet();
      return "slot dropped";
    }
  }
}
