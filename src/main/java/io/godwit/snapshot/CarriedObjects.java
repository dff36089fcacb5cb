package io.godwit.snapshot;

import io.godwit.db.Dialect;
import io.godwit.schema.Carried;
import io.godwit.schema.CarriedObject;
import io.godwit.schema.SourceObject.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the source's views, routines, sequences, triggers, events and grants that a target of the
 * same engine family is given ({@link Carried}), each stage all or nothing: on PostgreSQL in one
 * transaction; on MySQL, whose DDL commits by itself, a failure drops what the stage had created
 * before it is reported. Statements run with the target schema as the default one ({@code
 * search_path}, the current database). Every statement replaces an object of its name, so a stage
 * run again by a resumed run does the same.
 */
public final class CarriedObjects {

  private static final Logger log = LoggerFactory.getLogger(CarriedObjects.class);

  private final DataSource target;
  private final Dialect dialect;
  private final Carried carried;

  public CarriedObjects(DataSource target, Dialect dialect, Carried carried) {
    this.target = target;
    this.dialect = dialect;
    this.carried = carried;
  }

  /**
   * Creates the objects of {@code stage}, in order; says what it created.
   *
   * @throws SQLException naming the object and the statement that failed, what was undone and the
   *     fix
   */
  public String create(CarriedObject.Stage stage) throws SQLException {
    List<CarriedObject> objects = carried.at(stage);
    if (objects.isEmpty()) {
      return "no carried objects " + stage.label();
    }
    boolean transactional = dialect.transactionalDdl();
    try (Connection c = target.getConnection()) {
      List<CarriedObject> created = new ArrayList<>();
      CarriedObject current = null;
      String statement = null;
      Dialect.DefaultSchema inTargetSchema = null;
      c.setAutoCommit(!transactional);
      try (Statement st = c.createStatement()) {
        inTargetSchema = dialect.useSchema(c, carried.targetSchema());
        for (CarriedObject o : objects) {
          current = o;
          for (String sql : o.create()) {
            statement = sql;
            st.execute(sql);
          }
          created.add(o);
        }
        if (transactional) {
          c.commit();
        }
      } catch (SQLException e) {
        String undone;
        if (transactional) {
          c.rollback();
          undone = "nothing was created";
        } else {
          if (current != null) {
            created.add(current);
          }
          undone = drop(c, created);
        }
        if (current == null) {
          throw new SQLException(
              "using target schema %s failed: %s; fix: check that it exists and that the target user may use it"
                  .formatted(carried.targetSchema(), e.getMessage()),
              e.getSQLState(),
              e.getErrorCode(),
              e);
        }
        throw new SQLException(
            ("creating %s %s on the target %s failed: %s; in: %s; %s; fix: correct it on the"
                    + " source, or leave it to be created by hand (inventory.skip: [%s]), check"
                    + " with godwit plan, then run again")
                .formatted(
                    kind(current.kind()),
                    current.name(),
                    stage.label(),
                    e.getMessage(),
                    statement,
                    undone,
                    kind(current.kind()) + "s"),
            e.getSQLState(),
            e.getErrorCode(),
            e);
      } finally {
        c.setAutoCommit(true);
        if (inTargetSchema != null) {
          inTargetSchema.close();
        }
      }
    }
    return "created " + count(objects);
  }

  /** Drops the objects of {@code stage} again: a cutover that is abandoned after creating them. */
  public String drop(CarriedObject.Stage stage) throws SQLException {
    try (Connection c = target.getConnection();
        Dialect.DefaultSchema inTargetSchema = dialect.useSchema(c, carried.targetSchema())) {
      return drop(c, new ArrayList<>(carried.at(stage)));
    }
  }

  /**
   * Sets each carried sequence so that the next value it hands out on the target is the one the
   * source's would hand out next: after the copy, and again at cutover once the source is frozen.
   */
  public String sequences(DataSource source, Dialect sourceDialect) throws SQLException {
    List<String> sequences = carried.sequences();
    if (sequences.isEmpty()) {
      return "no carried sequences";
    }
    List<String> set = new ArrayList<>();
    try (Connection from = source.getConnection();
        Connection into = target.getConnection()) {
      for (String name : sequences) {
        String sourceName = sourceDialect.qualify(carried.sourceSchema(), name);
        String targetName = dialect.qualify(carried.targetSchema(), name);
        set.add(name + " " + dialect.copySequence(from, sourceName, into, targetName));
      }
    }
    log.info("Carried sequences set as on the source: {}", String.join(", ", set));
    return "carried sequences set as on the source: " + String.join(", ", set);
  }

  /**
   * Drops the objects in reverse order, each on its own, in the target schema; says what it
   * dropped.
   */
  private String drop(Connection c, List<CarriedObject> objects) {
    List<String> dropped = new ArrayList<>();
    for (int i = objects.size() - 1; i >= 0; i--) {
      CarriedObject o = objects.get(i);
      try (Statement st = c.createStatement()) {
        for (String sql : o.drop()) {
          st.execute(sql);
        }
        dropped.add(kind(o.kind()) + " " + o.name());
      } catch (SQLException e) {
        log.error("Could not drop {} {} again: {}", kind(o.kind()), o.name(), e.getMessage());
      }
    }
    return dropped.isEmpty()
        ? "nothing was created"
        : "dropped what this stage had created (%s)".formatted(String.join(", ", dropped));
  }

  private static String count(List<CarriedObject> objects) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    objects.forEach(o -> counts.merge(kind(o.kind()), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((kind, n) -> parts.add(n + " " + kind + (n == 1 ? "" : "s")));
    return String.join(", ", parts);
  }

  private static String kind(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
