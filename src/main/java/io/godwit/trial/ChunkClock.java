package io.godwit.trial;

import io.godwit.snapshot.PausePoints;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes how long each chunk of the trial's copy took its worker: the time from that worker's
 * previous chunk commit (or from the start of the copy step, once the tables were prepared and
 * their chunks planned, for its first chunk) to this chunk's commit ({@link PausePoints#afterChunk}
 * runs on the worker that copied the chunk).
 */
public final class ChunkClock implements PausePoints {

  /**
   * One committed chunk: its number, the seconds its worker spent on it, and whether it was its
   * worker's first.
   */
  public record Done(int chunk, double seconds, boolean first) {}

  private final Map<String, List<Done>> done = new ConcurrentHashMap<>();
  private final Map<Thread, Long> lastCommit = new ConcurrentHashMap<>();
  private final PausePoints next;
  private volatile long copyStarted = System.nanoTime();

  /**
   * @param next the pause points of the run, called after this one noted the time
   */
  public ChunkClock(PausePoints next) {
    this.next = next;
  }

  @Override
  public void afterChunk(String table, int chunk) throws Exception {
    long now = System.nanoTime();
    Long previous = lastCommit.put(Thread.currentThread(), now);
    double seconds = (now - (previous == null ? copyStarted : previous)) / 1e9;
    List<Done> chunks = done.computeIfAbsent(table, t -> new ArrayList<>());
    synchronized (chunks) {
      chunks.add(new Done(chunk, seconds, previous == null));
    }
    next.afterChunk(table, chunk);
  }

  @Override
  public void beforeSnapshot() throws Exception {
    next.beforeSnapshot();
  }

  @Override
  public void beforeChunkPlans() throws SQLException {
    next.beforeChunkPlans();
  }

  @Override
  public void beforeCopy() throws SQLException {
    copyStarted = System.nanoTime();
    lastCommit.clear();
    next.beforeCopy();
  }

  @Override
  public void beforeApplyCommit() throws Exception {
    next.beforeApplyCommit();
  }

  @Override
  public void beforeChunkCommit(String table, int chunk) throws SQLException {
    next.beforeChunkCommit(table, chunk);
  }

  @Override
  public void duringIndexBuild() throws SQLException {
    next.duringIndexBuild();
  }

  @Override
  public void duringDrain() throws Exception {
    next.duringDrain();
  }

  @Override
  public void afterFinalValidation() throws Exception {
    next.afterFinalValidation();
  }

  @Override
  public void duringRollbackDrain() throws Exception {
    next.duringRollbackDrain();
  }

  @Override
  public void afterRollbackStep(String step) throws Exception {
    next.afterRollbackStep(step);
  }

  /** The chunks of {@code table} committed so far, in the order they committed. */
  public List<Done> chunks(String table) {
    List<Done> chunks = done.getOrDefault(table, List.of());
    synchronized (chunks) {
      return List.copyOf(chunks);
    }
  }
}
