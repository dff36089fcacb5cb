package io.godwit.config;

import java.util.Objects;

/**
 * What is kept ready for a rollback after cutover.
 *
 * @param reverse whether the cutover records the target's change position for a reverse stream
 *     (target to old source) once it is done
 * @param doneHook command run once {@code godwit rollback} made the old source writable again, e.g.
 *     to repoint the application at it; its references reach it as the cutover hooks' do
 */
public record RollbackSettings(Reverse reverse, String doneHook) {

  public RollbackSettings {
    Objects.requireNonNull(reverse, "reverse");
    Objects.requireNonNull(doneHook, "doneHook");
  }

  /** {@code rollback.reverse}. */
  public enum Reverse implements YamlEnum {
    /** On when the target can be captured (its change log settings allow it), off otherwise. */
    AUTO("auto"),
    /** Required: a target that cannot be captured is a plan blocker. */
    ON("on"),
    /** No reverse stream; the cutover is one-way, as before. */
    OFF("off");

    private final String yamlName;

    Reverse(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }
}
