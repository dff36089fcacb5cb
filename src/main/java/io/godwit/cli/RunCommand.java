package io.godwit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "run",
    description =
        "schema, capture, snapshot and apply; streams until stopped or cut over. Not implemented yet.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return NotImplemented.report("run", 4);
  }
}
