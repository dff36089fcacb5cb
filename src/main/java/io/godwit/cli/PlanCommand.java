package io.godwit.cli;

import io.godwit.Godwit;
import io.godwit.plan.PlanResult;
import io.godwit.plan.PlanText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "plan",
    description = {
      "Connect to both sides and report what the migration would do: tables, DDL, column"
          + " mappings that are not exact, and blockers and warnings with their fixes.",
      "Reads only. Exits 1 when there are blockers."
    })
final class PlanCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    PlanResult plan = new Godwit(config.load(), new SimpleMeterRegistry()).plan();
    System.out.print(config.json ? Json.render(plan) + "\n" : PlanText.render(plan));
    return plan.hasBlockers() ? Main.FAILURE : 0;
  }
}
