package io.godwit.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How writes are frozen and the application moved to the target.
 *
 * @param lagThreshold the replication lag below which the freeze may start
 * @param timeout how long the freeze may last before the cutover is abandoned and writes resume
 * @param freezeHook command run to stop writes when {@code freeze} is {@link Freeze#HOOK}
 * @param unfreezeHook command run to let writes resume on the source if the cutover is abandoned
 * @param doneHook command run once the target has taken over
 * @param appRoles PostgreSQL roles whose sessions are terminated at freeze
 * @param finalValidation what the final validation compares inside the freeze
 * @param hookEnvironment variables the hook commands refer to, set in each hook's environment:
 *     {@code ${env:NAME}} in a hook is handed to the shell as {@code ${NAME}}, {@code
 *     ${file:/path}} as {@code ${GODWIT_FILE_n}}, so no secret is on a command line
 */
public record CutoverSettings(
    Freeze freeze,
    Duration lagThreshold,
    Duration timeout,
    String freezeHook,
    String unfreezeHook,
    String doneHook,
    List<String> appRoles,
    FinalValidation finalValidation,
    Map<String, Secret> hookEnvironment) {

  public CutoverSettings {
    Objects.requireNonNull(freeze, "freeze");
    Objects.requireNonNull(lagThreshold, "lagThreshold");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(freezeHook, "freezeHook");
    Objects.requireNonNull(unfreezeHook, "unfreezeHook");
    Objects.requireNonNull(doneHook, "doneHook");
    appRoles = List.copyOf(appRoles);
    Objects.requireNonNull(finalValidation, "finalValidation");
    hookEnvironment = Map.copyOf(hookEnvironment);
  }

  /** {@code cutover.final-validation}: what is compared while the source is frozen. */
  public enum FinalValidation implements YamlEnum {
    /** Every row of every table. */
    FULL("full"),
    /**
     * Row counts, plus the rows of every key the applier changed since the table's last clean full
     * validation; a table without one is compared in full.
     */
    CHANGED("changed");

    private final String yamlName;

    FinalValidation(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }

  /** {@code cutover.freeze}: how writes to the source are stopped. */
  public enum Freeze implements YamlEnum {
    /** Godwit makes the source read-only. */
    READ_ONLY("read-only"),
    /** Godwit runs {@code cutover.freeze-hook}. */
    HOOK("hook"),
    /** The operator stops writes and confirms. */
    MANUAL("manual");

    private final String yamlName;

    Freeze(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }
}
