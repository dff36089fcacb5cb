package io.godwit.cutover;

import io.godwit.db.Dialect;
import io.godwit.db.ReverseStart;
import io.godwit.schema.Carried;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.AfterCopy;
import io.godwit.snapshot.CarriedObjects;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link CutoverDatabases} over the migration's source and target. */
record JdbcCutoverDatabases(
    DataSource source,
    Dialect sourceDialect,
    DataSource target,
    Dialect targetDialect,
    List<TargetTable> tables,
    Carried carried,
    Optional<String> reverseOf)
    implements CutoverDatabases {

  @Override
  public String sourcePosition() throws SQLException {
    try (Connection c = source.getConnection()) {
      return sourceDialect.sourceFreeze().position(c);
    }
  }

  @Override
  public String sequences() throws SQLException {
    AfterCopy after = afterCopy();
    return "indexes: "
        + after.indexes(tables, AfterCopy.Indexes.ALL)
        + "; foreign keys: "
        + after.foreignKeys(tables)
        + "; "
        + after.sequences(tables, this::sourceNext)
        + "; "
        + carriedObjects().sequences(source, sourceDialect);
  }

  @Override
  public String createObjects() throws SQLException {
    return carriedObjects().create(CarriedObject.Stage.CUTOVER);
  }

  @Override
  public String dropObjects() throws SQLException {
    return carriedObjects().drop(CarriedObject.Stage.CUTOVER);
  }

  @Override
  public String onUpdateTriggers() throws SQLException {
    return afterCopy().onUpdateTriggers(tables);
  }

  @Override
  public boolean reverse() {
    return reverseOf.isPresent();
  }

  @Override
  public String prepareReverse() throws SQLException {
    List<ReverseStart.TableName> names =
        tables.stream().map(t -> new ReverseStart.TableName(t.schema(), t.name())).toList();
    try (Connection c = target.getConnection()) {
      return targetDialect.reverseStart().prepare(c, reverseOf.orElseThrow(), names);
    }
  }

  @Override
  public String reversePosition() throws SQLException {
    try (Connection c = target.getConnection()) {
      return targetDialect.reverseStart().record(c, reverseOf.orElseThrow());
    }
  }

  @Override
  public String releaseReverse() throws SQLException {
    try (Connection c = target.getConnection()) {
      return targetDialect.reverseStart().release(c, reverseOf.orElseThrow());
    }
  }

  private AfterCopy afterCopy() {
    return new AfterCopy(target, targetDialect);
  }

  private CarriedObjects carriedObjects() {
    return new CarriedObjects(target, targetDialect, carried);
  }

  private long sourceNext(TargetTable table, String column) throws SQLException {
    try (Connection c = source.getConnection()) {
      return sourceDialect.nextIdentityValue(
          c, table.source().schema(), table.source().name(), column);
    }
  }
}
