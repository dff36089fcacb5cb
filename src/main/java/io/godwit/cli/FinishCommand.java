package io.godwit.cli;

import io.godwit.Godwit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "finish",
    description = {
      "After the cutover (and the rollback, if the migration went back), remove what the"
          + " migration keeps outside the tables: the PostgreSQL source's replication slot and"
          + " publication, the PostgreSQL target's reverse slot and publication (the way back"
          + " ends here), and the change topics, forward and reverse. The migration is recorded"
          + " finished; `godwit run` and `godwit snapshot` refuse it afterwards. The state"
          + " store's history stays for `godwit report`.",
      "Refuses while `godwit run` runs and before the cutover. Without --yes it only lists"
          + " what it would remove."
    })
final class FinishCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(names = "--yes", description = "Remove them (without it: only list what would go).")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    List<String> lines = new Godwit(config.load(), new SimpleMeterRegistry()).finish(!yes);
    lines.forEach(line -> System.out.println("finish: " + line));
    if (!yes) {
      System.out.println("finish: nothing was removed; run again with --yes to remove them");
    }
    return 0;
  }
}
