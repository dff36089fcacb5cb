package io.godwit.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookTest {

  @TempDir Path dir;

  /** Output past the pipe's buffer (about 64 KiB) used to block the hook until its timeout. */
  @Test
  void aHookPrintingMuchSucceedsAtOnce() throws Exception {
    long started = System.nanoTime();
    String result =
        new Hook(
                "cutover.freeze-hook",
                "head -c 1000000 /dev/zero | tr '\\\\0' 'x'; echo; echo frozen",
                Map.of())
            .run(Duration.ofSeconds(20));

    assertThat(result).isEqualTo("cutover.freeze-hook ran: frozen");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  /** On timeout the hook's children die with it, so none races the unfreeze hook. */
  @Test
  void aHookPastItsTimeoutIsKilledWithItsChildren() throws Exception {
    Path pids = dir.resolve("pids");
    Hook hook =
        new Hook(
            "cutover.freeze-hook",
            "sleep 60 & echo $! > %s; (sleep 60; echo late) & echo $! >> %s; wait"
                .formatted(pids, pids),
            Map.of());

    assertThatThrownBy(() -> hook.run(Duration.ofSeconds(1)))
        .hasMessage(
            "cutover.freeze-hook did not finish within 1 s; it was killed with its children");

    for (String pid : Files.readAllLines(pids)) {
      Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(pid.strip()));
      if (child.isPresent()) {
        child.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(child.get().isAlive()).as("child %s", pid).isFalse();
      }
    }
  }

  /** The resolved command may hold a secret: the error names the hook and the exit code only. */
  @Test
  void aFailingHookNamesItselfAndItsExitCodeButNotItsCommand() {
    Hook hook =
        new Hook(
            "cutover.unfreeze-hook",
            "X='Bearer s3cr3t-t0ken-value'; echo failing; exit 3",
            Map.of());

    assertThatThrownBy(() -> hook.run(Duration.ofSeconds(10)))
        .hasMessage(
            "cutover.unfreeze-hook exited with 3; its output is in Godwit's log (logger"
                + " io.godwit.cutover.Hook)")
        .message()
        .doesNotContain("s3cr3t");
  }

  /**
   * Secrets reach the command through its environment, not its command line (visible in ps), and
   * are masked should it print them.
   */
  @Test
  void theHooksEnvironmentCarriesItsSecrets() throws Exception {
    Hook hook =
        new Hook(
            "cutover.done-hook",
            "test \"$GODWIT_FILE_1\" = s3cr3t || exit 9; echo \"got ${GODWIT_FILE_1}\"",
            Map.of("GODWIT_FILE_1", Secret.of("s3cr3t")));

    assertThat(hook.run(Duration.ofSeconds(10))).isEqualTo("cutover.done-hook ran: got ******");
  }
}
