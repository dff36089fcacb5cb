package io.godwit.plan;

import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.schema.Column;
import io.godwit.schema.Table;
import io.godwit.transport.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The largest row of each table with columns of unbounded size, measured on the source in the scan
 * of {@link LossProfile}, against the largest change event Kafka takes ({@link
 * Topics#MAX_MESSAGE_BYTES}): a row whose event would not fit stops the capture on its next change.
 */
final class LargeRows {

  /** A change event carries a row's values as JSON, bytes in base64: about twice their size. */
  private static final int EVENT_PER_ROW_BYTE = 2;

  private static final long MB = 1024 * 1024;

  private LargeRows() {}

  /**
   * The bytes of a row's values of unbounded size, as a SQL expression over the table's columns;
   * empty when the table has none.
   */
  static Optional<String> size(Dialect dialect, Table t) {
    List<String> sizes = new ArrayList<>();
    for (Column c : t.columns()) {
      dialect.unboundedValueBytes(c).ifPresent(b -> sizes.add("coalesce(%s, 0)".formatted(b)));
    }
    return sizes.isEmpty() ? Optional.empty() : Optional.of(String.join(" + ", sizes));
  }

  /** What the largest row measured means for the change stream, if anything. */
  static Optional<Finding> finding(Table t, long largest, boolean complete) {
    long event = largest * EVENT_PER_ROW_BYTE;
    String among = complete ? "" : " among its first %,d".formatted(LossProfile.ROWS);
    if (event > Topics.MAX_MESSAGE_BYTES) {
      return Optional.of(
          Finding.blocker(
              "table " + t.name(),
              ("the largest row of %s%s holds %,d bytes of values: its change event (about %,d"
                      + " bytes) is past the %,d bytes a Kafka message may take here, so the"
                      + " capture would stop on its next change")
                  .formatted(t.name(), among, largest, event, Topics.MAX_MESSAGE_BYTES),
              "exclude %s (tables.exclude) and copy it once with godwit snapshot, or keep values that large outside the database"
                  .formatted(t.name())));
    }
    if (largest > MB) {
      return Optional.of(
          Finding.info(
              "table " + t.name(),
              ("the largest row of %s%s holds %,d bytes of values; its change events fit the"
                      + " %,d bytes Godwit's topics take")
                  .formatted(t.name(), among, largest, Topics.MAX_MESSAGE_BYTES)));
    }
    return Optional.empty();
  }
}
