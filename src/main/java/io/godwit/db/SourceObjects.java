package io.godwit.db;

import io.godwit.schema.SourceObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

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

  /**
   * The roles (PostgreSQL, with {@code PUBLIC}) or users and roles (MySQL, as {@code
   * 'user'@'host'}, the form of a grantee) of the server, to tell which grantees of the source a
   * target of the same engine family has; empty when this user may not list them.
   */
  Set<String> principals(Connection connection) throws SQLException;
}
