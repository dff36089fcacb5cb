package io.godwit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.Godwit;
import io.godwit.config.ConfigLoader;
import io.godwit.config.RollbackSettings.Reverse;
import io.godwit.db.Dialect;
import io.godwit.db.Finding;
import io.godwit.engine.Engine;
import io.godwit.testing.Ports;
import io.godwit.testing.ScratchMariaDb;
import io.godwit.testing.ScratchPostgres;
import io.godwit.testing.TestDatabase;
import io.godwit.testing.TestMigration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code plan}'s check that the target can be captured for the reverse stream ({@code
 * rollback.reverse}), planted on throwaway targets that cannot be: PostgreSQL with {@code wal_level
 * = replica}, MariaDB without a binlog. The shared servers, which can, are the clean case.
 */
class ReverseCaptureIT {

  private static TestDatabase source;
  private static ScratchPostgres replicaLevel;
  private static ScratchMariaDb noBinlog;
  private static TestDatabase pgTarget;
  private static TestDatabase mariaTarget;
  private static TestDatabase capturable;

  @BeforeAll
  static void start() throws Exception {
    source = TestDatabase.postgres("revplan_src");
    source.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)");
    replicaLevel = ScratchPostgres.init(Ports.free());
    replicaLevel.configure("wal_level = replica").start();
    pgTarget = TestDatabase.on(replicaLevel, "revplan_tgt");
    noBinlog = ScratchMariaDb.start(Ports.free());
    mariaTarget = TestDatabase.on(noBinlog, "revplan_tgt");
    capturable = TestDatabase.postgres("revplan_tgt");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c :
        new AutoCloseable[] {source, capturable, pgTarget, mariaTarget, replicaLevel, noBinlog}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aPostgresTargetWithoutLogicalDecodingBlocksWhenTheReverseStreamIsAskedFor()
      throws Exception {
    List<Finding> found = reverse(plan(pgTarget, "rollback: { reverse: on }"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.isBlocker()).isTrue();
              assertThat(f.message())
                  .contains("the target cannot be captured for the reverse stream")
                  .contains("wal_level must be logical, found replica");
              assertThat(f.fix())
                  .contains("ALTER SYSTEM SET wal_level = logical")
                  .contains("rollback.reverse: off");
            });
  }

  @Test
  void autoMakesTheSameTargetAWarningThatTheCutoverWillBeOneWay() throws Exception {
    List<Finding> found = reverse(plan(pgTarget, "rollback: { reverse: auto }"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(f.message())
                  .contains("wal_level must be logical, found replica")
                  .contains("the cutover will be one-way");
            });
    try (Connection c = pgTarget.connect()) {
      assertThat(
              ReverseCapture.enabled(
                  Reverse.AUTO, Dialect.of(Engine.POSTGRESQL), c, "revplan_pgshop"))
          .isFalse();
      assertThat(
              ReverseCapture.enabled(
                  Reverse.ON, Dialect.of(Engine.POSTGRESQL), c, "revplan_pgshop"))
          .isTrue();
    }
  }

  @Test
  void offChecksNothingAndIsTheDefaultUntilAReverseStreamReadsTheSlot() throws Exception {
    assertThat(reverse(plan(pgTarget, "rollback: { reverse: off }"))).isEmpty();
    assertThat(reverse(plan(pgTarget, ""))).isEmpty();
  }

  @Test
  void aMariaDbTargetWithoutBinlogBlocksWhenTheReverseStreamIsAskedFor() throws Exception {
    List<Finding> found = reverse(plan(mariaTarget, "rollback: { reverse: on }"));

    assertThat(found)
        .filteredOn(Finding::isBlocker)
        .extracting(Finding::message)
        .anySatisfy(m -> assertThat(m).contains("log_bin must be ON, found OFF"));
  }

  @Test
  void aTargetThatCanBeCapturedIsNotedWithItsReverseSlot() throws Exception {
    List<Finding> found = reverse(plan(capturable, "rollback: { reverse: on }"));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
              assertThat(f.message())
                  .contains("slot and publication godwit_revplan_pgshop_reverse");
            });
    try (Connection c = capturable.connect()) {
      assertThat(
              ReverseCapture.enabled(
                  Reverse.AUTO, Dialect.of(Engine.POSTGRESQL), c, "revplan_pgshop"))
          .isTrue();
    }
  }

  private static PlanResult plan(TestDatabase target, String extra) throws Exception {
    String yaml =
        TestMigration.yaml(
            "revplan_pgshop",
            source.url(),
            "postgres",
            "",
            target,
            "tables: { include: [items] }\n" + extra);
    return new Godwit(new ConfigLoader().load(yaml, "revplan.yaml"), new SimpleMeterRegistry())
        .plan();
  }

  private static List<Finding> reverse(PlanResult plan) {
    return plan.findings().stream()
        .filter(f -> f.subject().equals(ReverseCapture.SUBJECT))
        .toList();
  }
}
