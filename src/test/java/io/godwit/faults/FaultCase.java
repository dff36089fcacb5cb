package io.godwit.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One case of the fault matrix: a fault injected into a migration in one direction. The suite
 * ({@link FaultMatrixIT}) injects it, lets a new run resume and drain, and records the {@link
 * Outcome} it observed.
 */
public record FaultCase(Fault fault, Direction direction) {

  /**
   * How a fault is injected. The first three stop a {@code godwit run} in a child process and a new
   * run resumes ({@link #BROKER_WIPED} stops one in the suite's process); the others strike the one
   * run while it streams (it runs in the suite's process, on a broker or a database server of the
   * case's own, or through a proxy to the broker, the source or the target, where the fault needs
   * one), and a new run resumes only if that run stopped.
   */
  public enum Injection {
    /** The run's process halts at a pause point, as after {@code kill -9} there. */
    HALT_AT_POINT(false),
    /** The run's process gets {@code SIGKILL} at a seeded random moment under a write workload. */
    KILL_AT_RANDOM(false),
    /** A second {@code godwit run} of the same migration starts while the first runs. */
    SECOND_RUN(false),
    /** The Kafka broker (external to the run) stops cleanly and starts again on its data. */
    BROKER_RESTART(true),
    /** The Kafka broker's own process gets {@code SIGKILL}, and a new one starts on its data. */
    BROKER_KILL(true),
    /** Every connection between the run and the broker is reset, five times one second apart. */
    BROKER_CUT(true),
    /** The link between the run and the broker forwards nothing for 20 s, then heals. */
    BROKER_BLACK_HOLE(true),
    /** Every byte between the run and the broker arrives 200 ms late, until the case ends. */
    BROKER_DELAY(true),
    /**
     * A table's events are deleted from its topic, as retention deletes them, while the table is
     * still copying and before they were applied.
     */
    RETENTION(true),
    /** The source's server (a scratch server of the case's own) restarts. */
    SOURCE_RESTART(true),
    /** The target's server (a scratch server of the case's own) restarts. */
    TARGET_RESTART(true),
    /** The source's server (a scratch server of the case's own) is killed and started again. */
    SOURCE_KILL(true),
    /** The target's server (a scratch server of the case's own) is killed and started again. */
    TARGET_KILL(true),
    /**
     * Every connection between the run and the source is reset, five times one second apart from
     * mid-copy, and once more while the run streams.
     */
    SOURCE_CUT(true),
    /** The link between the run and the source forwards nothing for 20 s, then heals. */
    SOURCE_BLACK_HOLE(true),
    /** Every byte between the run and the source arrives 200 ms late, until the case ends. */
    SOURCE_DELAY(true),
    /**
     * The source refuses the run's connections and its open ones are reset, until the run stops:
     * longer than the capture's reconnect window.
     */
    SOURCE_UNREACHABLE(true),
    /** Every connection between the run and the target is reset, five times one second apart. */
    TARGET_CUT(true),
    /** The link between the run and the target forwards nothing for 20 s, then heals. */
    TARGET_BLACK_HOLE(true),
    /**
     * The embedded broker's data is deleted while {@code godwit run} is stopped and the source
     * changes meanwhile: the next run must refuse by name.
     */
    BROKER_WIPED(false);

    private final boolean inRun;

    Injection(boolean inRun) {
      this.inRun = inRun;
    }

    /** True when the fault strikes a run that goes on, in the suite's process. */
    public boolean inRun() {
      return inRun;
    }

    /** True when the case's broker sits behind a {@code FaultProxy}. */
    public boolean brokerProxied() {
      return this == BROKER_CUT || this == BROKER_BLACK_HOLE || this == BROKER_DELAY;
    }

    /** True when the run reaches the source through a {@code FaultProxy}. */
    public boolean sourceProxied() {
      return this == SOURCE_CUT
          || this == SOURCE_BLACK_HOLE
          || this == SOURCE_DELAY
          || this == SOURCE_UNREACHABLE;
    }

    /** True when the run reaches the target (and its state store) through a {@code FaultProxy}. */
    public boolean targetProxied() {
      return this == TARGET_CUT || this == TARGET_BLACK_HOLE;
    }

    /** True when the case runs its own Kafka broker, outside the migration's process. */
    public boolean ownBroker() {
      return this == BROKER_RESTART || this == BROKER_KILL || this == RETENTION || brokerProxied();
    }
  }

  /**
   * A fault: its name in the matrix, how it is injected, where (for {@link
   * Injection#HALT_AT_POINT}) and what it means in a sentence.
   */
  public record Fault(String name, Injection injection, FaultChild.Point point, String meaning) {

    static Fault haltAt(FaultChild.Point point, String meaning) {
      return new Fault(
          "kill -9 " + point.name().toLowerCase(Locale.ROOT).replace('_', ' '),
          Injection.HALT_AT_POINT,
          point,
          meaning);
    }

    /** The point, or the injection where there is no point: {@code mid_apply}. */
    public String key() {
      return (injection == Injection.HALT_AT_POINT ? point.name() : injection.name())
          .toLowerCase(Locale.ROOT);
    }
  }

  /** What the suite observed after the fault, the resume and the drain. */
  public enum Outcome {
    /** The target equals the source, column by column, and the source is writable. */
    EQUAL("the target equals the source in every row and column; the source is writable"),
    /**
     * The product refused to go on with an error naming what happened and the fix; the source is
     * writable.
     */
    NAMED_ERROR(
        "the product stopped with an error that names what happened and the fix; the source is"
            + " writable"),
    /**
     * Anything else: a silent difference, a source left read-only, an error without a fix or a raw
     * stack trace. The test fails.
     */
    FAIL("a silent difference, a source left read-only, or an error without a fix: a defect");

    private final String meaning;

    Outcome(String meaning) {
      this.meaning = meaning;
    }

    public String meaning() {
      return meaning;
    }
  }

  /** Every fault, in the matrix's order. */
  public static final List<Fault> FAULTS =
      List.of(
          Fault.haltAt(FaultChild.Point.BEFORE_SNAPSHOT, "P0 recorded, no chunk read"),
          Fault.haltAt(
              FaultChild.Point.BEFORE_CHUNK_COMMIT,
              "a chunk's rows and checkpoint written, not committed"),
          Fault.haltAt(FaultChild.Point.MID_SNAPSHOT, "right after the second chunk committed"),
          Fault.haltAt(
              FaultChild.Point.DURING_INDEX_BUILD,
              "early indexes built, the remaining secondary indexes not"),
          Fault.haltAt(
              FaultChild.Point.MID_APPLY,
              "an applier batch written with its offsets, not committed"),
          Fault.haltAt(
              FaultChild.Point.FROZEN_IN_CUTOVER,
              "the source frozen, the cutover's next step begun"),
          Fault.haltAt(
              FaultChild.Point.MID_DRAIN, "frozen, position recorded, applier not yet drained"),
          Fault.haltAt(
              FaultChild.Point.AFTER_FINAL_VALIDATION,
              "final validation clean, before indexes, sequences and done"),
          new Fault(
              "kill -9 at random",
              Injection.KILL_AT_RANDOM,
              FaultChild.Point.NONE,
              "SIGKILL at a seeded random moment (2-20 s after start) under the write workload"),
          new Fault(
              "second run",
              Injection.SECOND_RUN,
              FaultChild.Point.NONE,
              "a second `godwit run` of the same migration while the first streams"),
          new Fault(
              "broker restarted",
              Injection.BROKER_RESTART,
              FaultChild.Point.NONE,
              "the Kafka broker (external, on the test's ports) stopped cleanly and started again on"
                  + " its data while the run streams"),
          new Fault(
              "broker killed",
              Injection.BROKER_KILL,
              FaultChild.Point.NONE,
              "the Kafka broker's own process (external) killed with SIGKILL and a new one started"
                  + " on its data while the run streams"),
          new Fault(
              "broker link cut",
              Injection.BROKER_CUT,
              FaultChild.Point.NONE,
              "every TCP connection between the run and the broker reset, 5 times 1 s apart, while"
                  + " the run streams (in-process proxy)"),
          new Fault(
              "broker link black hole",
              Injection.BROKER_BLACK_HOLE,
              FaultChild.Point.NONE,
              "nothing forwarded between the run and the broker for 20 s, connections left open,"
                  + " while the run streams (in-process proxy)"),
          new Fault(
              "broker link delayed",
              Injection.BROKER_DELAY,
              FaultChild.Point.NONE,
              "every byte between the run and the broker delayed 200 ms each way from mid-stream"
                  + " through the drain (in-process proxy)"),
          new Fault(
              "retention expired",
              Injection.RETENTION,
              FaultChild.Point.NONE,
              "a table's events deleted from its topic (Admin.deleteRecords, as retention does)"
                  + " while the table copies, before they were applied: the run must stop by name"),
          new Fault(
              "source restarted",
              Injection.SOURCE_RESTART,
              FaultChild.Point.NONE,
              "the source's server (a scratch server) shut down cleanly and started again while the"
                  + " run streams"),
          new Fault(
              "target restarted",
              Injection.TARGET_RESTART,
              FaultChild.Point.NONE,
              "the target's server (a scratch server) shut down cleanly and started again while the"
                  + " run streams"),
          new Fault(
              "source killed",
              Injection.SOURCE_KILL,
              FaultChild.Point.NONE,
              "every process of the source's server (a scratch server) killed with SIGKILL, and"
                  + " the server started again (crash recovery) while the run streams"),
          new Fault(
              "target killed",
              Injection.TARGET_KILL,
              FaultChild.Point.NONE,
              "every process of the target's server (a scratch server) killed with SIGKILL, and"
                  + " the server started again (crash recovery) while the run streams"),
          new Fault(
              "source link cut",
              Injection.SOURCE_CUT,
              FaultChild.Point.NONE,
              "every TCP connection between the run and the source (JDBC and the capture's"
                  + " replication or binlog connection) reset, 5 times 1 s apart from 1 s after the"
                  + " start (mid-copy), and once more while the run streams (in-process proxy)"),
          new Fault(
              "source link black hole",
              Injection.SOURCE_BLACK_HOLE,
              FaultChild.Point.NONE,
              "nothing forwarded between the run and the source for 20 s, connections left open,"
                  + " while the run streams (in-process proxy)"),
          new Fault(
              "source link delayed",
              Injection.SOURCE_DELAY,
              FaultChild.Point.NONE,
              "every byte between the run and the source delayed 200 ms each way from mid-stream"
                  + " through the drain (in-process proxy)"),
          new Fault(
              "source unreachable",
              Injection.SOURCE_UNREACHABLE,
              FaultChild.Point.NONE,
              "the source's port refuses the run and its open connections reset, from mid-stream"
                  + " until the run stops (longer than the capture's 60 s reconnect window), then"
                  + " reachable again for a new run (in-process proxy)"),
          new Fault(
              "target link cut",
              Injection.TARGET_CUT,
              FaultChild.Point.NONE,
              "every TCP connection between the run and the target (rows, state store, runner"
                  + " lock) reset, 5 times 1 s apart, while the run streams (in-process proxy)"),
          new Fault(
              "target link black hole",
              Injection.TARGET_BLACK_HOLE,
              FaultChild.Point.NONE,
              "nothing forwarded between the run and the target (rows, state store, runner lock)"
                  + " for 20 s, connections left open, while the run streams (in-process proxy)"),
          new Fault(
              "broker data wiped",
              Injection.BROKER_WIPED,
              FaultChild.Point.NONE,
              "the embedded broker's data directory deleted while `godwit run` is stopped, the"
                  + " source written meanwhile: the next run must refuse by name"));

  /**
   * The cases CI runs by default, eight of them, under two minutes in all (the times of a CI run at
   * f93b243). A kill before a chunk commit, a second run and the target's link cut are left to the
   * full matrix: the killed snapshots of KilledSnapshotIT and the LiveMigrationIT crash tests,
   * StateStoreIT's runner lock and MariaDbToPostgresLiveIT's ended target sessions cover their
   * paths in CI. The rest run with {@code -Dfaults.all=true} (ops/reliability.sh).
   */
  private static final Set<String> CI =
      Set.of(
          "frozen_in_cutover@pg_pg",
          "mid_apply@mariadb_mariadb",
          "kill_at_random@mariadb_mariadb",
          "retention@pg_pg",
          "source_kill@pg_pg",
          "target_kill@mariadb_mariadb",
          "broker_wiped@pg_pg",
          "source_cut@pg_mariadb");

  /** Every case: each fault in each direction. */
  public static List<FaultCase> all() {
    List<FaultCase> cases = new ArrayList<>();
    for (Fault fault : FAULTS) {
      for (Direction direction : Direction.values()) {
        cases.add(new FaultCase(fault, direction));
      }
    }
    return cases;
  }

  /** The representative subset CI runs. */
  public static List<FaultCase> ci() {
    return all().stream().filter(c -> CI.contains(c.id())).toList();
  }

  /** {@code mid_apply@pg_mariadb}: the fault's point or injection, and the direction. */
  public String id() {
    return fault.key() + "@" + direction.id();
  }

  @Override
  public String toString() {
    return id();
  }
}
