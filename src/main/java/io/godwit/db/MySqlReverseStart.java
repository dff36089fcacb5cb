package io.godwit.db;

import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * R0 on a MySQL or MariaDB target: the binlog file and position with the GTID position, read at
 * done ({@link BinlogPosition}), from which the reverse capture starts. Nothing is created; the
 * binlog must keep full row images.
 */
final class MySqlReverseStart implements ReverseStart {

  private final Dialect dialect;

  MySqlReverseStart(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public Optional<BinlogPosition> binlogPosition(String r0) {
    return Optional.of(BinlogPosition.parse(r0));
  }

  @Override
  public String describe(String migration) {
    return "binlog position and GTIDs, stored as the reverse capture's offset on its first start";
  }

  @Override
  public String prepare(Connection target, String migration, List<TableName> tables)
      throws SQLException {
    List<Finding> blockers =
        dialect.sourceChecks().captureServer(target, ReverseStart.slotName(migration)).stream()
            .filter(Finding::isBlocker)
            .toList();
    if (!blockers.isEmpty()) {
      Finding first = blockers.get(0);
      throw new GodwitException(
          ErrorCode.CAPTURE,
          ("the target cannot be captured for the reverse stream: %s; fix: %s, or set"
                  + " rollback.reverse: off for a one-way cutover")
              .formatted(first.message(), first.fix()));
    }
    return "binlog keeps full row images";
  }

  @Override
  public String record(Connection target, String migration) throws SQLException {
    return dialect.sourceFreeze().position(target);
  }

  @Override
  public String release(Connection target, String migration) {
    return "nothing to release (the binlog position is only a record)";
  }
}
