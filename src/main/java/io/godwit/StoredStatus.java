package io.godwit;

import io.godwit.control.StatusView;
import io.godwit.state.CutoverRecords;
import io.godwit.state.ReverseProgress;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationRecords;
import java.util.List;

/**
 * A migration's status as the state store in the target holds it: each table's phase and progress,
 * the latest validation of each and the latest cutover attempt, as {@code godwit status} renders it
 * in text.
 *
 * @param cutover the latest cutover attempt; null when none was made
 * @param reverse the reverse stream, read from the old source's state store, after a cutover that
 *     recorded an R0; null otherwise
 */
public record StoredStatus(
    String migration,
    List<StatusReader.TableStatus> tables,
    List<ValidationRecords.Stored> validations,
    CutoverRecords.Attempt cutover,
    ReverseProgress reverse) {

  /** The status document {@code /api/status} serves, as far as the state stores know it. */
  public StatusView view() {
    return StatusView.stored(
        migration,
        tables,
        validations,
        cutover,
        reverse == null ? null : StatusView.ReverseView.of(reverse, null));
  }
}
