package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Finding;
import io.godwit.schema.ColumnMapping;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code plan} counts the source rows whose values a lossy mapping changes or the target refuses.
 * Each column gets seeded random rows: values the mapping keeps (boundaries and random ones) and,
 * now and then, a value it loses, planted from a list written down independently of the conditions
 * plan counts by. Every count must equal the number planted; a column with none planted is a note,
 * not a warning.
 */
class LossProfileIT {

  private static final long SEED = Long.getLong("godwit.seed", 20261205L);
  private static final int ROWS = 300;

  /**
   * One way a column loses values: the findings of that loss contain {@code marker}; {@code lost}
   * are source literals it loses, {@code kept} literals it keeps.
   */
  private record Loss(String marker, boolean rejected, List<String> lost) {}

  private record Col(
      String name,
      String type,
      List<String> kept,
      Function<Random, String> random,
      List<Loss> losses) {}

  @Test
  void postgresToMariaDbCountsEveryLossyValue() throws Exception {
    List<Col> cols =
        List.of(
            new Col(
                "d",
                "date",
                List.of("'0001-01-01'", "'9999-12-31'", "'1970-01-01'", "NULL"),
                r -> "DATE '0001-01-01' + " + r.nextInt(3_652_058),
                List.of(
                    new Loss(
                        "BC dates",
                        true,
                        List.of("'0044-03-15 BC'", "'infinity'", "'-infinity'", "'10000-01-01'")))),
            new Col(
                "ts",
                "timestamp(6)",
                List.of("'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'"),
                r ->
                    "TIMESTAMP '1000-01-01' + interval '1 second' * "
                        + r.nextInt(Integer.MAX_VALUE),
                List.of(
                    new Loss(
                        "BC dates",
                        true,
                        List.of(
                            "'infinity'", "'10000-01-01 00:00:00'", "'0001-12-31 23:59:59 BC'")))),
            new Col(
                "tz",
                "timestamptz",
                List.of("'0001-01-01 00:00:00+00'", "'9999-12-31 23:59:59.999999+00'"),
                r -> "TIMESTAMPTZ '2000-01-01 00:00:00+00' + interval '1 ms' * " + r.nextInt(),
                List.of(
                    new Loss(
                        "BC dates",
                        true,
                        List.of(
                            "'-infinity'",
                            "'10000-01-01 00:00:00+00'",
                            "'0001-01-01 00:30:00+02'")))),
            new Col(
                "ttz",
                "timetz",
                List.of("'10:00+00'", "'00:00:00+00'", "'24:00:00+00'"),
                r -> "'%02d:%02d:00+00'".formatted(r.nextInt(24), r.nextInt(60)),
                List.of(
                    new Loss(
                        "offset other than +00",
                        false,
                        List.of("'10:00+05:30'", "'00:00-01'", "'23:59:59.999999+14'")))),
            new Col(
                "n",
                "numeric",
                List.of(
                    "'99999999999999999999999999999999999.999999999999999999999999999999'",
                    "'-0.000000000000000000000000000001'",
                    "0"),
                r -> Long.toString(r.nextLong()) + "." + r.nextInt(1_000_000),
                List.of(
                    new Loss(
                        "integer digits",
                        true,
                        List.of("'1e35'", "'-1e40'", "'NaN'", "'Infinity'", "'-Infinity'")),
                    new Loss(
                        "decimals",
                        false,
                        List.of(
                            "'1.0000000000000000000000000000001'",
                            "'-0.12345678901234567890123456789012'")))),
            new Col(
                "vb",
                "varbit(8)",
                List.of("B'10101010'", "B'00000000'"),
                r -> "B'" + bits(r, 8) + "'",
                List.of(new Loss("shorter than 8 bits", false, List.of("B'1'", "B'101'", "B''")))),
            new Col(
                "e",
                "mood",
                List.of("'ok'", "'fine'"),
                r -> r.nextBoolean() ? "'ok'" : "'fine'",
                List.of(new Loss("ending in spaces", false, List.of("'ok '")))));
    try (TestDatabase source = TestDatabase.postgres("lossprof_pg");
        TestDatabase target = TestDatabase.mariadb("lossprof_tgt")) {
      source.execute("CREATE TYPE mood AS ENUM ('ok', 'ok ', 'fine')");
      Map<String, Map<String, Integer>> planted =
          fill(source, "lossy", cols, "id serial PRIMARY KEY", true);
      fill(source, "clean", cols, "id serial PRIMARY KEY", false);
      List<Col> key =
          List.of(
              new Col(
                  "k",
                  "text",
                  List.of("repeat('é', 768)", "''"),
                  r -> "'" + r.nextLong() + "'",
                  List.of(
                      new Loss(
                          "longer than 768",
                          true,
                          List.of("repeat('x', 769)", "repeat('é', 769)", "repeat('y', 5000)")))));
      Map<String, Map<String, Integer>> keyPlanted =
          fill(source, "keyed", key, "n serial, PRIMARY KEY (k, n)", true);
      PlanResult plan = plan(source, target, "lossprof", "");
      System.out.println(PlanText.render(plan));
      assertCounts(plan, "lossy", cols, planted);
      assertCounts(plan, "clean", cols, null);
      assertCounts(plan, "keyed", key, keyPlanted);
    }
  }

  @Test
  void mariaDbToPostgresCountsEveryLossyValue() throws Exception {
    List<Col> cols =
        List.of(
            new Col(
                "flag",
                "tinyint(1)",
                List.of("0", "1", "NULL"),
                r -> Integer.toString(r.nextInt(2)),
                List.of(new Loss("other than 0 and 1", false, List.of("2", "-1", "127", "-128")))),
            new Col(
                "t",
                "time(6)",
                List.of("'00:00:00'", "'23:59:59.999999'"),
                r -> "SEC_TO_TIME(" + r.nextInt(86_400) + ")",
                List.of(
                    new Loss(
                        "negative times",
                        true,
                        List.of("'-00:00:01'", "'-838:59:59'", "'24:00:00'", "'838:59:59'")))),
            new Col(
                "zd",
                "datetime(6) NULL",
                List.of("'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'", "NULL"),
                r -> "FROM_UNIXTIME(" + r.nextInt(Integer.MAX_VALUE) + ")",
                List.of(
                    new Loss(
                        "zero dates",
                        false,
                        List.of(
                            "'0000-00-00 00:00:00'",
                            "'2020-00-15 10:00:00'",
                            "'2020-05-00 00:00:00'")))),
            new Col(
                "zn",
                "date NOT NULL",
                List.of("'1000-01-01'", "'2024-02-29'"),
                r -> "DATE_ADD('1000-01-01', INTERVAL " + r.nextInt(3_000_000) + " DAY)",
                List.of(new Loss("zero dates", true, List.of("'0000-00-00'", "'2021-02-00'")))));
    try (TestDatabase source = TestDatabase.mariadb("lossprof_maria");
        TestDatabase target = TestDatabase.postgres("lossprof_tgt")) {
      Map<String, Map<String, Integer>> planted =
          fill(source, "lossy", cols, "id bigint unsigned AUTO_INCREMENT PRIMARY KEY", true);
      fill(source, "clean", cols, "id bigint unsigned AUTO_INCREMENT PRIMARY KEY", false);
      source.execute(
          "INSERT INTO lossy (id, zn) VALUES (9223372036854775808, '2000-01-01'),"
              + " (18446744073709551615, '2000-01-01')");
      PlanResult plan = plan(source, target, "lossprof", "");
      System.out.println(PlanText.render(plan));
      assertCounts(plan, "lossy", cols, planted, ROWS + 2);
      assertCounts(plan, "clean", cols, null);
      assertThat(finding(plan, "lossy", "id", "ids above"))
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.BLOCKER);
                assertThat(f.message()).contains(": 2 rows hold");
              });
      assertThat(finding(plan, "clean", "id", "ids above").severity())
          .isEqualTo(Finding.Severity.INFO);

      PlanResult strict = plan(source, target, "lossprof", "mapping: { zero-dates: error }");
      for (String column : List.of("zd", "zn")) {
        assertThat(finding(strict, "lossy", column, "stop the copy"))
            .satisfies(
                f -> {
                  assertThat(f.severity()).isEqualTo(Finding.Severity.BLOCKER);
                  assertThat(f.message())
                      .contains(": %,d rows hold".formatted(planted.get(column).get("zero dates")));
                  assertThat(f.fix()).contains("mapping.zero-dates: null");
                });
      }
    }
  }

  /**
   * Creates {@code table} and fills it with {@link #ROWS} rows; with {@code plant}, each value is a
   * lost one with probability 1/8. Returns, per column and loss marker, how many were planted.
   */
  private static Map<String, Map<String, Integer>> fill(
      TestDatabase db, String table, List<Col> cols, String key, boolean plant) throws Exception {
    long seed = SEED + table.hashCode();
    System.out.printf("LossProfileIT %s.%s seed %d%n", db.name(), table, seed);
    Random random = new Random(seed);
    List<String> defs = new ArrayList<>();
    cols.forEach(c -> defs.add(c.name() + " " + c.type()));
    defs.add(key);
    List<String> statements = new ArrayList<>();
    if (db.engine().isMySqlFamily()) {
      statements.add("SET SESSION sql_mode = ''");
    }
    statements.add("CREATE TABLE %s (%s)".formatted(table, String.join(", ", defs)));
    Map<String, Map<String, Integer>> planted = new LinkedHashMap<>();
    cols.forEach(c -> planted.put(c.name(), new LinkedHashMap<>()));
    for (int row = 0; row < ROWS; row++) {
      List<String> values = new ArrayList<>();
      for (Col c : cols) {
        Loss loss = c.losses().get(random.nextInt(c.losses().size()));
        if (plant && random.nextInt(8) == 0) {
          values.add(loss.lost().get(random.nextInt(loss.lost().size())));
          planted.get(c.name()).merge(loss.marker(), 1, Integer::sum);
        } else if (random.nextInt(4) == 0) {
          values.add(c.kept().get(random.nextInt(c.kept().size())));
        } else {
          values.add(c.random().apply(random));
        }
      }
      statements.add(
          "INSERT INTO %s (%s) VALUES (%s)"
              .formatted(
                  table,
                  String.join(", ", cols.stream().map(Col::name).toList()),
                  String.join(", ", values)));
    }
    db.execute(statements.toArray(String[]::new));
    return planted;
  }

  private static void assertCounts(
      PlanResult plan, String table, List<Col> cols, Map<String, Map<String, Integer>> planted) {
    assertCounts(plan, table, cols, planted, ROWS);
  }

  private static void assertCounts(
      PlanResult plan,
      String table,
      List<Col> cols,
      Map<String, Map<String, Integer>> planted,
      long scanned) {
    for (Col c : cols) {
      int any = 0;
      for (Loss loss : c.losses()) {
        int n = planted == null ? 0 : planted.get(c.name()).getOrDefault(loss.marker(), 0);
        any += n;
        Finding f = finding(plan, table, c.name(), loss.marker());
        String where = "%s.%s %s".formatted(table, c.name(), loss.marker());
        if (n == 0) {
          assertThat(f.severity()).as(where).isEqualTo(Finding.Severity.INFO);
          assertThat(f.message()).as(where).contains("no row holds");
        } else {
          assertThat(f.severity())
              .as(where)
              .isEqualTo(loss.rejected() ? Finding.Severity.BLOCKER : Finding.Severity.WARNING);
          assertThat(f.message()).as(where).contains(": %,d rows hold".formatted(n));
          assertThat(f.fix()).as(where).isNotEmpty();
        }
      }
      int expected = any;
      assertThat(plan.mappings())
          .filteredOn(m -> m.table().equals(table) && m.column().equals(c.name()))
          .singleElement()
          .extracting(ColumnMapping::profile)
          .isEqualTo(new ColumnMapping.Profile(expected, scanned, true));
    }
  }

  private static Finding finding(PlanResult plan, String table, String column, String marker) {
    return plan.findings().stream()
        .filter(f -> f.subject().equals("column " + table + "." + column))
        .filter(f -> f.message().contains(marker))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no finding on %s.%s about %s in %s"
                        .formatted(table, column, marker, plan.findings())));
  }

  private static PlanResult plan(
      TestDatabase source, TestDatabase target, String name, String extra) throws Exception {
    String yaml = TestMigration.yaml(name, source, target, extra);
    return new Godwit(new ConfigLoader().load(yaml, name + ".yaml"), new SimpleMeterRegistry())
        .plan();
  }

  private static String bits(Random r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(r.nextBoolean() ? '1' : '0');
    }
    return b.toString();
  }
}
