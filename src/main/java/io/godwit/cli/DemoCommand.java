package io.godwit.cli;

import io.godwit.demo.Demo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description = {
      "A live migration of a sample shop from the local MariaDB into the local PostgreSQL through"
          + " the embedded Kafka broker, with a write workload running all along. Recreates the"
          + " databases named godwit_demo on both servers.",
      "Run ops/services.sh first on a fresh machine (ops/demo.sh does)."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--mariadb",
      defaultValue = "//127.0.0.1:3306/",
      description =
          "MariaDB address, as after jdbc:mariadb: (default: ${DEFAULT-VALUE}); user root.")
  String mariadb;

  @Option(
      names = "--postgres",
      defaultValue = "//127.0.0.1:5432/",
      description =
          "PostgreSQL address, as after jdbc:postgresql: (default: ${DEFAULT-VALUE}); user postgres.")
  String postgres;

  @Option(
      names = "--seconds",
      defaultValue = "15",
      description = "How long to stream changes after the copy (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--work-dir",
      defaultValue = "godwit-work/demo",
      description = "Where the demo keeps its migration file and Kafka data.")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    boolean caughtUp =
        new Demo(mariadb, postgres, workDir, Duration.ofSeconds(seconds), System.out).run();
    return caughtUp ? 0 : Main.FAILURE;
  }
}
