package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
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
  void javaUtilLoggingRecordsGoThroughLogbackAndNotJulsOwnConsole() throws Exception {
    String name = "com.github.shyiko.mysql.binlog.BinaryLogClient";
    ch.qos.logback.classic.Logger logback =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logback.addAppender(seen);
    try {
      Main.routeJavaUtilLogging();
      java.util.logging.Logger.getLogger(name).warning("keepalive thread stopped");
      assertThat(seen.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("keepalive thread stopped");
      assertThat(java.util.logging.Logger.getLogger("").getHandlers())
          .singleElement()
          .isInstanceOf(SLF4JBridgeHandler.class);
    } finally {
      logback.detachAppender(seen);
      LogManager.getLogManager().readConfiguration();
    }
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
  void resnapshotWithoutATableIsAUsageErrorNamingTheParameter() throws Exception {
    Run run = run("resnapshot", "-c", okFile().toString());
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("TABLE");
  }

  @Test
  void commandsNotBuiltYetSaySoAndFail() throws Exception {
    assertThat(run("cutover", "-c", okFile().toString()).exit()).isEqualTo(Main.FAILURE);
  }

  private Path okFile() throws Exception {
    Path file = dir.resolve("shop.yaml");
    Files.writeString(
        file,
        """
        name: shop
        source: { url: "jdbc:mariadb://127.0.0.1/shop", user: root }
        target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
        """);
    return file;
  }

  @Test
  void aBadArgumentIsOneLineWithTheFixAndExitsTwoAndDebugAddsTheStackTrace() throws Exception {
    String file = okFile().toString();
    Run run = run("report", "-c", file, "--format", "pdf");
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err())
        .isEqualTo("godwit report: unknown report format 'pdf'; fix: use md or html\n");

    Run debug = run("report", "-c", file, "--format", "pdf", "--debug");
    assertThat(debug.exit()).isEqualTo(Main.USAGE);
    assertThat(debug.err())
        .startsWith("godwit report: unknown report format 'pdf'")
        .contains("GodwitException", "\tat io.godwit.report.Report");
  }

  @Test
  void aNegativeWatchIntervalIsAUsageError() throws Exception {
    Run run = run("status", "-c", okFile().toString(), "--watch", "-1");
    assertThat(run.exit()).isEqualTo(Main.USAGE);
    assertThat(run.err()).contains("--watch must be 1 second or more").doesNotContain("\tat ");
  }

  /**
   * A source host taken from {@code ${file:}} that does not resolve: the driver repeats it in its
   * message and in the exceptions of the stack trace {@code --debug} prints; the error line and the
   * trace show it masked.
   */
  @Test
  void valuesFromReferencesAreMaskedInTheErrorLineAndTheDebugTrace() throws Exception {
    String marker = "m4rker" + Long.toHexString(new SecureRandom().nextLong());
    Path host = Files.writeString(dir.resolve("host"), marker + ".invalid\n");
    Path file = dir.resolve("shop.yaml");
    Files.writeString(
        file,
        """
        name: shop
        source: { url: "jdbc:mariadb://${file:%s}:3306/shop", user: root }
        target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
        """
            .formatted(host));
    Run run = run("plan", "--debug", "-c", file.toString());
    assertThat(run.exit()).isNotZero();
    assertThat(run.err())
        .contains("godwit plan: cannot connect to the source jdbc:mariadb://******:3306/shop")
        .contains("\tat ")
        .doesNotContain(marker);
  }
}
