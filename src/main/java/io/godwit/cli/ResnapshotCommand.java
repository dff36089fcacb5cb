package io.godwit.cli;

import io.godwit.Godwit;
import io.godwit.ResnapshotResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "resnapshot",
    description = {
      "Copy tables again while the others stream: the applier holds each table at its last"
          + " applied change, its target table is replaced by a fresh chunked copy planned from"
          + " the migration file and the source now, and its changes are replayed over it.",
      "Goes through the running `godwit run`'s control API; with no run, the request is stored"
          + " and the next `godwit run` does it. All tables or none."
    })
final class ResnapshotCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Parameters(
      arity = "1..*",
      paramLabel = "TABLE",
      description = "Source table names, as `godwit status` lists them.")
  List<String> tables;

  @Override
  public Integer call() throws Exception {
    ResnapshotResult result =
        new Godwit(config.load(), new SimpleMeterRegistry()).resnapshot(tables);
    if (config.json) {
      System.out.println(Json.render(result));
      return 0;
    }
    System.out.printf(
        "resnapshot: %s asked to be copied again; %s%n",
        String.join(", ", tables),
        result.throughRun()
            ? "the running godwit run re-copies them now; `godwit status -c FILE` shows each"
                + " table's phase and copy progress"
            : "no godwit run holds the migration, so the next `godwit run -c FILE` re-copies"
                + " them before they stream again");
    return 0;
  }
}
