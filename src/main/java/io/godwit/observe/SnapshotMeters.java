package io.godwit.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Snapshot meters, tagged by source table: rows and bytes copied, chunks done and planned. Rates
 * come from the counters ({@code rate(godwit_snapshot_rows_total[1m])}).
 */
public final class SnapshotMeters {

  private final MeterRegistry registry;
  private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();

  public SnapshotMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One table's meters. */
  public static final class TableMeters {
    private final Counter rows;
    private final Counter bytes;
    private final AtomicLong chunksDone = new AtomicLong();
    private final AtomicLong chunksTotal = new AtomicLong();

    private TableMeters(MeterRegistry registry, String table) {
      rows =
          Counter.builder("godwit.snapshot.rows")
              .description("Rows copied by the snapshot")
              .tag("table", table)
              .register(registry);
      bytes =
          Counter.builder("godwit.snapshot.bytes")
              .description("Bytes of row data copied by the snapshot")
              .baseUnit("bytes")
              .tag("table", table)
              .register(registry);
      registry.gauge(
          "godwit.snapshot.chunks.done",
          io.micrometer.core.instrument.Tags.of("table", table),
          chunksDone);
      registry.gauge(
          "godwit.snapshot.chunks.planned",
          io.micrometer.core.instrument.Tags.of("table", table),
          chunksTotal);
    }

    public void planned(long chunks, long alreadyDone) {
      chunksTotal.set(chunks);
      chunksDone.set(alreadyDone);
    }

    public void copied(long rowCount, long byteCount) {
      rows.increment(rowCount);
      bytes.increment(byteCount);
      chunksDone.incrementAndGet();
    }

    public long chunksDone() {
      return chunksDone.get();
    }

    public long chunksTotal() {
      return chunksTotal.get();
    }
  }

  public TableMeters table(String table) {
    return tables.computeIfAbsent(table, t -> new TableMeters(registry, t));
  }
}
