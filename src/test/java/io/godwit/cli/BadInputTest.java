package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that reads a migration file, given a bad one: the exit code says usage, the message
 * names the file or key and the fix, and no stack trace reaches the user. The databases are not
 * needed: a bad file is refused before anything connects (unreachable hosts and wrong logins are in
 * {@code BadInputIT}).
 */
class BadInputTest {

  static final List<String> COMMANDS =
      List.of("plan", "run", "snapshot", "status", "validate", "cutover", "report");

  static Path dir;

  @BeforeAll
  static void files(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    dir = tmp;
    Files.writeString(dir.resolve("empty.yaml"), "");
    long seed = new Random().nextLong();
    System.out.println("BadInputTest garbage seed " + seed);
    byte[] garbage = new byte[4096];
    new Random(seed).nextBytes(garbage);
    garbage[0] = (byte) 0xff;
    Files.write(dir.resolve("garbage.yaml"), garbage);
    Files.write(dir.resolve("huge.yaml"), new byte[(1 << 20) + 1]);
    Files.writeString(
        dir.resolve("types.yaml"),
        """
        name: [a, b]
        source: { url: 42, user: root }
        target: { url: "jdbc:postgresql://127.0.0.1/x", user: postgres }
        snapshot: { workers: many }
        """);
    Files.writeString(
        dir.resolve("secret.yaml"),
        """
        name: shop
        source: { url: "jdbc:mariadb://127.0.0.1/shop", user: root, password: "${file:/dev/zero}" }
        target: { url: "jdbc:postgresql://127.0.0.1/shop", user: postgres }
        """);
  }

  /** A bad file and what its message must name. */
  record BadFile(String file, List<String> named) {}

  static final List<BadFile> FILES =
      List.of(
          new BadFile("missing.yaml", List.of("no file at", "fix:")),
          new BadFile("empty.yaml", List.of("name", "source", "target")),
          new BadFile("garbage.yaml", List.of("not UTF-8", "save it as UTF-8")),
          new BadFile("huge.yaml", List.of("larger than 1024 KiB", "fix:")),
          new BadFile("types.yaml", List.of("name", "source.url", "snapshot.workers")),
          new BadFile("secret.yaml", List.of("/dev/zero", "larger than 1024 KiB", "fix:")),
          new BadFile("/dev/zero", List.of("larger than 1024 KiB", "fix:")));

  static Stream<Arguments> cases() {
    return COMMANDS.stream().flatMap(c -> FILES.stream().map(f -> Arguments.of(c, f)));
  }

  @ParameterizedTest(name = "{0} -c {1}")
  @MethodSource("cases")
  void aBadMigrationFileIsAUsageErrorWithAMessageAndNoStackTrace(String command, BadFile bad) {
    Path file = bad.file().startsWith("/") ? Path.of(bad.file()) : dir.resolve(bad.file());
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(command, "-c", file.toString());
    assertThat(exit).as(err.toString()).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains(bad.named()).doesNotContain("\tat ", "Exception");
  }
}
