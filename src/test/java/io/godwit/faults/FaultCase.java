package io.godwit.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fault-injection matrix: every fault in every direction it is run in, each case with an id
 * ({@code <fault>.<direction>}, e.g. {@code kill-before-chunk-checkpoint.mariadb_pg}) and whether
 * it belongs to the CI subset. {@code docs/reliability.md} lists exactly these cases.
 *
 * <p>Cutover faults run from PostgreSQL sources only: a MariaDB source's read-only freeze is {@code
 * SET GLOBAL read_only}, which would freeze the database server every other test shares.
 */
public record FaultCase(Fault fault, Direction direction, boolean ci) {

  /** What is done to the run. */
  public enum Fault {
    KILL_BEFORE_CAPTURE("kill -9 before the capture starts", Phase.RUN),
    KILL_AFTER_P0("kill -9 after the capture proved P0, before the first chunk", Phase.RUN),
    KILL_BEFORE_CHUNK_CHECKPOINT(
        "kill -9 after a chunk's rows were written, before its checkpoint commits", Phase.RUN),
    KILL_AFTER_CHUNK("kill -9 right after the second chunk committed", Phase.RUN),
    KILL_DURING_INDEX_BUILD("kill -9 while the copy's secondary indexes are built", Phase.RUN),
    KILL_BEFORE_APPLY_COMMIT(
        "kill -9 after an apply batch was written, before its commit", Phase.RUN),
    KILL_RANDOM("kill -9 at a random moment under the workload", Phase.RUN),
    KILL_AFTER_FREEZE("kill -9 right after the cutover froze the source", Phase.CUTOVER),
    KILL_DURING_DRAIN("kill -9 during the cutover's drain", Phase.CUTOVER),
    KILL_BEFORE_DONE("kill -9 after the final validation, before `done`", Phase.CUTOVER),
    SECOND_RUNNER("a second `godwit run` on the same migration", Phase.RUN),
    BROKER_DATA_DELETED("the embedded broker's data deleted while Godwit is stopped", Phase.RUN),
    CUT_SOURCE_MID_SNAPSHOT("source connections cut mid-snapshot (TCP proxy)", Phase.RUN),
    CUT_TARGET_MID_STREAM("target connections cut while changes stream (TCP proxy)", Phase.RUN),
    CUT_BROKER_MID_STREAM("broker connections cut while changes stream (TCP proxy)", Phase.RUN);

    private final String description;
    private final Phase phase;

    Fault(String description, Phase phase) {
      this.description = description;
      this.phase = phase;
    }

    public String description() {
      return description;
    }

    public Phase phase() {
      return phase;
    }

    /** The id's first part: {@code kill-before-capture}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A kill -9 in the child process. */
    public boolean kill() {
      return name().startsWith("KILL_");
    }
  }

  /** Whether a case ends by streaming and draining, or by a cutover. */
  public enum Phase {
    RUN,
    CUTOVER
  }

  /** The case's id: {@code <fault>.<direction>}. */
  public String id() {
    return fault.id() + "." + direction.id();
  }

  /** Every case, in the order the doc lists them. */
  public static List<FaultCase> all() {
    List<FaultCase> cases = new ArrayList<>();
    add(cases, Fault.KILL_BEFORE_CAPTURE, "pg_pg", Direction.MARIADB_MARIADB);
    add(cases, Fault.KILL_AFTER_P0, "", Direction.PG_MARIADB, Direction.MARIADB_PG);
    add(
        cases,
        Fault.KILL_BEFORE_CHUNK_CHECKPOINT,
        "mariadb_pg",
        Direction.PG_PG,
        Direction.MARIADB_PG);
    add(cases, Fault.KILL_AFTER_CHUNK, "", Direction.PG_MARIADB, Direction.MARIADB_MARIADB);
    add(cases, Fault.KILL_DURING_INDEX_BUILD, "", Direction.PG_PG, Direction.MARIADB_PG);
    add(
        cases,
        Fault.KILL_BEFORE_APPLY_COMMIT,
        "pg_mariadb",
        Direction.PG_MARIADB,
        Direction.MARIADB_MARIADB);
    add(cases, Fault.KILL_RANDOM, "", Direction.values());
    add(cases, Fault.KILL_AFTER_FREEZE, "", Direction.PG_PG, Direction.PG_MARIADB);
    add(cases, Fault.KILL_DURING_DRAIN, "", Direction.PG_PG, Direction.PG_MARIADB);
    add(cases, Fault.KILL_BEFORE_DONE, "", Direction.PG_PG, Direction.PG_MARIADB);
    add(cases, Fault.SECOND_RUNNER, "", Direction.PG_PG, Direction.MARIADB_MARIADB);
    add(cases, Fault.BROKER_DATA_DELETED, "", Direction.MARIADB_PG);
    add(cases, Fault.CUT_SOURCE_MID_SNAPSHOT, "", Direction.PG_PG, Direction.MARIADB_PG);
    add(cases, Fault.CUT_TARGET_MID_STREAM, "", Direction.PG_MARIADB, Direction.MARIADB_PG);
    add(cases, Fault.CUT_BROKER_MID_STREAM, "", Direction.PG_PG, Direction.MARIADB_MARIADB);
    return List.copyOf(cases);
  }

  private static void add(List<FaultCase> cases, Fault fault, String ci, Direction... directions) {
    Set<String> inCi = new TreeSet<>(Arrays.asList(ci.split(",")));
    for (Direction d : directions) {
      cases.add(new FaultCase(fault, d, inCi.contains(d.id())));
    }
  }

  /**
   * The cases {@code selection} names: {@code ci} (the CI subset), {@code all}, or ids separated by
   * commas.
   *
   * @throws IllegalArgumentException naming an unknown id and the known ones
   */
  public static List<FaultCase> select(String selection) {
    String s = selection == null || selection.isBlank() ? "ci" : selection.trim();
    if (s.equals("all")) {
      return all();
    }
    if (s.equals("ci")) {
      return all().stream().filter(FaultCase::ci).toList();
    }
    List<FaultCase> chosen = new ArrayList<>();
    for (String id : s.split(",")) {
      String wanted = id.trim();
      chosen.add(
          all().stream()
              .filter(c -> c.id().equals(wanted))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no fault case %s in -Dgodwit.faults; fix: use ci, all or ids from %s"
                              .formatted(wanted, all().stream().map(FaultCase::id).toList()))));
    }
    return chosen;
  }

  /** A short tag, different in every JVM run, for names that outlive a test database. */
  public static String runTag() {
    return RUN_TAG;
  }

  private static final String RUN_TAG =
      Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36);
}
