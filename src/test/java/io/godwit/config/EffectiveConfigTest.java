package io.godwit.config;

import static io.godwit.config.Fixtures.MINIMAL;
import static io.godwit.config.Fixtures.load;
import static io.godwit.config.Fixtures.loader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveConfigTest {

  private static final String WITH_SECRETS =
      """
      name: shop
      source:
        url: "jdbc:mysql://app:hunter2@db:3306/shop?useSSL=true&password=hunter3"
        user: root
        password: hunter4
        properties: { sslPassword: hunter5, connectTimeout: "5000" }
      target:
        url: "jdbc:postgresql://pg/shop?user=postgres&password=${env:PGPASSWORD}&ssl=true"
        user: postgres
        password: "${env:PGPASSWORD}"
      kafka:
        bootstrap-servers: "k1:9093"
        properties:
          security.protocol: SASL_SSL
          sasl.jaas.config: "hunter7"
          ssl.truststore.password: hunter8
      control: { listen: "0.0.0.0:7878", token: hunter9-hunter9-hunter9 }
      """;

  private static MigrationConfig withSecrets() {
    return loader(Map.of("PGPASSWORD", "hunter6")).load(WITH_SECRETS, "shop.yaml");
  }

  @Test
  void secretsArePresentInTheRecordsButMaskedInTheDescription() {
    MigrationConfig config = withSecrets();
    List<String> lines = EffectiveConfig.describe(config);

    assertThat(config.source().password().reveal()).isEqualTo("hunter4");
    assertThat(String.join("\n", lines)).doesNotContain("hunter");
    assertThat(lines)
        .contains(
            "source.url = jdbc:mysql://app:******@db:3306/shop?useSSL=true&password=******",
            "target.url = jdbc:postgresql://pg/shop?user=postgres&password=******&ssl=true",
            "source.password = ******",
            "target.password = ******",
            "source.properties.sslPassword = ******",
            "source.properties.connectTimeout = 5000",
            "kafka.properties.security.protocol = SASL_SSL",
            "kafka.properties.sasl.jaas.config = ******",
            "kafka.properties.ssl.truststore.password = ******",
            "control.token = ******");
  }

  @Test
  void describesEveryKeyWithDefaultsSorted() {
    List<String> lines = EffectiveConfig.describe(load(MINIMAL));

    assertThat(lines).isSorted();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertThat(lines).anyMatch(line -> line.startsWith(key.path() + " = "));
    }
    assertThat(lines)
        .contains(
            "name = shop",
            "work-dir = godwit-work/shop",
            "source.password = \"\"",
            "source.schema = (not set)",
            "source.properties = {}",
            "tables.include = [\"*\"]",
            "tables.exclude = []",
            "mapping.zero-dates = null",
            "snapshot.chunk-bytes = 64MB",
            "apply.max-batch-wait = 0ms",
            "kafka.bootstrap-servers = \"\"",
            "kafka.topic-prefix = godwit.shop",
            "kafka.retention = unlimited",
            "cutover.freeze = read-only",
            "cutover.timeout = 5m",
            "control.listen = 127.0.0.1:7878");
  }

  @Test
  void jsonSerialisationMasksSecrets() throws Exception {
    String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(withSecrets());

    assertThat(json)
        .doesNotContain("hunter")
        .contains("\"password\":\"******\"")
        .contains("\"url\":\"jdbc:mysql://app:******@db:3306/shop?useSSL=true&password=******\"")
        .contains("\"sasl.jaas.config\":\"******\"")
        .contains("\"security.protocol\":\"SASL_SSL\"");
  }

  /** Whatever came from ${env:} or ${file:} is a secret, under any key. */
  @Test
  void valuesFromReferencesAreMaskedWhateverTheirKey(@TempDir Path dir) throws Exception {
    String marker = "m4rker-" + Long.toHexString(System.nanoTime());
    Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN " + marker + "-----\n");
    MigrationConfig config =
        loader(Map.of("MARK", marker, "N", "3"))
            .load(
                """
                name: shop
                source: { url: "jdbc:mariadb://${env:MARK}:3306/shop", user: "${env:MARK}" }
                target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
                snapshot: { workers: "${env:N}" }
                kafka:
                  properties:
                    ssl.keystore.key: "${file:%s}"
                    client.id: "godwit-${env:MARK}"
                    security.protocol: SSL
                capture: { connect-url: "http://connect:${env:MARK}@connect:8083" }
                cutover: { done-hook: "https://hooks.example/done?key=${env:MARK}" }
                """
                    .formatted(pem),
                "shop.yaml");

    List<String> lines = EffectiveConfig.describe(config);

    assertThat(String.join("\n", lines)).doesNotContain(marker);
    assertThat(lines)
        .contains(
            "source.url = jdbc:mariadb://******:3306/shop",
            "source.user = ******",
            "snapshot.workers = ******",
            "kafka.properties.ssl.keystore.key = ******",
            "kafka.properties.client.id = godwit-******",
            "kafka.properties.security.protocol = SSL",
            "capture.connect-url = http://connect:******@connect:8083",
            "cutover.done-hook = https://hooks.example/done?key=******");
    assertThat(config.source().shownUrl()).isEqualTo("jdbc:mariadb://******:3306/shop");
    assertThat(config.source().shownUser()).isEqualTo("******");
    assertThat(new ObjectMapper().findAndRegisterModules().writeValueAsString(config.source()))
        .contains("\"url\":\"jdbc:mariadb://******:3306/shop\"", "\"user\":\"******\"")
        .doesNotContain(marker);
    assertThat(config.shown(ConfigKeys.CAPTURE_CONNECT_URL))
        .isEqualTo("http://connect:******@connect:8083");
    assertThat(config.kafka().properties().get("ssl.keystore.key"))
        .isEqualTo("-----BEGIN " + marker + "-----");
  }

  @Test
  void literalUserInfoInTheConnectUrlIsMasked() {
    List<String> lines =
        EffectiveConfig.describe(
            load(MINIMAL + "capture: { connect-url: \"https://admin:hunter2@connect:8083\" }\n"));

    assertThat(lines).contains("capture.connect-url = https://admin:******@connect:8083");
  }

  @Test
  void secretNeverPrintsItsValue() {
    assertThat(Secret.of("pw")).hasToString("******");
    assertThat(Secret.of("pw").reveal()).isEqualTo("pw");
    assertThat(Secret.of("")).hasToString("").isEqualTo(Secret.empty());
    assertThat(Secret.empty().isEmpty()).isTrue();
  }

  @Test
  void urlMaskingCoversQueryParametersAndUserInfo() {
    assertThat(Masking.maskUrl("jdbc:postgresql://h:5432/db"))
        .isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(Masking.maskUrl("jdbc:postgresql://h/db?sslpassword=a&PASSWORD=b"))
        .isEqualTo("jdbc:postgresql://h/db?sslpassword=******&PASSWORD=******");
    assertThat(Masking.maskUrl("jdbc:mariadb://u:p@h1,h2/db"))
        .isEqualTo("jdbc:mariadb://u:******@h1,h2/db");
    assertThat(Masking.maskUrl("jdbc:mysql://(host=h,user=u,password=p)/db"))
        .doesNotContain("password=p");
    assertThat(Masking.maskUrl("jdbc:postgresql://h/db?password=a;b&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?password=******&ssl=true");
    assertThat(Masking.maskUrl("jdbc:mysql://h/db;password=a;b,c"))
        .isEqualTo("jdbc:mysql://h/db;password=******");
  }
}
