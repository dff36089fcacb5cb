package io.godwit.trial;

import io.godwit.snapshot.PausePoints;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes how long each chunk of the trial's copy took its worker: the time from that worker's
 * previous chunk commit (or from the start of the snapshot, for its first chunk) to this chunk's
 * commit ({@link PausePoints#afterChunk} runs on the worker that copied the chunk).
 */
public final class ChunkClock implements PausePoints {

  /** One committed chunk: its number, and the seconds its worker spent on it. */
  public record Done(int chunk, double seconds) {}

  private final Map<String, List<Done>> done = new ConcurrentHashMap<>();
  private final Map<Thread, Long> lastCommit = new ConcurrentHashMap<>();
  private final PausePoints next;
  private volatile long started = System.nanoTime();

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
    double seconds = (now - (previous == null ? started : previous)) / 1e9;
    List<Done> chunks = done.computeIfAbsent(table, t -> new ArrayList<>());
    synchronized (chunks) {
      chunks.add(new Done(chunk, seconds));
    }
    next.afterChunk(table, chunk);
  }

  @Override
  public void beforeSnapshot() throws Exception {
    started = System.nanoTime();
    lastCommit.clear();
    next.beforeSnapshot();
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

  /** Seconds from the start of the snapshot to the last chunk's commit; 0 before any. */
  public double copySeconds() {
    long last = lastCommit.values().stream().mapToLong(Long::longValue).max().orElse(started);
    return (last - started) / 1e9;
  }

  /** The chunks of {@code table} committed so far, in the order they committed. */
  public List<Done> chunks(String table) {
    List<Done> chunks = done.getOrDefault(table, List.of());
    synchronized (chunks) {
      return List.copyOf(chunks);
    }
  }
}
