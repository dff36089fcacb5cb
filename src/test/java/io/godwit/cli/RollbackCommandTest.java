package io.godwit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.config.ControlSettings;
import io.godwit.config.HostPort;
import io.godwit.config.Secret;
import io.godwit.control.ControlServer;
import io.godwit.control.ControlledRun;
import io.godwit.control.CutoverDocument;
import io.godwit.state.AttemptState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code godwit rollback} without {@code --yes} where standard input is not a terminal (as under
 * the test runner): it checks the preconditions, then refuses, naming {@code --yes}, and never asks
 * the run to roll back.
 */
class RollbackCommandTest {

  private static final String TOKEN = "r0llback-cli-token-0123";

  @TempDir Path dir;

  @Test
  void withoutYesANonInteractiveShellIsRefusedNamingYes() throws Exception {
    List<String> calls = new ArrayList<>();
    ControlledRun run =
        (ControlledRun)
            Proxy.newProxyInstance(
                ControlledRun.class.getClassLoader(),
                new Class<?>[] {ControlledRun.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("rollback")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  calls.add("rollback dryRun=" + args[0]);
                  return new CutoverDocument(
                      new CutoverDocument.Checked(
                          "shop",
                          "read-only",
                          true,
                          List.of(new CutoverDocument.Check("reverse lag", true, "0.4 s")),
                          1.5),
                      AttemptState.IDLE,
                      null);
                });
    try (ControlServer server =
        ControlServer.start(
            new ControlSettings(
                new HostPort("127.0.0.1", 0),
                Secret.of(TOKEN),
                Secret.empty(),
                List.of(),
                ControlSettings.Tls.NONE),
            run,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      Path file = dir.resolve("shop.yaml");
      Files.writeString(
          file,
          """
          name: shop
          source: { url: "jdbc:mariadb://127.0.0.1:1/shop", user: root }
          target: { url: "jdbc:postgresql://127.0.0.1:1/shop", user: postgres }
          control: { listen: "127.0.0.1:%d", token: "%s" }
          """
              .formatted(server.port(), TOKEN));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream before = System.err;
      int exit;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        exit = Main.commandLine().execute("rollback", "-c", file.toString());
      } finally {
        System.setErr(before);
      }

      assertThat(exit).isEqualTo(Main.FAILURE);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("not an interactive shell")
          .contains("pass --yes");
      assertThat(calls)
          .as("only the preconditions were checked")
          .containsExactly("rollback dryRun=true");
    }
  }
}
