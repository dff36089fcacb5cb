package io.godwit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "validate",
    description =
        "compare source and target row for row; --repair fixes differences. Not implemented yet.")
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return NotImplemented.report("validate", 5);
  }
}
