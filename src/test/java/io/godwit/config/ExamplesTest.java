package io.godwit.config;

import static io.godwit.config.Fixtures.loader;
import static org.assertj.core.api.Assertions.assertThat;

import io.godwit.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {

  private static final Map<String, String> ENV =
      Map.of(
          "MYSQL_PASSWORD", "m",
          "PGPASSWORD", "p",
          "OLD_PGPASSWORD", "o",
          "NEW_PGPASSWORD", "n",
          "GODWIT_TOKEN", "token-for-the-examples");

  @Test
  void mariadbExampleLoads() {
    MigrationConfig config = loader(ENV).load(Path.of("examples/mariadb-to-postgres.yaml"));

    assertThat(config.source().engine()).isEqualTo(Engine.MARIADB);
    assertThat(config.target().engine()).isEqualTo(Engine.POSTGRESQL);
    assertThat(config.tables().selects("audit_log")).isFalse();
    assertThat(config.kafka().embedded()).isTrue();
  }

  @Test
  void postgresExampleLoads() {
    MigrationConfig config = loader(ENV).load(Path.of("examples/postgres-to-postgres.yaml"));

    assertThat(config.source().engine()).isEqualTo(Engine.POSTGRESQL);
    assertThat(config.source().password().reveal()).isEqualTo("o");
    assertThat(config.cutover().appRoles()).containsExactly("billing_app");
  }

  @Test
  void mysqlExampleLoadsWithItsJaasFileRedirected(@TempDir Path dir) throws Exception {
    Path jaas = Files.writeString(dir.resolve("jaas"), "jaas-config\n");
    String yaml =
        Files.readString(Path.of("examples/mysql-to-postgres.yaml"))
            .replace("/run/secrets/kafka-jaas", jaas.toString());

    MigrationConfig config = loader(ENV).load(yaml, "mysql-to-postgres.yaml");

    assertThat(config.source().engine()).isEqualTo(Engine.MYSQL);
    assertThat(config.kafka().properties()).containsEntry("sasl.jaas.config", "jaas-config");
    assertThat(config.tables().targetName("order")).isEqualTo("orders");
    assertThat(config.control().token().reveal()).isEqualTo("token-for-the-examples");
  }
}
