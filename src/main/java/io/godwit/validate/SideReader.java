package io.godwit.validate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams one side of a table in key order as canonical rows, on its own thread, in batches through
 * a small queue, so both sides are read at once and memory stays flat.
 */
final class SideReader implements Runnable {

  private static final int BATCH = 1000;
  static final List<String[]> END = List.of();

  private final Columns.Side side;
  private final String sql;
  private final BlockingQueue<List<String[]>> queue = new ArrayBlockingQueue<>(8);
  private volatile Exception failure;
  private volatile boolean cancelled;

  SideReader(Columns.Side side, String sql) {
    this.side = side;
    this.sql = sql;
  }

  /** The next batch; {@link #END} after the last row. */
  List<String[]> next() throws Exception {
    List<String[]> batch = queue.take();
    if (batch == END && failure != null) {
      throw failure;
    }
    return batch;
  }

  private void fail(Exception e) {
    failure = e;
    queue.clear();
    queue.offer(END);
  }

  void cancel() {
    cancelled = true;
    queue.clear();
  }

  /**
   * JSON in the form PostgreSQL's jsonb prints: as read on PostgreSQL, rendered so elsewhere. Equal
   * texts are equal values; the merge compares unequal ones by meaning ({@link
   * TableCompare#sameValues}), so only a row whose JSON texts differ pays for a full canonical
   * form.
   */
  private static String json(String text, boolean asJsonb) {
    return text == null || asJsonb ? text : CanonicalJson.postgresStyle(text);
  }

  @Override
  public void run() {
    try (Connection c = side.dataSource().getConnection();
        PreparedStatement ps = side.dialect().streamingQuery(c, sql);
        ResultSet rs = ps.executeQuery()) {
      Canonical.Kind[] kinds = side.kinds().toArray(Canonical.Kind[]::new);
      int n = kinds.length;
      boolean asJsonb = side.dialect().comparisonReads().readsJsonAsJsonb();
      List<String[]> batch = new ArrayList<>(BATCH);
      while (rs.next() && !cancelled) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          row[i] =
              kinds[i].json()
                  ? json(rs.getString(i + 1), asJsonb)
                  : Canonical.of(rs, i + 1, kinds[i]);
        }
        batch.add(row);
        if (batch.size() == BATCH) {
          queue.put(batch);
          batch = new ArrayList<>(BATCH);
        }
      }
      if (cancelled) {
        return;
      }
      if (!batch.isEmpty()) {
        queue.put(batch);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(e);
    } catch (SQLException | RuntimeException e) {
      fail(e);
    }
  }
}
