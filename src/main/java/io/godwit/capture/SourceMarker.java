package io.godwit.capture;

import io.godwit.db.BinlogStatus;
import io.godwit.engine.Engine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A mark in the source's log that the capture is seen to pass: everything the source committed
 * before the mark was placed is delivered by the time a record passing it is.
 *
 * <ul>
 *   <li>MySQL and MariaDB: the binlog's end position ({@link BinlogStatus}); a record whose source
 *       offset (the start of its transaction, or a heartbeat's current position) is at or past it
 *       passes. An idle server's heartbeats carry its end position.
 *   <li>PostgreSQL: a transactional logical message ({@code pg_logical_emit_message}) with a unique
 *       content, which the connector delivers in commit order; any user may emit one. A source
 *       offset passes it once its {@code lsn_commit} (the commit position of a transaction the
 *       connector delivers, in commit order) is at or past the message's own position: every
 *       transaction that committed before the message was written commits before that position.
 * </ul>
 */
public sealed interface SourceMarker {

  /** Writes or reads the mark on the source. Call after the marker is registered. */
  void place(Connection source) throws SQLException;

  /** True when the capture delivering {@code record} proves it passed the mark. */
  boolean passedBy(SourceRecord record);

  /** True when a position the capture already delivered is past the mark. */
  boolean passedBy(Map<String, ?> sourceOffset);

  /** A new, unplaced marker for the engine. */
  static SourceMarker forEngine(Engine engine) {
    return engine == Engine.POSTGRESQL ? new LogicalMessage() : new BinlogPosition();
  }

  /** The binlog's end position. */
  final class BinlogPosition implements SourceMarker {
    private volatile String file;
    private volatile long position = -1;

    BinlogPosition() {}

    /** A mark already placed at {@code file:position}. */
    BinlogPosition(String file, long position) {
      this.file = file;
      this.position = position;
    }

    @Override
    public void place(Connection source) throws SQLException {
      BinlogStatus end = BinlogStatus.read(source);
      file = end.file();
      position = end.position();
    }

    @Override
    public boolean passedBy(SourceRecord record) {
      return passedBy(record.sourceOffset());
    }

    @Override
    public boolean passedBy(Map<String, ?> offset) {
      if (position < 0 || !(offset.get("file") instanceof String f)) {
        return false;
      }
      Object pos = offset.get("pos");
      if (!(pos instanceof Number p)) {
        return false;
      }
      int files = Long.compare(fileIndex(f), fileIndex(file));
      return files > 0 || (files == 0 && p.longValue() >= position);
    }

    /** {@code mysql-bin.000042} → 42. */
    static long fileIndex(String file) {
      int dot = file.lastIndexOf('.');
      return Long.parseLong(file.substring(dot + 1));
    }

    @Override
    public String toString() {
      return file + ":" + position;
    }
  }

  /** A logical message with a unique content. */
  final class LogicalMessage implements SourceMarker {
    static final String PREFIX = "godwit";
    private final String content;
    private volatile long lsn = -1;

    LogicalMessage() {
      this(UUID.randomUUID().toString());
    }

    LogicalMessage(String content) {
      this.content = content;
    }

    /** A message already emitted at {@code lsn}. */
    LogicalMessage(String content, long lsn) {
      this.content = content;
      this.lsn = lsn;
    }

    @Override
    public void place(Connection source) throws SQLException {
      boolean autoCommit = source.getAutoCommit();
      source.setAutoCommit(false);
      try (Statement st = source.createStatement()) {
        // a frozen source has default_transaction_read_only on; the mark must still be written
        st.execute("SET TRANSACTION READ WRITE");
        try (var rs =
            st.executeQuery(
                "SELECT pg_logical_emit_message(true, '"
                    + PREFIX
                    + "', '"
                    + content
                    + "') - '0/0'::pg_lsn")) {
          rs.next();
          long at = rs.getLong(1);
          source.commit();
          lsn = at;
        }
      } finally {
        source.setAutoCommit(autoCommit);
      }
    }

    @Override
    public boolean passedBy(SourceRecord record) {
      if (!(record.value() instanceof Struct value)
          || value.schema().field("message") == null
          || !(value.get("message") instanceof Struct message)) {
        return false;
      }
      return PREFIX.equals(message.get("prefix")) && content.equals(text(message.get("content")));
    }

    /** The content as sent: bytes, or base64 text under {@code binary.handling.mode=base64}. */
    private static String text(Object content) {
      if (content instanceof String base64) {
        try {
          return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return base64;
        }
      }
      if (content instanceof ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return new String(raw, StandardCharsets.UTF_8);
      }
      return content instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : null;
    }

    @Override
    public boolean passedBy(Map<String, ?> sourceOffset) {
      return lsn >= 0
          && sourceOffset.get("lsn_commit") instanceof Number commit
          && commit.longValue() >= lsn;
    }

    @Override
    public String toString() {
      return "logical message " + content;
    }
  }
}
