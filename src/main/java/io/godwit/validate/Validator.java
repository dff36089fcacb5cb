package io.godwit.validate;

import io.godwit.config.MappingOptions;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Dialect;
import io.godwit.db.Jdbc;
import io.godwit.schema.TargetTable;
import io.godwit.snapshot.KeyRepair;
import io.godwit.snapshot.Snapshot;
import io.godwit.state.AppliedOffsets;
import io.godwit.state.Difference;
import io.godwit.state.ValidationRecords;
import io.godwit.state.ValidationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the two sides equal, table by table: both streamed in key order and compared row by row in
 * canonical form ({@link Canonical}). A row that differs is rechecked after the fence, so a change
 * still in flight is not reported: read the source, settle, read the target and the source again;
 * the target matching either source read is fine, a source that held still while the target differs
 * is a difference, a source that moved gets another round. {@code repair} rewrites the differing
 * rows from the source and checks them again.
 */
public final class Validator {

  private static final Logger log = LoggerFactory.getLogger(Validator.class);
  private static final int ROUNDS = 5;
  private static final int SAMPLE = 100;
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final int KEYS_PER_QUERY = 200;

  /** How many slices of a table's changed keys {@link #validateKeys} reads at once. */
  private static final int KEY_SLICES = 4;

  /**
   * The threads of the key reads made at once (slices of changed keys, the target's side of a read
   * inside the freeze): daemons, made as needed and ended when idle.
   */
  private static final ExecutorService KEY_READS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "godwit-validate-keys");
            thread.setDaemon(true);
            return thread;
          });

  private final Snapshot.Sides sides;
  private final Fence fence;
  private final ValidationRecords records;
  private final MeterRegistry meters;
  private final boolean zeroDatesToNull;
  private final int workers;
  private final long segmentRows;
  private final Map<String, Double> lastDifferences = new ConcurrentHashMap<>();

  public Validator(
      Snapshot.Sides sides,
      Fence fence,
      ValidationRecords records,
      MeterRegistry meters,
      boolean zeroDatesToNull,
      int workers,
      long segmentRows) {
    this.sides = sides;
    this.fence = fence;
    this.records = records;
    this.meters = meters;
    this.zeroDatesToNull = zeroDatesToNull;
    this.workers = Math.max(1, workers);
    this.segmentRows = Math.max(1, segmentRows);
  }

  /**
   * The validator of a migration: its two sides, {@code fence} to settle suspects against, results
   * recorded in the state store on the target.
   */
  public static Validator of(
      MigrationConfig config,
      DataSource source,
      DataSource target,
      Fence fence,
      MeterRegistry meters) {
    return of(config, source, target, fence, meters, new ValidationRecords(target, config.name()));
  }

  /**
   * The validator of a migration whose results go to {@code records}: a runner's, which prove its
   * epoch before each result commits.
   */
  public static Validator of(
      MigrationConfig config,
      DataSource source,
      DataSource target,
      Fence fence,
      MeterRegistry meters,
      ValidationRecords records) {
    return new Validator(
        new Snapshot.Sides(
            source,
            Dialect.of(config.source().engine()),
            target,
            Dialect.of(config.target().engine())),
        fence,
        records,
        meters,
        config.mapping().zeroDates() == MappingOptions.ZeroDates.NULL,
        config.snapshot().workers(),
        config.snapshot().chunkRows());
  }

  /**
   * Validates the tables, a few at once, each in key ranges ({@link Segments}) that {@code
   * snapshot.workers} threads compare in parallel; each table's result is recorded in the state
   * store.
   */
  public ValidationResult validate(List<TargetTable> tables, boolean repair) throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(workers, Math.max(1, tables.size())));
    ExecutorService segments = Executors.newFixedThreadPool(workers);
    try {
      List<Future<ValidationResult.TableResult>> futures = new ArrayList<>();
      for (TargetTable t : tables) {
        futures.add(pool.submit(() -> table(t, repair, segments)));
      }
      List<ValidationResult.TableResult> results = new ArrayList<>();
      for (Future<ValidationResult.TableResult> f : futures) {
        results.add(f.get());
      }
      return new ValidationResult(results);
    } finally {
      pool.shutdownNow();
      segments.shutdownNow();
    }
  }

  private ValidationResult.TableResult table(
      TargetTable table, boolean repair, ExecutorService segments) throws Exception {
    long started = System.nanoTime();
    String name = table.source().name();
    Map<AppliedOffsets.Partition, Long> appliedAtStart = appliedOffsets();
    ValidationResult.TableResult result;
    try {
      result = compare(table, repair, started, segments);
    } catch (ValidationException | SQLException e) {
      log.warn("Validation of {} failed: {}", name, e.getMessage());
      result = failed(name, started, e);
    }
    return finish(result, appliedAtStart);
  }

  /**
   * Validates only the rows of {@code keys} (the keys changed since the table's last clean
   * validation) and the two sides' row counts. With that earlier validation clean, the table is
   * equal unless a row was written directly to the target since, which this does not see.
   */
  public ValidationResult.TableResult validateKeys(TargetTable table, List<String[]> keys)
      throws Exception {
    long started = System.nanoTime();
    String name = table.source().name();
    Map<AppliedOffsets.Partition, Long> appliedAtStart = appliedOffsets();
    ValidationResult.TableResult result;
    try {
      CompletableFuture<Long> sourceCount =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return count(
                      sides.source(),
                      sides.sourceDialect(),
                      table.source().schema(),
                      name,
                      sides.sourceDialect().rowFilter(table).orElse(null));
                } catch (SQLException e) {
                  throw new CompletionException(e);
                }
              });
      long targetRows =
          count(sides.target(), sides.targetDialect(), table.schema(), table.name(), null);
      long sourceRows;
      try {
        sourceRows = sourceCount.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof SQLException sql ? sql : e;
      }
      Columns columns = Columns.of(table);
      Map<Difference.Kind, List<Difference>> diffs =
          recheckInSlices(
              columns, side(columns, true), side(columns, false), KeyOrder.sorted(keys));
      List<Difference> sample = new ArrayList<>();
      diffs.values().forEach(l -> l.stream().limit(SAMPLE - sample.size()).forEach(sample::add));
      result =
          new ValidationResult.TableResult(
              name,
              sourceRows,
              targetRows,
              diffs.get(Difference.Kind.MISSING).size(),
              diffs.get(Difference.Kind.EXTRA).size(),
              diffs.get(Difference.Kind.DIFFERENT).size(),
              diffs.get(Difference.Kind.CHANGING).size(),
              0,
              0,
              seconds(started),
              sample,
              sourceRows == targetRows
                  ? null
                  : "row counts differ (source %,d, target %,d); of the %,d changed keys %d are missing, %d extra, %d different"
                      .formatted(
                          sourceRows,
                          targetRows,
                          keys.size(),
                          diffs.get(Difference.Kind.MISSING).size(),
                          diffs.get(Difference.Kind.EXTRA).size(),
                          diffs.get(Difference.Kind.DIFFERENT).size()));
    } catch (ValidationException | SQLException e) {
      log.warn("Validation of {} by changed keys failed: {}", name, e.getMessage());
      result = failed(name, started, e);
    }
    return finish(result, appliedAtStart);
  }

  private static ValidationResult.TableResult failed(String name, long started, Exception e) {
    return new ValidationResult.TableResult(
        name, 0, 0, 0, 0, 0, 0, 0, 0, seconds(started), List.of(), e.getMessage());
  }

  /** The table's rows, those matching {@code where} if not null (the source's row filter). */
  private static long count(
      DataSource ds, Dialect dialect, String schema, String table, String where)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      long n =
          Jdbc.queryLong(
              c,
              "SELECT COUNT(*) FROM "
                  + dialect.qualify(schema, table)
                  + (where == null ? "" : " WHERE " + where));
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return n;
    }
  }

  /** The applier's committed offsets now, or null where the target has none to read. */
  private Map<AppliedOffsets.Partition, Long> appliedOffsets() {
    try (Connection c = sides.target().getConnection()) {
      return new AppliedOffsets(records.migration(), sides.targetDialect()).load(c);
    } catch (SQLException e) {
      log.debug("No applied offsets to record with the validation", e);
      return null;
    }
  }

  private ValidationResult.TableResult finish(
      ValidationResult.TableResult result, Map<AppliedOffsets.Partition, Long> appliedAtStart)
      throws SQLException {
    String name = result.table();
    records.record(result, appliedAtStart);
    Counter.builder("godwit.validation.rows")
        .tag("table", name)
        .description("Rows compared by validation")
        .register(meters)
        .increment(Math.max(result.sourceRows(), result.targetRows()));
    lastDifferences.put(name, (double) result.differenceCount());
    Gauge.builder("godwit.validation.differences", lastDifferences, m -> m.getOrDefault(name, 0.0))
        .tag("table", name)
        .description("Rows that differed in the table's last validation")
        .register(meters);
    Counter.builder("godwit.validation.runs")
        .tag("outcome", result.outcome())
        .description("Table validations by outcome")
        .register(meters)
        .increment();
    return result;
  }

  private ValidationResult.TableResult compare(
      TargetTable table, boolean repair, long started, ExecutorService segments) throws Exception {
    Columns columns = Columns.of(table);
    if (columns.keys() == 0) {
      throw new ValidationException(
          "table %s has no primary or unique key, so its rows cannot be matched; fix: add a key on the source"
              .formatted(table.source().name()));
    }
    Columns.Side source = side(columns, true);
    Columns.Side target = side(columns, false);
    TableCompare.Found found = compareRanges(columns, source, target, segments);
    List<String[]> suspects = new ArrayList<>();
    found.suspects().forEach(s -> suspects.add(s.key()));
    Map<Difference.Kind, List<Difference>> diffs = recheck(columns, source, target, suspects);
    long upserts = 0;
    long deletes = 0;
    if (repair && diffs.values().stream().anyMatch(l -> !l.isEmpty())) {
      List<List<String>> keys = new ArrayList<>();
      diffs.get(Difference.Kind.EXTRA).forEach(d -> keys.add(d.key()));
      diffs.forEach(
          (kind, l) -> {
            if (kind != Difference.Kind.EXTRA) {
              l.forEach(d -> keys.add(d.key()));
            }
          });
      KeyRepair.Repaired repaired =
          new KeyRepair(sides, table, zeroDatesToNull)
              .replace(keys, keyBinder(source), keyBinder(target));
      upserts = repaired.upserted();
      deletes = repaired.deleted();
      log.info(
          "Repaired {}: {} rows rewritten, {} deleted", table.source().name(), upserts, deletes);
      List<String[]> again = new ArrayList<>();
      keys.forEach(k -> again.add(k.toArray(String[]::new)));
      diffs = recheck(columns, source, target, again);
    }
    List<Difference> sample = new ArrayList<>();
    for (List<Difference> l : diffs.values()) {
      for (Difference d : l) {
        if (sample.size() < SAMPLE) {
          sample.add(d);
        }
      }
    }
    return new ValidationResult.TableResult(
        table.source().name(),
        found.sourceRows(),
        found.targetRows(),
        diffs.get(Difference.Kind.MISSING).size(),
        diffs.get(Difference.Kind.EXTRA).size(),
        diffs.get(Difference.Kind.DIFFERENT).size(),
        diffs.get(Difference.Kind.CHANGING).size(),
        upserts,
        deletes,
        seconds(started),
        sample,
        null);
  }

  /**
   * Compares both sides range by range, the ranges in parallel on {@code segments}. Where both
   * sides are the same engine, each range is first hashed in SQL on both sides ({@link
   * Dialect#rowHashQuery}): a range whose count and hashes agree is equal without a row read; only
   * the others are merged row by row. Across engines every range is merged.
   */
  private TableCompare.Found compareRanges(
      Columns columns, Columns.Side source, Columns.Side target, ExecutorService segments)
      throws Exception {
    List<Segments.Range> ranges =
        Segments.of(columns, sides.source(), sides.sourceDialect(), segmentRows);
    long sourceRows = 0;
    long targetRows = 0;
    List<Segments.Range> toMerge = new ArrayList<>(ranges);
    if (sides.sourceDialect().engine() == sides.targetDialect().engine()) {
      List<Future<long[]>> hashes = new ArrayList<>();
      for (Segments.Range range : ranges) {
        hashes.add(segments.submit(() -> rowHash(columns, source, range)));
        hashes.add(segments.submit(() -> rowHash(columns, target, range)));
      }
      List<Segments.Range> differing = new ArrayList<>();
      long hashedSource = 0;
      long hashedTarget = 0;
      try {
        for (int r = 0; r < ranges.size(); r++) {
          long[] sourceHash = result(hashes.get(2 * r), hashes);
          long[] targetHash = result(hashes.get(2 * r + 1), hashes);
          if (Arrays.equals(sourceHash, targetHash)) {
            hashedSource += sourceHash[0];
            hashedTarget += targetHash[0];
          } else {
            differing.add(ranges.get(r));
          }
        }
        sourceRows = hashedSource;
        targetRows = hashedTarget;
        toMerge = differing;
        log.debug(
            "{}: {} of {} key ranges equal by their SQL hashes",
            columns.table().source().name(),
            ranges.size() - differing.size(),
            ranges.size());
      } catch (SQLException e) {
        log.info(
            "{}: rows are merged instead of hashed in SQL: {}",
            columns.table().source().name(),
            e.getMessage());
      }
    }
    List<Future<TableCompare.Found>> parts = new ArrayList<>();
    for (Segments.Range range : toMerge) {
      parts.add(segments.submit(() -> new TableCompare(columns).run(source, target, range)));
    }
    List<TableCompare.Suspect> suspects = new ArrayList<>();
    for (Future<TableCompare.Found> part : parts) {
      TableCompare.Found found = result(part, parts);
      sourceRows += found.sourceRows();
      targetRows += found.targetRows();
      suspects.addAll(found.suspects());
    }
    return new TableCompare.Found(sourceRows, targetRows, suspects);
  }

  /** The count and the two hash sums of one side's {@code range}. */
  private static long[] rowHash(Columns columns, Columns.Side side, Segments.Range range)
      throws SQLException {
    try (Connection c = side.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(columns.rowHash(side, range));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long[] hash = {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return hash;
    }
  }

  /** The future's value; on a failure the others are cancelled and the cause thrown. */
  private static <T> T result(Future<T> future, List<? extends Future<?>> all) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      all.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Describes one side of the table ({@link Columns#describe}). */
  private Columns.Side side(Columns columns, boolean source) throws SQLException {
    Dialect other = source ? sides.targetDialect() : sides.sourceDialect();
    return source
        ? columns.describe(sides.source(), sides.sourceDialect(), true, other, zeroDatesToNull)
        : columns.describe(sides.target(), sides.targetDialect(), false, other, zeroDatesToNull);
  }

  /**
   * {@link #recheck} of {@code keys} in up to {@link #KEY_SLICES} slices at once, each on its own
   * connections: the final validation of a table's changed keys, inside the freeze.
   */
  private Map<Difference.Kind, List<Difference>> recheckInSlices(
      Columns columns, Columns.Side source, Columns.Side target, List<String[]> keys)
      throws Exception {
    int slices = Math.min(KEY_SLICES, Math.max(1, keys.size() / KEYS_PER_QUERY));
    int size = (keys.size() + slices - 1) / slices;
    List<Future<Map<Difference.Kind, List<Difference>>>> parts = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += size) {
      List<String[]> slice = keys.subList(from, Math.min(keys.size(), from + size));
      parts.add(KEY_READS.submit(() -> recheck(columns, source, target, slice)));
    }
    Map<Difference.Kind, List<Difference>> all = new LinkedHashMap<>();
    for (Difference.Kind k : Difference.Kind.values()) {
      all.put(k, new ArrayList<>());
    }
    try {
      for (Future<Map<Difference.Kind, List<Difference>>> part : parts) {
        part.get().forEach((kind, found) -> all.get(kind).addAll(found));
      }
    } catch (ExecutionException e) {
      parts.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return all;
  }

  private Map<Difference.Kind, List<Difference>> recheck(
      Columns columns, Columns.Side source, Columns.Side target, List<String[]> keys)
      throws Exception {
    Map<Difference.Kind, List<Difference>> result = new LinkedHashMap<>();
    for (Difference.Kind k : Difference.Kind.values()) {
      result.put(k, new ArrayList<>());
    }
    List<String[]> pending = keys;
    boolean vanished = false;
    for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
      Map<String, String[]> before;
      Map<String, String[]> now;
      Map<String, String[]> after;
      if (fence == Fence.NONE) {
        // nothing streams (the final validation, inside the freeze): the sides are read at once,
        // and the source once, since a second read would find what the first did
        List<String[]> reading = pending;
        CompletableFuture<Map<String, String[]>> onTarget =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return read(columns, target, reading);
                  } catch (SQLException e) {
                    throw new CompletionException(e);
                  }
                },
                KEY_READS);
        before = read(columns, source, pending);
        try {
          now = onTarget.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof SQLException sql ? sql : e;
        }
        after = before;
      } else {
        before = read(columns, source, pending);
        fence.settle(SETTLE);
        now = read(columns, target, pending);
        after = read(columns, source, pending);
      }
      List<String[]> moving = new ArrayList<>();
      for (String[] key : pending) {
        String id = Arrays.toString(key);
        String[] s1 = before.get(id);
        String[] t = now.get(id);
        String[] s2 = after.get(id);
        if (s1 == null && t == null && s2 == null) {
          vanished = true;
          continue;
        }
        if (Arrays.equals(t, s1) || Arrays.equals(t, s2)) {
          continue;
        }
        if (Arrays.equals(s1, s2)) {
          result
              .get(kind(s1, t))
              .add(new Difference(kind(s1, t), List.of(key), differing(columns, s1, t)));
        } else {
          moving.add(key);
        }
      }
      pending = moving;
    }
    if (vanished) {
      probe(columns, source);
      probe(columns, target);
    }
    for (String[] key : pending) {
      result
          .get(Difference.Kind.CHANGING)
          .add(new Difference(Difference.Kind.CHANGING, List.of(key), List.of()));
    }
    return result;
  }

  private static Difference.Kind kind(String[] source, String[] target) {
    return source == null
        ? Difference.Kind.EXTRA
        : target == null ? Difference.Kind.MISSING : Difference.Kind.DIFFERENT;
  }

  private static List<String> differing(Columns columns, String[] source, String[] target) {
    List<String> names = new ArrayList<>();
    if (source != null && target != null) {
      List<String> all = columns.names();
      for (int i = 0; i < all.size(); i++) {
        if (!java.util.Objects.equals(source[i], target[i])) {
          names.add(all.get(i));
        }
      }
    }
    return names;
  }

  /**
   * Proves that {@code side} finds its own rows by key, since a key that neither side finds again
   * must not pass as agreement: reads one of its keys, then that row by the key. A key listed again
   * but still not found by its value means this key type cannot be matched, and the table fails; a
   * key gone when listed again was deleted meanwhile, and another one is tried.
   */
  private void probe(Columns columns, Columns.Side side) throws Exception {
    for (int attempt = 0; attempt < ROUNDS; attempt++) {
      String[] key = anyKey(columns, side);
      if (key == null || !read(columns, side, List.<String[]>of(key)).isEmpty()) {
        return;
      }
      if (Arrays.equals(key, anyKey(columns, side))) {
        List<String> names = columns.names().subList(0, columns.keys());
        throw new ValidationException(
            ("table %s: the %s's row with key %s = %s (type %s) is not found again by that key,"
                    + " so a row that differs cannot be rechecked and is not reported; fix: report"
                    + " this with the key's type, and compare the table another way until then")
                .formatted(
                    columns.table().source().name(),
                    side.name(),
                    String.join(", ", names),
                    Arrays.toString(key),
                    String.join(", ", side.typeNames().subList(0, columns.keys()))));
      }
    }
  }

  /** Any one key of {@code side}, or null when the table is empty. */
  private static String[] anyKey(Columns columns, Columns.Side side) throws SQLException {
    try (Connection c = side.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(columns.anyKey(side))) {
      String[] key = null;
      if (rs.next()) {
        key = new String[columns.keys()];
        for (int i = 0; i < key.length; i++) {
          key[i] = Canonical.of(rs, i + 1, side.kinds().get(i));
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return key;
    }
  }

  /**
   * How repair matches a key on {@code side}: each value bound for its column's type, and a MySQL
   * or MariaDB text key compared by its bytes as well, since a case-insensitive or pad-space
   * collation would match another row ({@code abc} finding {@code ABC} or {@code abc }). The bytes
   * are those of the key in the column's character set, so a non-ASCII key in a column that is not
   * utf8mb4 matches nothing, and stays reported as a difference. Extra rows are repaired first, so
   * that {@code ABC} is gone before {@code abc} is written where the collation takes them as one.
   */
  private static KeyRepair.KeyBinder keyBinder(Columns.Side side) {
    boolean[] exact = new boolean[side.kinds().size()];
    for (int i = 0; i < exact.length; i++) {
      exact[i] =
          side.dialect().comparisonReads().textKeysMatchByCollation()
              && side.kinds().get(i).form() == Canonical.Form.TEXT
              && !side.typeNames().get(i).equalsIgnoreCase("uuid");
    }
    return new KeyRepair.KeyBinder() {
      @Override
      public String condition(String quoted, int i) {
        return exact[i]
            ? quoted + " = ? AND CAST(" + quoted + " AS BINARY) = CAST(? AS BINARY)"
            : quoted + " = ?";
      }

      @Override
      public void bind(PreparedStatement ps, List<String> key) throws SQLException {
        int p = 1;
        for (int i = 0; i < key.size(); i++) {
          Canonical.bind(ps, p++, key.get(i), side.kinds().get(i));
          if (exact[i]) {
            ps.setString(p++, key.get(i));
          }
        }
      }
    };
  }

  /** Binds {@code key}'s values from parameter {@code first} on, each for its column's type. */
  private static int bind(PreparedStatement ps, int first, Columns.Side side, List<String> key)
      throws SQLException {
    int p = first;
    for (int i = 0; i < key.size(); i++) {
      Canonical.bind(ps, p++, key.get(i), side.kinds().get(i));
    }
    return p;
  }

  /**
   * Rows by key (as {@code Arrays.toString(key)}), absent keys left out; read {@link
   * #KEYS_PER_QUERY} keys at a time.
   */
  private static Map<String, String[]> read(Columns columns, Columns.Side side, List<String[]> keys)
      throws SQLException {
    Canonical.Kind[] kinds = side.kinds().toArray(Canonical.Kind[]::new);
    Map<String, String[]> rows = new HashMap<>();
    // a connection a query, not a read: reads made at once (slices, tables) share the pool's few
    for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
      List<String[]> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
      try (Connection c = side.dataSource().getConnection()) {
        try (PreparedStatement ps = c.prepareStatement(columns.byKeys(side, chunk.size()))) {
          int p = 1;
          for (String[] key : chunk) {
            p = bind(ps, p, side, Arrays.asList(key));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String[] row = new String[kinds.length];
              for (int i = 0; i < row.length; i++) {
                row[i] = Canonical.of(rs, i + 1, kinds[i]);
              }
              rows.put(Arrays.toString(Arrays.copyOf(row, columns.keys())), row);
            }
          }
        }
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
    }
    return rows;
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
