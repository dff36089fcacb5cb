package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.db.Finding;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * {@code plan} measures the largest row of tables with unbounded columns: one whose change event
 * would not fit a Kafka message is a blocker (the capture would stop on it), a large one that fits
 * is a note, and small ones are not mentioned. The sizes are what the source engine reports.
 */
class LargeRowsIT {

  private static final int MB = 1024 * 1024;

  @Test
  void postgresRowsPastTheMessageLimitBlock() throws Exception {
    try (TestDatabase source = TestDatabase.postgres("largerows_pg");
        TestDatabase target = TestDatabase.postgres("largerows_tgt")) {
      source.execute(
          "CREATE TABLE huge (id int PRIMARY KEY, body text)",
          "INSERT INTO huge VALUES (1, 'x'), (2, repeat('y', %d))".formatted(40 * MB),
          "CREATE TABLE big (id int PRIMARY KEY, doc jsonb, raw bytea, tags text[])",
          "INSERT INTO big VALUES (1, jsonb_build_object('a', repeat('z', %d)),".formatted(2 * MB)
              + " decode(repeat('00ff', %d), 'hex'), ARRAY['a', 'b'])".formatted(MB / 2),
          "CREATE TABLE small (id int PRIMARY KEY, note text)",
          "INSERT INTO small VALUES (1, 'hello')");
      PlanResult plan = plan(source, target);
      assertThat(finding(plan, "huge"))
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.BLOCKER);
                assertThat(f.message()).contains("holds %,d bytes".formatted(40 * MB));
                assertThat(f.fix()).contains("tables.exclude");
              });
      assertThat(finding(plan, "big"))
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
                assertThat(f.message()).contains("holds %,d bytes".formatted(2 * MB + 9 + MB + 5));
              });
      assertThat(plan.findings()).noneMatch(f -> f.subject().equals("table small"));
    }
  }

  @Test
  void mariaDbLargeRowsAreNoted() throws Exception {
    try (TestDatabase source = TestDatabase.mariadb("largerows_maria");
        TestDatabase target = TestDatabase.postgres("largerows_tgt")) {
      source.execute(
          "CREATE TABLE docs (id INT PRIMARY KEY, body LONGTEXT, raw MEDIUMBLOB)",
          "INSERT INTO docs VALUES (1, REPEAT('a', %d), REPEAT(x'01', 1000)), (2, 'b', NULL)"
              .formatted(3 * MB));
      PlanResult plan = plan(source, target);
      assertThat(finding(plan, "docs"))
          .satisfies(
              f -> {
                assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
                assertThat(f.message()).contains("holds %,d bytes".formatted(3 * MB + 1000));
              });
    }
  }

  private static Finding finding(PlanResult plan, String table) {
    return plan.findings().stream()
        .filter(f -> f.subject().equals("table " + table) && f.message().contains("largest row"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding on " + table + ": " + plan.findings()));
  }

  private static PlanResult plan(TestDatabase source, TestDatabase target) throws Exception {
    String yaml = TestMigration.yaml("largerows", source, target, "");
    return new Godwit(new ConfigLoader().load(yaml, "largerows.yaml"), new SimpleMeterRegistry())
        .plan();
  }
}
