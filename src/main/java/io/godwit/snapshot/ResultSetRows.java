package io.godwit.snapshot;

import io.godwit.db.ColumnCodec;
import io.godwit.db.RowStream;
import io.godwit.db.ValueReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Source rows read through each column's codec, counted and throttled as they pass. */
final class ResultSetRows implements RowStream {

  private static final int THROTTLE_EVERY = 256;

  private final ResultSet rs;
  private final ValueReader[] readers;
  private final Throttle throttle;
  private long rows;
  private long bytes;

  ResultSetRows(ResultSet rs, List<ColumnCodec> codecs, Throttle throttle) {
    this.rs = rs;
    this.readers = codecs.stream().map(ColumnCodec::reader).toArray(ValueReader[]::new);
    this.throttle = throttle;
  }

  @Override
  public boolean next() throws SQLException {
    if (rows % THROTTLE_EVERY == 0) {
      try {
        throttle.acquire(THROTTLE_EVERY);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("copy interrupted", "57014", e);
      }
    }
    if (!rs.next()) {
      return false;
    }
    rows++;
    return true;
  }

  @Override
  public Object value(int index) throws SQLException {
    Object value = readers[index].read(rs, index + 1);
    if (value instanceof String s) {
      bytes += s.length();
    } else if (value instanceof byte[] b) {
      bytes += b.length;
    }
    return value;
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }
}
