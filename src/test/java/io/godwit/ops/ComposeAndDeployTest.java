package io.godwit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.godwit.config.Endpoint;
import io.godwit.config.Redaction;
import io.godwit.config.Secret;
import io.godwit.db.JdbcTls;
import io.godwit.db.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compose stack, the Dockerfile and the Kubernetes manifests cannot be run here (no Docker
 * engine, no cluster): their structure is checked instead, and every file they mount or name
 * exists.
 */
class ComposeAndDeployTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theComposeStackHasEveryServiceWithImagePortsHealthchecksAndExistingMounts()
      throws IOException {
    JsonNode services = YAML.readTree(Path.of("docker-compose.yml").toFile()).path("services");
    Map<String, String> images =
        Map.of(
            "mysql", "mysql:8",
            "postgres", "postgres:16",
            "kafka", "apache/kafka:",
            "prometheus", "prom/prometheus:",
            "grafana", "grafana/grafana:");
    images.forEach(
        (name, image) ->
            assertThat(services.path(name).path("image").asText()).as(name).startsWith(image));
    assertThat(services.path("godwit").path("build").asText()).isEqualTo(".");
    for (String name : List.of("mysql", "postgres", "kafka", "godwit", "prometheus", "grafana")) {
      JsonNode service = services.path(name);
      assertThat(service.path("ports")).as("%s publishes a port", name).isNotEmpty();
      assertThat(service.path("healthcheck").path("test")).as("%s healthcheck", name).isNotEmpty();
    }
    services.forEach(
        service -> {
          for (JsonNode volume : service.path("volumes")) {
            String source = volume.asText().split(":")[0];
            if (source.startsWith("./")) {
              assertThat(Path.of(source)).as("mounted %s", source).exists();
            }
          }
          service
              .path("depends_on")
              .fieldNames()
              .forEachRemaining(dep -> assertThat(services.has(dep)).as(dep).isTrue());
        });
    JsonNode migration = YAML.readTree(Path.of("ops/compose/migration.yaml").toFile());
    assertThat(migration.path("source").path("url").asText()).startsWith("jdbc:mysql://mysql:");
    assertThat(migration.path("kafka").path("bootstrap-servers").asText()).isEqualTo("kafka:9092");
    assertThat(migration.path("control").path("listen").asText()).endsWith(":7878");
    String scraped =
        YAML.readTree(Path.of("ops/compose/prometheus.yml").toFile())
            .findValue("targets")
            .get(0)
            .asText();
    List<String> allowed = new ArrayList<>();
    migration.path("control").path("allowed-hosts").forEach(host -> allowed.add(host.asText()));
    assertThat(allowed)
        .as("Prometheus scrapes %s, a Host the control API must answer", scraped)
        .contains(scraped.substring(0, scraped.lastIndexOf(':')));
  }

  @Test
  void theDockerfileBuildsInStagesAndRunsAJre17AsNonRoot() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).hasSize(2);
    assertThat(from.get(1)).contains("eclipse-temurin:17-jre");
    assertThat(lines).anyMatch(l -> l.matches("USER [1-9][0-9]*"));
    assertThat(lines).anyMatch(l -> l.startsWith("EXPOSE 7878"));
  }

  @Test
  void theKubernetesManifestsAreCompleteAndAgreeWithEachOther() throws IOException {
    Map<String, JsonNode> byKind = new HashMap<>();
    try (var files = Files.list(Path.of("deploy"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        JsonNode doc = YAML.readTree(f.toFile());
        assertThat(doc.path("apiVersion").asText()).as(f.toString()).isNotBlank();
        assertThat(doc.path("metadata").path("name").asText()).as(f.toString()).isNotBlank();
        byKind.put(doc.path("kind").asText(), doc);
      }
    }
    assertThat(byKind)
        .containsKeys("Deployment", "Service", "Secret", "ConfigMap", "ServiceMonitor");
    JsonNode deployment = byKind.get("Deployment");
    JsonNode spec = deployment.path("spec");
    assertThat(spec.path("replicas").asInt()).as("one runner per migration").isEqualTo(1);
    assertThat(spec.path("strategy").path("type").asText()).isEqualTo("Recreate");
    JsonNode pod = spec.path("template");
    assertThat(pod.path("metadata").path("labels"))
        .isEqualTo(spec.path("selector").path("matchLabels"));
    JsonNode container = pod.path("spec").path("containers").get(0);
    assertThat(container.path("image").asText()).isNotBlank();
    assertThat(container.path("resources").path("requests").path("memory").asText()).isNotBlank();
    assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotBlank();
    String port = container.path("ports").get(0).path("name").asText();
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");
    assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
        .isEqualTo(port);
    assertThat(container.path("envFrom").get(0).path("secretRef").path("name").asText())
        .isEqualTo(byKind.get("Secret").path("metadata").path("name").asText());
    assertThat(byKind.get("Secret").path("stringData").has("GODWIT_TOKEN")).isTrue();
    String configMap = byKind.get("ConfigMap").path("metadata").path("name").asText();
    assertThat(pod.path("spec").path("volumes").findValuesAsText("name")).contains(configMap);
    JsonNode migration =
        YAML.readTree(byKind.get("ConfigMap").path("data").path("migration.yaml").asText());
    assertThat(migration.path("kafka").path("bootstrap-servers").asText())
        .as("an external Kafka on Kubernetes")
        .isNotBlank();
    assertThat(migration.path("control").path("token").asText()).contains("${env:GODWIT_TOKEN}");
    JsonNode service = byKind.get("Service").path("spec");
    assertThat(service.path("selector")).isEqualTo(pod.path("metadata").path("labels"));
    String servicePort = service.path("ports").get(0).path("name").asText();
    assertThat(service.path("ports").get(0).path("targetPort").asText()).isEqualTo(port);
    JsonNode monitor = byKind.get("ServiceMonitor").path("spec");
    assertThat(monitor.path("endpoints").get(0).path("port").asText()).isEqualTo(servicePort);
    assertThat(monitor.path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
  }

  /**
   * Every shipped migration file connects to a database off this host with a mode that verifies the
   * server and names the CA to verify it with, as the JDBC driver reads the settings ({@link
   * JdbcTls}); the compose stack, a demo on one Docker network whose databases have no
   * certificates, is the one exception.
   */
  @Test
  void everyShippedMigrationFileVerifiesTheDatabasesOffThisHost() throws IOException {
    Map<String, JsonNode> files = new HashMap<>();
    try (var examples = Files.list(Path.of("examples"))) {
      for (Path f : examples.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        files.put(f.toString(), YAML.readTree(f.toFile()));
      }
    }
    JsonNode configMap = YAML.readTree(Path.of("deploy/configmap.yaml").toFile());
    files.put(
        "deploy/configmap.yaml",
        YAML.readTree(configMap.path("data").path("migration.yaml").asText()));
    assertThat(files).hasSizeGreaterThanOrEqualTo(4);
    files.forEach(
        (file, migration) -> {
          for (String side : List.of("source", "target")) {
            JsonNode node = migration.path(side);
            Map<String, String> properties = new HashMap<>();
            node.path("properties")
                .fields()
                .forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
            String url = node.path("url").asText();
            Tls tls =
                JdbcTls.of(
                    new Endpoint(
                        url, "u", Secret.empty(), null, properties, 4, url, "u", Redaction.NONE),
                    side);
            if (!tls.loopback()) {
              assertThat(tls.mode())
                  .as("%s %s: %s", file, side, tls.modeKey())
                  .isEqualTo(Tls.Mode.VERIFY_FULL);
              assertThat(tls.trust()).as("%s %s names its CA", file, side).isPresent();
            }
          }
        });
  }
}
