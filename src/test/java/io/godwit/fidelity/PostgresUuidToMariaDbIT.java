package io.godwit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.plan.PlanResult;
import io.godwit.schema.ColumnMapping;
import io.godwit.schema.Fidelity;
import io.godwit.state.Difference;
import io.godwit.state.ValidationResult;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL uuids of every version and variant digit on MariaDB. MariaDB's {@code uuid} type
 * refuses some values PostgreSQL's takes, so {@code plan} must count, as a blocker naming the fix,
 * exactly the values MariaDB itself refuses (asked with {@code CAST(... AS uuid)}, not with
 * Godwit's condition). With that fix, {@code char(36)}, the harness of {@link FidelityIT} carries
 * every value through snapshot and stream and {@code godwit validate} must call the table clean.
 *
 * <p>The seed is printed; {@code -Dgodwit.fidelity.seed=N} draws other values.
 */
class PostgresUuidToMariaDbIT extends FidelityIT {

  /** The fix {@code plan} names for a uuid column MariaDB's uuid type cannot hold. */
  private static final String FIX = "char(36)";

  @Override
  Engine source() {
    return Engine.POSTGRESQL;
  }

  @Override
  Engine target() {
    return Engine.MARIADB;
  }

  @Override
  List<Case> cases() {
    return List.of(Case.exact("uuid", Kind.PLAIN, uuids()));
  }

  @Override
  String extraConfig() {
    return "tables: { column-types: { \"f0.v\": \"%s\" } }".formatted(FIX);
  }

  /**
   * Boundaries of the bytes MariaDB judges a uuid by (the version digit's byte and the byte that
   * starts the fourth group), every pair of version and variant digit with random other digits, and
   * random uuids.
   */
  static Gen uuids() {
    return (e, r) -> {
      Set<String> out = new LinkedHashSet<>();
      for (String fill : List.of("0", "f")) {
        for (String versionByte : List.of("00", "7f", "80", "ff")) {
          for (String variantByte : List.of("00", "01", "7f", "80", "81", "ff")) {
            out.add(
                "'%s-%s-%s%s-%s%s-%s'"
                    .formatted(
                        fill.repeat(8),
                        fill.repeat(4),
                        versionByte,
                        fill.repeat(2),
                        variantByte,
                        fill.repeat(2),
                        fill.repeat(12)));
          }
        }
      }
      for (int version = 0; version < 16; version++) {
        for (int variant = 0; variant < 16; variant++) {
          String text = new UUID(r.nextLong(), r.nextLong()).toString();
          out.add(
              "'%s%x%s%x%s'"
                  .formatted(
                      text.substring(0, 14),
                      version,
                      text.substring(15, 19),
                      variant,
                      text.substring(20)));
        }
      }
      for (int i = 0; i < Gen.RANDOM; i++) {
        out.add("'" + new UUID(r.nextLong(), r.nextLong()) + "'");
      }
      return List.copyOf(out);
    };
  }

  @Test
  void planCountsTheUuidsMariaDbRefusesAndNamesTheFix() throws Exception {
    long seed = Long.getLong("godwit.fidelity.seed", DEFAULT_SEED);
    System.out.printf("PostgresUuidToMariaDbIT plan: seed %d%n", seed);
    List<String> values = uuids().literals(Engine.POSTGRESQL, new Random(seed));
    try (TestDatabase src = TestDatabase.postgres("uuid_plan_src");
        TestDatabase tgt = TestDatabase.mariadb("uuid_plan_tgt")) {
      List<String> fill = new ArrayList<>();
      fill.add("CREATE TABLE ids (id int NOT NULL PRIMARY KEY, v uuid)");
      for (int k = 0; k < values.size(); k++) {
        fill.add("INSERT INTO ids VALUES (%d, %s)".formatted(k, values.get(k)));
      }
      src.execute(fill.toArray(String[]::new));
      long refused = refusedByMariaDb(tgt, values).size();
      System.out.printf(
          "  %d uuids, %d of them refused by MariaDB's uuid%n", values.size(), refused);
      assertThat(refused).as("values MariaDB refuses among those sent").isPositive();

      PlanResult plan = plan(src, tgt, "");
      assertThat(mapping(plan))
          .satisfies(
              m -> {
                assertThat(m.targetType()).isEqualTo("uuid");
                assertThat(m.fidelity()).isEqualTo(Fidelity.LOSSY);
                assertThat(m.profile())
                    .isEqualTo(new ColumnMapping.Profile(refused, values.size(), true));
              });
      assertThat(blockers(plan))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.message()).contains(": %,d rows hold".formatted(refused));
                assertThat(f.fix()).contains("\"ids.v\": \"" + FIX + "\"");
              });

      PlanResult fixed =
          plan(src, tgt, "tables: { column-types: { \"ids.v\": \"%s\" } }".formatted(FIX));
      assertThat(blockers(fixed)).isEmpty();
      assertThat(mapping(fixed).targetType()).isEqualTo(FIX);
    }
  }

  /**
   * With the default mapping, rows written on the source after the copy with uuids MariaDB refuses
   * (as the key, or as a value) cannot be on the target: {@code godwit validate} reports each of
   * them, by its key as PostgreSQL prints it, and calls no other row different; a repair stops with
   * MariaDB's reason and the fix instead of writing something else.
   */
  @Test
  void validateReportsEveryRowWhoseUuidMariaDbRefuses() throws Exception {
    long seed = Long.getLong("godwit.fidelity.seed", DEFAULT_SEED);
    System.out.printf("PostgresUuidToMariaDbIT validate: seed %d%n", seed);
    List<String> values = uuids().literals(Engine.POSTGRESQL, new Random(seed));
    String name = "uuid_validate";
    try (TestDatabase src = TestDatabase.postgres("uuid_val_src");
        TestDatabase tgt = TestDatabase.mariadb("uuid_val_tgt")) {
      List<String> refused = refusedByMariaDb(tgt, values);
      List<String> taken = values.stream().filter(v -> !refused.contains(v)).toList();
      List<String> fill = new ArrayList<>();
      fill.add("CREATE TABLE ids (k uuid NOT NULL PRIMARY KEY, v uuid)");
      taken.forEach(v -> fill.add("INSERT INTO ids VALUES (%s, %s)".formatted(v, v)));
      src.execute(fill.toArray(String[]::new));
      Godwit godwit =
          new Godwit(TestMigration.config(name, src, tgt, ""), new SimpleMeterRegistry());
      try {
        godwit.snapshot();
        assertThat(godwit.validate(List.of(), false).clean()).as("after the copy").isTrue();

        List<String> changes = new ArrayList<>();
        Set<Difference> expected = new LinkedHashSet<>();
        for (int i = 0; i < refused.size(); i++) {
          String r = refused.get(i);
          if (i % 2 == 0) {
            changes.add("INSERT INTO ids VALUES (%s, NULL)".formatted(r));
            expected.add(new Difference(Difference.Kind.MISSING, List.of(text(r)), List.of()));
          } else {
            String key = taken.get(i);
            changes.add("UPDATE ids SET v = %s WHERE k = %s".formatted(r, key));
            expected.add(
                new Difference(Difference.Kind.DIFFERENT, List.of(text(key)), List.of("v")));
          }
        }
        src.execute(changes.toArray(String[]::new));

        ValidationResult.TableResult ids = godwit.validate(List.of(), false).tables().get(0);
        System.out.printf(
            "  %d refused uuids written on the source: %d missing, %d different, error %s%n",
            refused.size(), ids.missing(), ids.different(), ids.error());
        assertThat(ids.error()).isNull();
        assertThat(ids.extra()).isZero();
        assertThat(ids.differences()).containsExactlyInAnyOrderElementsOf(expected);

        ValidationResult.TableResult repair = godwit.validate(List.of(), true).tables().get(0);
        System.out.printf("  repair: %s%n", repair.error());
        assertThat(repair.error())
            .as("a repair cannot write what MariaDB refuses")
            .startsWith("repairing ids key [")
            .contains("Incorrect uuid value")
            .contains("fix: ");
      } finally {
        tgt.forgetMigration(name);
      }
    }
  }

  /** A uuid literal's text. */
  private static String text(String literal) {
    return literal.substring(1, literal.length() - 1);
  }

  /** The literals MariaDB's uuid type refuses: its CAST gives NULL for them. */
  private static List<String> refusedByMariaDb(TestDatabase mariaDb, List<String> literals)
      throws SQLException {
    List<String> refused = new ArrayList<>();
    try (Connection c = mariaDb.connect();
        Statement st = c.createStatement()) {
      for (String literal : literals) {
        try (ResultSet rs = st.executeQuery("SELECT CAST(%s AS uuid) IS NULL".formatted(literal))) {
          rs.next();
          if (rs.getBoolean(1)) {
            refused.add(literal);
          }
        }
      }
    }
    return refused;
  }

  private static ColumnMapping mapping(PlanResult plan) {
    return plan.mappings().stream()
        .filter(m -> m.table().equals("ids") && m.column().equals("v"))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("plan lists no mapping of ids.v: " + plan.mappings()));
  }

  private static List<Finding> blockers(PlanResult plan) {
    return plan.findings().stream()
        .filter(f -> f.subject().equals("column ids.v") && f.isBlocker())
        .toList();
  }

  private static PlanResult plan(TestDatabase src, TestDatabase tgt, String extra)
      throws Exception {
    return new Godwit(TestMigration.config("uuid_plan", src, tgt, extra), new SimpleMeterRegistry())
        .plan();
  }
}
