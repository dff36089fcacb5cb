package io.godwit.trial;

import io.godwit.config.Endpoint;
import io.godwit.config.KafkaSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.config.TableSelection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The migration a trial runs: the file's, under its own name (so its own replication slot,
 * publication, state rows and work directory), its own topic prefix, the staging target, and each
 * table's key-range sample added to its row filter.
 */
public final class TrialConfig {

  private static final String SUFFIX = "_trial";
  private static final int MAX_NAME = 40;

  private TrialConfig() {}

  /** The trial's migration name: the file's with {@code _trial}, cut to fit the 40 characters. */
  public static String name(String migration) {
    String base =
        migration.length() + SUFFIX.length() > MAX_NAME
            ? migration.substring(0, MAX_NAME - SUFFIX.length())
            : migration;
    return base + SUFFIX;
  }

  /**
   * The file's migration renamed for the trial, against {@code stagingUrl} (same login, schema and
   * driver properties as the file's target) or the file's own target.
   */
  public static MigrationConfig staging(MigrationConfig file, Optional<String> stagingUrl) {
    Endpoint target =
        stagingUrl.map(u -> file.target().at(u, file.target().poolSize())).orElse(file.target());
    KafkaSettings kafka = file.kafka();
    Path workDir = file.workDir();
    Path trialDir =
        workDir.getParent() == null
            ? Path.of(workDir.getFileName() + SUFFIX)
            : workDir.getParent().resolve(workDir.getFileName() + SUFFIX);
    return new MigrationConfig(
        name(file.name()),
        trialDir,
        file.source(),
        target,
        file.tables(),
        file.inventory(),
        file.mapping(),
        file.snapshot(),
        file.apply(),
        new KafkaSettings(
            kafka.bootstrapServers(),
            kafka.topicPrefix() + ".trial",
            kafka.partitions(),
            kafka.retention(),
            kafka.properties()),
        file.capture(),
        file.cutover(),
        file.rollback(),
        file.control(),
        file.provenance());
  }

  /** {@code staging} with each table's sample added to its filter. */
  public static MigrationConfig sampled(MigrationConfig staging, List<TableSample> samples) {
    TableSelection tables = staging.tables();
    Map<String, String> filter = new LinkedHashMap<>(tables.filter());
    for (TableSample sample : samples) {
      String combined = sample.filter(Optional.ofNullable(filter.get(sample.table())));
      if (!combined.isEmpty()) {
        filter.put(sample.table(), combined);
      }
    }
    return new MigrationConfig(
        staging.name(),
        staging.workDir(),
        staging.source(),
        staging.target(),
        new TableSelection(
            tables.include(),
            tables.exclude(),
            tables.rename(),
            tables.columnTypes(),
            filter,
            tables.columns()),
        staging.inventory(),
        staging.mapping(),
        staging.snapshot(),
        staging.apply(),
        staging.kafka(),
        staging.capture(),
        staging.cutover(),
        staging.rollback(),
        staging.control(),
        staging.provenance());
  }
}
