package io.godwit.state;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The reverse stream after a cutover, as the old source's state store records it under the reverse
 * migration's name: where it started on the target (R0), each table it writes back (changes
 * applied, last lag, the error that stopped it) and the latest rollback attempt.
 *
 * @param rollback the latest rollback attempt; null when none was made
 * @param unreadable why the old source's state store could not be read; null when it was
 */
public record ReverseProgress(
    String r0,
    List<StatusReader.TableStatus> tables,
    CutoverRecords.Attempt rollback,
    String unreadable) {

  public ReverseProgress {
    tables = List.copyOf(tables);
  }

  /** Reads it from the old source's state store. */
  public static ReverseProgress read(DataSource oldSource, String reverseName, String r0)
      throws SQLException {
    return new ReverseProgress(
        r0,
        new StatusReader(oldSource).tables(reverseName),
        new CutoverRecords(oldSource, reverseName).latest().orElse(null),
        null);
  }

  /** The progress of a reverse stream whose old source could not be read, and why. */
  public static ReverseProgress unreadable(String r0, String why) {
    return new ReverseProgress(r0, List.of(), null, why);
  }

  /** True when a table is stopped by a change the old source rejected. */
  public boolean stopped() {
    return tables.stream().anyMatch(t -> t.error() != null);
  }
}
