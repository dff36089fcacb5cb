package io.godwit.cli;

import io.godwit.config.ConfigLoader;
import io.godwit.config.EffectiveConfig;
import io.godwit.config.MigrationConfig;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options every migration command takes: the migration file and the output format. */
final class ConfigOption {

  private static final Logger log = LoggerFactory.getLogger(ConfigOption.class);

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The migration file (YAML).")
  Path file;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  /** Loads and validates the migration file, logging the effective settings with secrets masked. */
  MigrationConfig load() {
    MigrationConfig config = new ConfigLoader().load(file);
    if (log.isDebugEnabled()) {
      log.debug(
          "Effective configuration:\n{}", String.join("\n", EffectiveConfig.describe(config)));
    }
    return config;
  }
}
