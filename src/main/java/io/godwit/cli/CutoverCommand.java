package io.godwit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "cutover",
    description =
        "freeze the source, drain to proven zero lag, validate, sync sequences. Not implemented yet.")
final class CutoverCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return NotImplemented.report("cutover", 5);
  }
}
