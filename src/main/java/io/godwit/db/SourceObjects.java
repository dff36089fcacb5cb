package io.godwit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads the objects of a source schema that Godwit does not copy with the tables' rows. */
public interface SourceObjects {

  /**
   * Views, triggers, routines, events, standalone sequences, partitioning, CHECK constraints,
   * comments and grants of the schema, in that order. Objects of a table are listed for every base
   * table; the caller keeps those of the tables it migrates.
   */
  List<SourceObject> read(Connection connection, String schema) throws SQLException;

  /**
   * Warnings for kinds of object the catalog hides from this user, so that {@link #read} may miss
   * some; empty when it sees them all.
   */
  List<Finding> blindSpots(Connection connection, String schema) throws SQLException;
}
