package io.godwit.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into PostgreSQL with {@code COPY ... FROM STDIN} in text format, encoding and
 * escaping each value straight into a reusable buffer. Binary values go as {@code \\x} hex.
 */
final class PostgresCopyWriter implements BulkWriter {

  private static final int FLUSH_AT = 1 << 16;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final Dialect dialect;

  PostgresCopyWriter(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public long write(
      Connection connection, String schema, String table, List<String> columns, RowStream rows)
      throws SQLException {
    String sql =
        "COPY %s (%s) FROM STDIN"
            .formatted(dialect.qualify(schema, table), dialect.quoteAll(columns));
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    Buffer buffer = new Buffer();
    long count = 0;
    try {
      int width = columns.size();
      while (rows.next()) {
        for (int i = 0; i < width; i++) {
          if (i > 0) {
            buffer.put((byte) '\t');
          }
          buffer.value(rows.value(i));
        }
        buffer.put((byte) '\n');
        count++;
        if (buffer.size >= FLUSH_AT) {
          copy.writeToCopy(buffer.bytes, 0, buffer.size);
          buffer.size = 0;
        }
      }
      if (buffer.size > 0) {
        copy.writeToCopy(buffer.bytes, 0, buffer.size);
      }
      copy.endCopy();
      return count;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** A growable byte buffer that writes COPY text fields. */
  static final class Buffer {
    byte[] bytes = new byte[FLUSH_AT + 8192];
    int size;

    void put(byte b) {
      ensure(1);
      bytes[size++] = b;
    }

    void value(Object value) {
      if (value == null) {
        ensure(2);
        bytes[size++] = '\\';
        bytes[size++] = 'N';
      } else if (value instanceof byte[] binary) {
        hex(binary);
      } else {
        text(value.toString());
      }
    }

    private void hex(byte[] binary) {
      ensure(3 + binary.length * 2);
      bytes[size++] = '\\';
      bytes[size++] = '\\';
      bytes[size++] = 'x';
      for (byte b : binary) {
        bytes[size++] = HEX[(b >> 4) & 0xF];
        bytes[size++] = HEX[b & 0xF];
      }
    }

    /** UTF-8 with COPY's escapes for backslash, tab, newline and carriage return. */
    private void text(String s) {
      int length = s.length();
      ensure(length * 3 + 2);
      for (int i = 0; i < length; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          switch (c) {
            case '\\' -> escape('\\');
            case '\t' -> escape('t');
            case '\n' -> escape('n');
            case '\r' -> escape('r');
            default -> bytes[size++] = (byte) c;
          }
        } else if (c < 0x800) {
          bytes[size++] = (byte) (0xC0 | (c >> 6));
          bytes[size++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          bytes[size++] = (byte) (0xF0 | (cp >> 18));
          bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          bytes[size++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          bytes[size++] = (byte) (0xE0 | (c >> 12));
          bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          bytes[size++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }

    private void escape(char c) {
      ensure(2);
      bytes[size++] = '\\';
      bytes[size++] = (byte) c;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        byte[] grown = new byte[Math.max(bytes.length * 2, size + more)];
        System.arraycopy(bytes, 0, grown, 0, size);
        bytes = grown;
      }
    }
  }
}
