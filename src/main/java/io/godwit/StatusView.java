package io.godwit;

import io.godwit.state.CutoverRecords;
import io.godwit.state.StatusReader;
import io.godwit.state.ValidationRecords;
import java.util.List;

/**
 * A migration's status as the state store in the target holds it: each table's phase and progress,
 * the latest validation of each and the latest cutover attempt; the JSON shape of {@code status
 * --json}.
 *
 * @param cutover the latest cutover attempt; null when none was made
 */
public record StatusView(
    String migration,
    List<StatusReader.TableStatus> tables,
    List<ValidationRecords.Stored> validations,
    CutoverRecords.Attempt cutover) {}
