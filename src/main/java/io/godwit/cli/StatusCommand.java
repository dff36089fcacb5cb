package io.godwit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "status",
    description =
        "One line per table (phase, rows copied, events applied, lag). Not implemented yet.")
final class StatusCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return NotImplemented.report("status", 4);
  }
}
