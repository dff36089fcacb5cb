package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The target's change position R0 from which the reverse stream (target to old source, for a
 * rollback) starts: made ready before the cutover's freeze, taken at its done step, once no forward
 * change is left to apply and before the application's first write on the target. See the
 * architecture's "Reverse replication after cutover".
 */
public interface ReverseStart {

  /**
   * The name of the reverse capture's replication slot and publication on a PostgreSQL target: slot
   * names are server-wide, and the forward slot {@code godwit_<name>} may be on the same server.
   */
  static String slotName(String migration) {
    return "godwit_" + migration + "_reverse";
  }

  /**
   * Makes ready what R0 needs, idempotently: on PostgreSQL the publication of {@code tables} and
   * the logical slot (creating a slot waits for every transaction running on the server, so this is
   * done before the freeze); on MySQL/MariaDB checks that the binlog keeps full row images.
   *
   * @param tables the migrated tables on the target, as schema and name
   * @return what was done, for the cutover's log
   * @throws io.godwit.error.GodwitException when the target cannot be captured, naming the setting
   *     and the fix
   */
  String prepare(Connection target, String migration, List<TableName> tables) throws SQLException;

  /**
   * Takes R0, the target's position now: on PostgreSQL the slot is moved to it; on MySQL/MariaDB it
   * is the binlog file and position with the GTID position.
   *
   * @return R0 as recorded in the state store
   */
  String record(Connection target, String migration) throws SQLException;

  /**
   * Removes what {@link #prepare} made, for an aborted cutover: a PostgreSQL slot would otherwise
   * hold the target's WAL while the forward stream goes on. Safe when nothing was made.
   */
  String release(Connection target, String migration) throws SQLException;

  /**
   * Where the reverse capture must be told to start: on MySQL/MariaDB R0's binlog position, read
   * back from what {@link #record} returned; empty on PostgreSQL, whose slot holds R0 itself.
   */
  Optional<BinlogPosition> binlogPosition(String r0);

  /** What R0 is on this engine, in plain words, for {@code plan}. */
  String describe(String migration);

  /** A table on the target. */
  record TableName(String schema, String name) {}
}
