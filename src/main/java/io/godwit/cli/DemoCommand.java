package io.godwit.cli;

import picocli.CommandLine.Command;

@Command(
    name = "demo",
    description =
        "a demo live migration on local databases with the embedded Kafka broker. Not implemented yet.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  @Override
  public Integer call() {
    return NotImplemented.report("demo", 4);
  }
}
