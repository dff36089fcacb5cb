package io.godwit.cli;

import io.godwit.BlockedException;
import io.godwit.LiveMigration;
import io.godwit.config.MigrationConfig;
import io.godwit.plan.PlanText;
import io.godwit.snapshot.PausePoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

  @Override
  public Integer call() throws Exception {
    MigrationConfig migration = config.load();
    LiveMigration live = new LiveMigration(migration, new SimpleMeterRegistry(), PausePoints.NONE);
    Thread hook =
        new Thread(
            () -> {
              try {
                System.err.println("godwit run: stopping cleanly...");
                live.stop(Duration.ofSeconds(60));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "godwit-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      live.run();
    } catch (BlockedException e) {
      System.out.print(PlanText.render(e.plan()));
      System.err.println("godwit run: " + e.getMessage());
      return Main.FAILURE;
    }
    System.err.println("godwit run: stopped; run it again to resume.");
    return 0;
  }
}
