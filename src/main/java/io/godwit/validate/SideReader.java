package io.godwit.validate;

import io.godwit.db.Dialect;
import io.godwit.db.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;

/**
 * Streams one side of a table in key order as canonical rows, on its own thread, in batches through
 * a small queue, so both sides are read at once and memory stays flat.
 */
final class SideReader implements Runnable {

  private static final int BATCH = 1000;
  static final List<String[]> END = List.of();

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String sql;
  private final List<Boolean> jsonColumns;
  private final BlockingQueue<List<String[]>> queue = new ArrayBlockingQueue<>(8);
  private volatile Exception failure;
  private volatile boolean cancelled;

  SideReader(DataSource dataSource, Dialect dialect, String sql, List<Boolean> jsonColumns) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.sql = sql;
    this.jsonColumns = jsonColumns;
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
  private static String json(String text, boolean postgres) {
    return text == null || postgres ? text : CanonicalJson.postgresStyle(text);
  }

  @Override
  public void run() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = dialect.streamingQuery(c, sql);
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData meta = rs.getMetaData();
      int n = meta.getColumnCount();
      Canonical.Kind[] kinds = new Canonical.Kind[n];
      boolean[] json = new boolean[n];
      boolean postgres = dialect.engine() == Engine.POSTGRESQL;
      for (int i = 0; i < n; i++) {
        kinds[i] = new Canonical.Kind(meta.getColumnType(i + 1), false, postgres);
        json[i] = jsonColumns.get(i);
      }
      List<String[]> batch = new ArrayList<>(BATCH);
      while (rs.next() && !cancelled) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          row[i] =
              json[i] ? json(rs.getString(i + 1), postgres) : Canonical.of(rs, i + 1, kinds[i]);
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
