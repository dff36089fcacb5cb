package io.godwit.db;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB server's change position as the freeze and the cutover record it ({@link
 * MySqlSourceFreeze#position}): {@code binlog FILE:POS}, then on MariaDB {@code , GTID
 * <gtid_binlog_pos>} and on MySQL {@code , GTID set <gtid_executed>} when the server has GTIDs.
 *
 * @param file the binlog file
 * @param position the byte offset in it
 * @param gtids the GTID position (MariaDB) or executed GTID set (MySQL), without white space, when
 *     the server has GTIDs
 */
public record BinlogPosition(String file, long position, Optional<String> gtids) {

  private static final Pattern RECORDED =
      Pattern.compile("binlog (.+):(\\d+)(?:, GTID(?: set)? (.+))?", Pattern.DOTALL);

  /**
   * Reads a recorded position back.
   *
   * @throws GodwitException when {@code recorded} is not a binlog position
   */
  public static BinlogPosition parse(String recorded) {
    Matcher m = RECORDED.matcher(recorded.strip());
    if (!m.matches()) {
      throw new GodwitException(
          ErrorCode.MIGRATION_STATE,
          ("the recorded position '%s' is not a binlog position (binlog FILE:POS[, GTID ...]); fix:"
                  + " the cutover recorded it on another engine than the target's now: check"
                  + " target.url")
              .formatted(recorded));
    }
    return new BinlogPosition(
        m.group(1),
        Long.parseLong(m.group(2)),
        Optional.ofNullable(m.group(3)).map(g -> g.replaceAll("\\s", "")));
  }
}
