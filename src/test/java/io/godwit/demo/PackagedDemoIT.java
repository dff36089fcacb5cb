package io.godwit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job as a user runs it: the packaged jar with only its own runtime classpath
 * (the manifest's {@code lib/}), not the test classpath. A library that only the tests bring would
 * otherwise hide a missing runtime dependency: Debezium's embedded engine needs Maven's version
 * classes at every start, and the shipped jar failed without them while every test passed.
 */
class PackagedDemoIT {

  @TempDir Path workDir;

  @Test
  void thePackagedJarRunsTheDemoMigrationToTheEnd() throws Exception {
    Path log = workDir.resolve("demo.log");
    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar().toString(),
                "demo",
                "--seconds",
                "3",
                "--work-dir",
                workDir.resolve("work").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = demo.waitFor(240, TimeUnit.SECONDS);
    if (!ended) {
      demo.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("the demo ended within 240 s:%n%s", output).isTrue();
    assertThat(demo.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("Caught up: every table has the same number of rows");
  }

  /** The jar {@code mvn package} built, which runs before the integration tests. */
  private static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars =
          files
              .filter(p -> p.getFileName().toString().matches("godwit-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().matches(".*-(sources|tests)\\.jar"))
              .toList();
      assertThat(jars).as("the packaged jar in target/").hasSize(1);
      return jars.get(0);
    }
  }
}
