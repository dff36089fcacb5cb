package io.godwit.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A migration file, read and validated by {@link ConfigLoader}. Secret references are resolved;
 * {@link EffectiveConfig#describe} shows it with secrets masked.
 *
 * @param name identifies the migration in slot names, topics and state rows
 * @param workDir where Godwit keeps local state, relative to the current directory unless absolute
 * @param provenance which values came from {@code ${env:}} / {@code ${file:}}, so are secrets
 */
public record MigrationConfig(
    String name,
    Path workDir,
    Endpoint source,
    Endpoint target,
    TableSelection tables,
    InventorySettings inventory,
    MappingOptions mapping,
    SnapshotSettings snapshot,
    ApplySettings apply,
    KafkaSettings kafka,
    CaptureSettings capture,
    CutoverSettings cutover,
    RollbackSettings rollback,
    ControlSettings control,
    @JsonIgnore Provenance provenance) {

  public MigrationConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(apply, "apply");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(cutover, "cutover");
    Objects.requireNonNull(rollback, "rollback");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(provenance, "provenance");
  }

  /** This migration with {@code endpoint} as its target (say, one whose sessions pass a freeze). */
  public MigrationConfig withTarget(Endpoint endpoint) {
    return with(endpoint, capture);
  }

  /**
   * This migration with {@code godwit run --capture}'s choice of capture mode.
   *
   * @throws ConfigException when the file lacks what that mode needs
   */
  public MigrationConfig withCaptureMode(CaptureSettings.Mode mode) {
    if (mode == CaptureSettings.Mode.EXTERNAL) {
      List<ConfigProblem> problems =
          CrossChecks.external(capture.connectUrl(), kafka.bootstrapServers());
      if (!problems.isEmpty()) {
        throw new ConfigException("--capture=external", problems);
      }
    }
    return with(target, capture.withMode(mode));
  }

  private MigrationConfig with(Endpoint target, CaptureSettings capture) {
    return new MigrationConfig(
        name,
        workDir,
        source,
        target,
        tables,
        inventory,
        mapping,
        snapshot,
        apply,
        kafka,
        capture,
        cutover,
        rollback,
        control,
        provenance);
  }

  /**
   * The text value of {@code key} as it may be printed: masked where it came from a reference, and
   * with any URL password masked.
   */
  public String shown(ConfigKey<String> key) {
    return Masking.maskUrl(provenance.text(key, key.read(this)));
  }
}
