package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.godwit.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command that connects to a database, given a good file that points at a database it cannot
 * use: nothing listening, a host that does not resolve, a wrong password, an unknown user, a user
 * without the grants the command needs. The exit code says failure, the message names the setting
 * and the fix, no stack trace reaches the user, and nothing is created on the target. {@code
 * cutover} is not here: it talks only to the control API (its unreachable case is in {@code
 * MainTest}); {@code status} and {@code report} read only the target.
 */
class BadInputIT {

  private static final String PASSWORD = "right-password-7Kq";

  static TestDatabase mariaSource;
  static TestDatabase mariaTarget;
  static TestDatabase pgTarget;
  static int closedPort;
  static Path dir;

  @BeforeAll
  static void databases(@TempDir Path tmp) throws Exception {
    dir = tmp;
    mariaSource = TestDatabase.mariadb("badinput_src");
    mariaSource.execute(
        "CREATE TABLE item (id int PRIMARY KEY, name varchar(20))",
        "INSERT INTO item VALUES (1, 'a'), (2, NULL)");
    mariaTarget = TestDatabase.mariadb("badinput_tgt");
    pgTarget = TestDatabase.postgres("badinput_tgt");
    mariaSource.execute(
        "DROP USER IF EXISTS godwit_bad_pw, godwit_bad_ro, godwit_bad_none",
        "CREATE USER godwit_bad_pw IDENTIFIED BY '" + PASSWORD + "'",
        "GRANT ALL ON *.* TO godwit_bad_pw",
        // may read the source tables, but not the binlog a live run needs, and may only read the
        // MariaDB target
        "CREATE USER godwit_bad_ro IDENTIFIED BY '" + PASSWORD + "'",
        "GRANT SELECT ON " + mariaSource.name() + ".* TO godwit_bad_ro",
        "GRANT SELECT ON " + mariaTarget.name() + ".* TO godwit_bad_ro",
        "CREATE USER godwit_bad_none IDENTIFIED BY '" + PASSWORD + "'");
    // PostgreSQL 15 gives PUBLIC no CREATE on schema public; the database is the admin's
    pgTarget.execute(
        "DROP ROLE IF EXISTS godwit_bad_ro", "CREATE ROLE godwit_bad_ro LOGIN PASSWORD 'x'");
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    mariaSource.execute("DROP USER IF EXISTS godwit_bad_pw, godwit_bad_ro, godwit_bad_none");
    pgTarget.execute("DROP ROLE IF EXISTS godwit_bad_ro");
    pgTarget.close();
    mariaSource.close();
    mariaTarget.close();
  }

  /** A source or target endpoint line of a migration file. */
  record Side(String url, String user, String password) {
    String yaml() {
      return "{ url: \"%s\", user: %s, password: \"%s\" }".formatted(url, user, password);
    }
  }

  /**
   * A database the commands cannot use, the commands that need it, and what each message must say.
   */
  record Case(
      String name, boolean sourceSide, Side side, List<String> commands, List<String> named) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<String> SOURCE_COMMANDS = List.of("plan", "snapshot", "validate", "run");
  static final List<String> TARGET_COMMANDS =
      List.of("plan", "snapshot", "validate", "run", "status", "report");

  static List<Case> cases() {
    String maria = mariaSource.url().substring(0, mariaSource.url().lastIndexOf('/') + 1);
    String pg = pgTarget.url().substring(0, pgTarget.url().lastIndexOf('/') + 1);
    return List.of(
        new Case(
            "source port closed",
            true,
            new Side("jdbc:mariadb://127.0.0.1:" + closedPort + "/x", "root", ""),
            SOURCE_COMMANDS,
            List.of("source.url", "nothing accepts connections", "fix:")),
        new Case(
            "source host unknown",
            true,
            new Side("jdbc:mariadb://godwit-no-such-host.invalid:3306/x", "root", ""),
            SOURCE_COMMANDS,
            List.of("source.url", "does not resolve", "fix:")),
        new Case(
            "source password wrong",
            true,
            new Side(maria + mariaSource.name(), "godwit_bad_pw", "wrong-password"),
            SOURCE_COMMANDS,
            List.of("source.user and source.password", "fix:")),
        new Case(
            "source database not granted",
            true,
            new Side(maria + mariaSource.name(), "godwit_bad_none", PASSWORD),
            SOURCE_COMMANDS,
            List.of("source.url", "GRANT SELECT", "fix:")),
        new Case(
            "source without binlog grants",
            true,
            new Side(maria + mariaSource.name(), "godwit_bad_ro", PASSWORD),
            List.of("plan", "run"),
            List.of("REPLICATION SLAVE", "BINLOG MONITOR", "GRANT", "fix:")),
        new Case(
            "target port closed",
            false,
            new Side("jdbc:postgresql://127.0.0.1:" + closedPort + "/x", "postgres", ""),
            TARGET_COMMANDS,
            List.of("target.url", "nothing accepts connections", "fix:")),
        new Case(
            "target user unknown",
            false,
            new Side(pg + pgTarget.name(), "godwit_no_such_role", ""),
            TARGET_COMMANDS,
            List.of("target.user and target.password", "fix:")),
        new Case(
            "target database missing",
            false,
            new Side(pg + "godwit_it_no_such_database", "postgres", ""),
            TARGET_COMMANDS,
            List.of("target.url", "does not exist", "fix:")),
        new Case(
            "PostgreSQL target without CREATE",
            false,
            new Side(pg + pgTarget.name(), "godwit_bad_ro", "x"),
            List.of("plan", "snapshot", "run", "validate"),
            List.of("GRANT", "fix:")),
        new Case(
            "MariaDB target read-only",
            false,
            new Side(maria + mariaTarget.name(), "godwit_bad_ro", PASSWORD),
            List.of("plan", "snapshot", "run", "validate"),
            List.of("GRANT", "fix:")));
  }

  static Stream<Arguments> commandsAndCases() {
    return cases().stream().flatMap(c -> c.commands().stream().map(cmd -> Arguments.of(cmd, c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("commandsAndCases")
  void aDatabaseThatCannotBeUsedIsAFailureWithTheFixAndNoStackTrace(String command, Case bad)
      throws Exception {
    Side good =
        bad.sourceSide()
            ? new Side(pgTarget.url(), "postgres", "")
            : new Side(mariaSource.url(), "root", "");
    Side source = bad.sourceSide() ? bad.side() : good;
    Side target = bad.sourceSide() ? good : bad.side();
    String name = "badinput_" + Math.abs((command + bad.name()).hashCode());
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        name: %s
        source: %s
        target: %s
        work-dir: "%s"
        """
            .formatted(name, source.yaml(), target.yaml(), dir.resolve(name + "-work")));
    // the commands print their results to System.out, their errors through picocli
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    PrintStream stdout = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60), () -> cli.execute(command, "-c", file.toString()));
    } finally {
      System.setOut(stdout);
    }
    String said = out + "\n" + err;
    assertThat(exit).as(said).isEqualTo(Main.FAILURE);
    assertThat(said).contains(bad.named()).doesNotContain("\tat ", "Exception");
    if (command.equals("plan") && err.toString().isBlank()) {
      assertThat(out.toString()).contains("BLOCKER", "Result:");
    } else {
      assertThat(err.toString().strip().lines().toList())
          .as("the error is one line that starts with the command")
          .last()
          .asString()
          .startsWith("godwit " + command + ":");
    }
    try (var c = pgTarget.connect();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = 'public'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("tables created on the target").isZero();
    }
  }
}
