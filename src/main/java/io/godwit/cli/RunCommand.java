package io.godwit.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.godwit.BlockedException;
import io.godwit.Godwit;
import io.godwit.capture.PostgresSlots;
import io.godwit.config.CaptureSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.db.Pools;
import io.godwit.observe.Metrics;
import io.godwit.plan.PlanText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    description = {
      "The live migration: create the target tables, start change capture, copy the tables,"
          + " then apply every change until stopped (Ctrl-C or SIGTERM stops cleanly; a new run"
          + " resumes where it stopped).",
      "Refuses to start while the plan has blockers."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Option(
      names = "--drop-slot",
      description =
          "When the run stops, drop the PostgreSQL source's replication slot and publication. Use"
              + " it when the migration is finished or abandoned: the slot holds WAL on the source"
              + " until dropped, and without it a later run cannot resume the change stream.")
  boolean dropSlot;

  @Option(
      names = "--capture",
      paramLabel = "MODE",
      description =
          "embedded (Godwit runs Debezium itself) or external (apply what a Debezium connector on"
              + " Kafka Connect produces; see connectors/README.md). Default: capture.mode from the"
              + " file, else embedded.")
  String capture;

  @Override
  public Integer call() throws Exception {
    MigrationConfig migration = withCapture(config.load());
    Godwit.RunEnd end;
    try {
      end =
          new Godwit(migration, Metrics.registry())
              .rereadingFile(() -> withCapture(config.load()))
              .run();
    } catch (BlockedException e) {
      System.out.print(PlanText.render(e.plan()));
      spec.commandLine().getErr().println("godwit run: " + e.getMessage());
      return Main.FAILURE;
    }
    if (end == Godwit.RunEnd.ROLLED_BACK) {
      System.err.println(
          "godwit run: rolled back; the old source has taken over again and the target stays"
              + " frozen. `godwit run` of this migration refuses to start from now on.");
      return 0;
    }
    if (end == Godwit.RunEnd.CUT_OVER) {
      System.err.println(
          "godwit run: cut over; the target has taken over. `godwit report -c FILE` writes the record.");
      return 0;
    }
    if (dropSlot) {
      return dropSlot(migration);
    }
    System.err.println("godwit run: stopped; run it again to resume.");
    return 0;
  }

  private MigrationConfig withCapture(MigrationConfig migration) {
    if (capture == null) {
      return migration;
    }
    for (CaptureSettings.Mode mode : CaptureSettings.Mode.values()) {
      if (mode.yamlName().equals(capture)) {
        return migration.withCaptureMode(mode);
      }
    }
    throw new ParameterException(
        spec.commandLine(), "--capture must be embedded or external, found '" + capture + "'");
  }

  private static int dropSlot(MigrationConfig migration) throws Exception {
    if (!PostgresSlots.keptOn(migration.source().engine())) {
      System.err.println(
          "godwit run: stopped; --drop-slot: a MySQL/MariaDB source keeps no slot (the binlog"
              + " position lives in Kafka), nothing to drop.");
      return 0;
    }
    try (HikariDataSource source = Pools.open(migration.source(), "source", 1)) {
      PostgresSlots.Dropped dropped = PostgresSlots.drop(source, migration.name());
      System.err.printf(
          "godwit run: stopped; replication slot %s %s, publication %s %s. The change stream"
              + " cannot be resumed: a new run starts over.%n",
          dropped.name(),
          dropped.slot() ? "dropped" : "was not there",
          dropped.name(),
          dropped.publication() ? "dropped" : "was not there");
    }
    return 0;
  }
}
