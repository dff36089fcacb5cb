package io.godwit.capture;

import io.godwit.engine.Engine;
import io.godwit.transport.Watermark;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What the capture has proven it wrote to Kafka: the next offset of every partition it produced to,
 * and {@link Watermark}s, each made when the capture passed a {@link SourceMarker}. A watermark is
 * completed only after Kafka acknowledged the batch holding the passing record, so its end offsets
 * cover every change committed before its mark.
 *
 * <p>The watermarks kept are thinned as they age, so a long backlog still has marks to measure lag
 * against without unbounded memory.
 */
public final class CaptureProgress {

  static final int KEPT = 4096;

  private record Pending(SourceMarker marker, long atMs, CompletableFuture<Watermark> done) {}

  private final Supplier<SourceMarker> markers;
  private final Map<TopicPartition, Long> produced = new HashMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private final List<Watermark> kept = new ArrayList<>();
  private Map<String, ?> lastOffset = Map.of();

  /** Progress of a capture from a source of this engine. */
  private final AtomicLong reconnects = new AtomicLong();

  public CaptureProgress(Engine source) {
    this(() -> SourceMarker.forEngine(source));
  }

  CaptureProgress(Supplier<SourceMarker> markers) {
    this.markers = markers;
  }

  /** The end offsets of the change topics before the capture wrote anything in this process. */
  public synchronized void startFrom(Map<TopicPartition, Long> ends) {
    ends.forEach((tp, end) -> produced.merge(tp, end, Math::max));
  }

  /**
   * Places a new mark on the source and returns the watermark the capture will complete when it
   * passes it. The time is read before the mark is placed.
   */
  public CompletableFuture<Watermark> mark(DataSource source) throws SQLException {
    long atMs = System.currentTimeMillis();
    SourceMarker marker = markers.get();
    CompletableFuture<Watermark> done = new CompletableFuture<>();
    Pending p = new Pending(marker, atMs, done);
    synchronized (this) {
      pending.add(p);
    }
    try (Connection c = source.getConnection()) {
      marker.place(c);
    } catch (SQLException | RuntimeException e) {
      synchronized (this) {
        pending.remove(p);
      }
      throw e;
    }
    synchronized (this) {
      if (marker.passedBy(lastOffset)) {
        complete(p);
      }
    }
    return done;
  }

  /** Called by the capture after Kafka acknowledged {@code records}, in delivery order. */
  synchronized void delivered(List<SourceRecord> records, List<RecordMetadata> acks) {
    for (RecordMetadata ack : acks) {
      produced.merge(new TopicPartition(ack.topic(), ack.partition()), ack.offset() + 1, Math::max);
    }
    for (SourceRecord record : records) {
      for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.marker().passedBy(record)) {
          it.remove();
          complete(p);
        }
      }
    }
    if (!records.isEmpty()) {
      lastOffset = records.get(records.size() - 1).sourceOffset();
    }
  }

  /** The source offset of the last record Kafka acknowledged, empty before the first. */
  synchronized Map<String, ?> lastOffset() {
    return lastOffset;
  }

  /**
   * Called by an external capture with the source offset its Kafka Connect cluster committed and
   * the change topics' end offsets read after that: Connect commits an offset only once Kafka
   * acknowledged every record before it, so those end offsets cover every mark the offset passed.
   */
  synchronized void committed(Map<String, ?> sourceOffset, Map<TopicPartition, Long> ends) {
    ends.forEach((tp, end) -> produced.merge(tp, end, Math::max));
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.marker().passedBy(sourceOffset)) {
        it.remove();
        complete(p);
      }
    }
    lastOffset = sourceOffset;
  }

  /** Fails every waiting mark: the capture stopped. */
  synchronized void stopped(Exception why) {
    pending.forEach(p -> p.done().completeExceptionally(why));
    pending.clear();
  }

  private void complete(Pending p) {
    Watermark w = new Watermark(p.atMs(), produced);
    keep(w);
    p.done().complete(w);
  }

  private void keep(Watermark w) {
    if (kept.size() >= KEPT) {
      // drop every other mark of the older half: older marks, coarser resolution
      List<Watermark> thinned = new ArrayList<>(KEPT);
      for (int i = 0; i < KEPT / 2; i += 2) {
        thinned.add(kept.get(i));
      }
      thinned.addAll(kept.subList(KEPT / 2, kept.size()));
      kept.clear();
      kept.addAll(thinned);
    }
    kept.add(w);
  }

  /** Counts a new engine started after the source connection was lost. */
  public void reconnected() {
    reconnects.incrementAndGet();
  }

  /** How many times the capture started a new engine after losing its source connection. */
  public long reconnects() {
    return reconnects.get();
  }

  /** The next offset the capture will write on every partition it knows. */
  public synchronized Map<TopicPartition, Long> produced() {
    return Map.copyOf(produced);
  }

  /**
   * The newest watermark that {@code applied} reaches on the partitions chosen, dropping none: the
   * source time up to which those partitions are applied. Empty when none is reached yet.
   */
  public synchronized Optional<Watermark> newestReached(
      Map<TopicPartition, Long> applied, Predicate<TopicPartition> partitions) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      Watermark w = kept.get(i).on(partitions);
      if (w.reachedBy(applied)) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /**
   * When the newest passed mark was placed: everything the source committed before it is in Kafka.
   * Empty before the first mark is passed.
   */
  public synchronized OptionalLong newestPassedMs() {
    return kept.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(kept.get(kept.size() - 1).sourceTimeMs());
  }

  /** The oldest watermark kept, for a lower bound of the lag when none is reached. */
  public synchronized Optional<Watermark> oldest() {
    return kept.isEmpty() ? Optional.empty() : Optional.of(kept.get(0));
  }
}
