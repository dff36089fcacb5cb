package io.godwit.config;

import java.util.Objects;

/**
 * Where change capture runs.
 *
 * @param mode {@link Mode#EMBEDDED}: Godwit runs Debezium itself; {@link Mode#EXTERNAL}: a Kafka
 *     Connect cluster runs the connector and Godwit applies what it produced
 * @param connectUrl the Kafka Connect REST API, e.g. {@code http://connect:8083}; external only
 * @param connector the connector's name on that cluster
 */
public record CaptureSettings(Mode mode, String connectUrl, String connector) {

  public CaptureSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(connectUrl, "connectUrl");
    Objects.requireNonNull(connector, "connector");
  }

  /** The same settings with another mode, as {@code godwit run --capture} asks. */
  public CaptureSettings withMode(Mode other) {
    return new CaptureSettings(other, connectUrl, connector);
  }

  /** {@code capture.mode}. */
  public enum Mode implements YamlEnum {
    /** Debezium's embedded engine inside the {@code godwit run} process. */
    EMBEDDED("embedded"),
    /** A Debezium source connector on a Kafka Connect cluster (configs in {@code connectors/}). */
    EXTERNAL("external");

    private final String yamlName;

    Mode(String yamlName) {
      this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
      return yamlName;
    }
  }
}
