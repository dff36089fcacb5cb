package io.godwit.cli;

import io.godwit.BlockedException;
import io.godwit.Godwit;
import io.godwit.plan.PlanText;
import io.godwit.snapshot.SnapshotResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "snapshot",
    description = {
      "Copy the tables once, with no change capture: create them, copy the rows in parallel"
          + " chunks, then indexes, foreign keys and sequences.",
      "Resumable: a stopped run continues at the first chunk not copied; a finished one does"
          + " nothing."
    })
final class SnapshotCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SnapshotResult result;
    try {
      result = new Godwit(config.load(), new SimpleMeterRegistry()).snapshot();
    } catch (BlockedException e) {
      System.out.print(config.json ? Json.render(e.plan()) + "\n" : PlanText.render(e.plan()));
      spec.commandLine().getErr().println("godwit snapshot: " + e.getMessage());
      return Main.FAILURE;
    }
    System.out.print(config.json ? Json.render(result) + "\n" : SnapshotText.render(result));
    return 0;
  }
}
