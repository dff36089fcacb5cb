package io.godwit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "report",
    description = "the migration report for the change board. Not implemented yet.")
final class ReportCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return NotImplemented.report("report", 5);
  }
}
