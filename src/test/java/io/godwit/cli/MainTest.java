package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  @TempDir Path dir;

  private record Run(int exit, String err) {}

  private Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, err.toString());
  }

  @Test
  void aMigrationFileWithThreeMistakesReportsAllThreeAndExitsTwo() throws Exception {
    Path file = dir.resolve("shop.yaml");
    Files.writeString(
        file,
        """
        name: shop
        source: { url: "jdbc:oracle:thin:@db:1521/shop", user: root }
        target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
        snapshot: { wrokers: 4 }
        apply: { batch-size: 0 }
        """);
    Run run = run("plan", "-c", file.toString());
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err())
        .contains("3 problems")
        .contains("source.url")
        .contains("snapshot.wrokers")
        .contains("did you mean snapshot.workers")
        .contains("apply.batch-size");
  }

  @Test
  void aMissingFileIsAUsageError() {
    Run run = run("plan", "-c", dir.resolve("nope.yaml").toString());
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("nope.yaml");
  }

  @Test
  void aMissingConfigOptionIsAUsageError() {
    assertThat(run("plan").exit()).isEqualTo(Main.USAGE);
  }

  @Test
  void commandsNotBuiltYetSaySoAndFail() throws Exception {
    Path file = dir.resolve("ok.yaml");
    Files.writeString(
        file,
        """
        name: shop
        source: { url: "jdbc:mariadb://127.0.0.1/shop", user: root }
        target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
        """);
    assertThat(run("cutover", "-c", file.toString()).exit()).isEqualTo(Main.FAILURE);
  }
}
