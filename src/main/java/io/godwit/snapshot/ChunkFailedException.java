package io.godwit.snapshot;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * A chunk could not be copied. Names the table, the key range and the cause (with its SQLState);
 * the chunk's transaction was rolled back, so a resume copies it again from the start.
 */
public final class ChunkFailedException extends GodwitException {
  private static final long serialVersionUID = 1L;

  private final String sourceTable;

  public ChunkFailedException(TableCopy table, Chunk chunk, Exception cause) {
    super(
        ErrorCode.SNAPSHOT,
        where(table, chunk)
            + withState(cause)
            + "; nothing of this chunk was kept, a resume copies it again",
        cause);
    this.sourceTable = table.sourceName();
  }

  /** The chunk failed on every attempt within the retry window, each time transiently. */
  public ChunkFailedException(
      TableCopy table, Chunk chunk, int attempts, Duration window, Exception last) {
    super(
        ErrorCode.SNAPSHOT,
        where(table, chunk)
            + "the connection failed on all %d attempts within %d s, last: %s; nothing of this chunk was kept. Fix: make sure the source and the target accept connections (the last error names which), then run again: a resume copies only the chunks not done"
                .formatted(
                    attempts,
                    window.toSeconds(),
                    withState(
                        last instanceof ChunkFailedException
                                && last.getCause() instanceof Exception c
                            ? c
                            : last)),
        last);
    this.sourceTable = table.sourceName();
  }

  public String sourceTable() {
    return sourceTable;
  }

  private static String where(TableCopy table, Chunk chunk) {
    return "copying %s into %s.%s failed in chunk %d, key %s: "
        .formatted(
            table.sourceName(),
            table.table().schema(),
            table.table().name(),
            chunk.number(),
            range(table.keyColumns(), chunk));
  }

  /** The failure's message, and its SQLState when it has one. */
  private static String withState(Exception e) {
    return e.getMessage()
        + (e instanceof SQLException sql && sql.getSQLState() != null
            ? " [SQLState " + sql.getSQLState() + "]"
            : "");
  }

  static String range(List<String> key, Chunk chunk) {
    if (chunk.isWhole()) {
      return "(whole table)";
    }
    String columns = "(" + String.join(", ", key) + ")";
    String lower = chunk.lower() == null ? "" : columns + " > " + show(chunk.lower());
    String upper = chunk.upper() == null ? "" : columns + " <= " + show(chunk.upper());
    return lower.isEmpty() ? upper : upper.isEmpty() ? lower : lower + " and " + upper;
  }

  private static String show(List<Object> tuple) {
    return "("
        + String.join(
            ", ",
            tuple.stream()
                .map(
                    v ->
                        v instanceof byte[] b
                            ? "x'" + java.util.HexFormat.of().formatHex(b) + "'"
                            : "'" + v + "'")
                .toList())
        + ")";
  }
}
