package io.godwit.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.godwit.schema.Table;
import io.godwit.transport.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped {@code connectors/*.json} produce exactly what the applier reads: checked against the
 * settings Godwit's embedded capture runs with, for the sample shop migration they describe.
 */
class ConnectorFilesTest {

  private static final List<String> SHOP =
      List.of("customers", "products", "orders", "order_lines");

  @ParameterizedTest
  @CsvSource({
    "mysql.json, jdbc:mysql://mysql:3306/shop, shop",
    "mariadb.json, jdbc:mariadb://mariadb:3306/shop, shop",
    "postgres.json, jdbc:postgresql://source-postgres:5432/shop, public"
  })
  void aShippedConnectorFitsTheApplier(String file, String url, String schema) throws Exception {
    Map<String, String> shipped = read(file);
    List<Table> tables = tables(schema);
    Properties embedded =
        CaptureProperties.of(CapturePropertiesTest.config(url, ""), tables, "kafka:9092");

    assertThat(ConnectorCheck.problems(shipped, embedded, tables)).isEmpty();
    assertThat(shipped)
        .containsEntry("topic.prefix", "godwit.shop")
        .containsEntry("table.include.list", CaptureProperties.includeList(tables))
        .containsEntry("topic.creation.default.retention.ms", "-1");
    assertThat(ConnectCapture.connectorFile(shipped.get("connector.class"))).isEqualTo(file);
    if (shipped.containsKey("schema.history.internal.kafka.topic")) {
      assertThat(shipped.get("schema.history.internal.kafka.topic"))
          .isEqualTo(Topics.schemaHistory("godwit.shop"));
    }
    if (shipped.containsKey("slot.name")) {
      assertThat(shipped)
          .containsEntry("slot.name", CaptureProperties.slotName("shop"))
          .containsEntry("publication.name", CaptureProperties.slotName("shop"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "mysql.json, jdbc:mysql://mysql:3306/shop, shop",
    "postgres.json, jdbc:postgresql://source-postgres:5432/shop, public"
  })
  void everySettingThatChangesTheBytesOrTheTopicsIsNamed(String file, String url, String schema)
      throws Exception {
    Map<String, String> changed = read(file);
    changed.put("decimal.handling.mode", "precise");
    changed.remove("value.converter.schemas.enable");
    changed.put("topic.prefix", "other");
    changed.put("heartbeat.interval.ms", "0");
    changed.put("topic.naming.strategy", "com.example.OwnNaming");
    changed.put("topic.delimiter", "_");
    changed.put("table.include.list", schema + "\\.orders");
    List<Table> tables = tables(schema);
    Properties embedded =
        CaptureProperties.of(CapturePropertiesTest.config(url, ""), tables, "kafka:9092");

    assertThat(ConnectorCheck.problems(changed, embedded, tables))
        .containsExactlyInAnyOrder(
            "topic.prefix is other; Godwit's applier needs godwit.shop",
            "decimal.handling.mode is precise; Godwit's applier needs string",
            "value.converter.schemas.enable is not set; set it to false in the connector's own"
                + " configuration (a worker default cannot be checked)",
            "topic.naming.strategy is com.example.OwnNaming; Godwit reads the topics the"
                + " connector's default names, so remove it or set io.debezium.schema."
                + (file.equals("postgres.json") ? "Schema" : "Default")
                + "TopicNamingStrategy",
            "topic.delimiter is _; Godwit reads topics named with the default \".\", so remove it",
            "heartbeat.interval.ms is 0; set it to 1000 so an idle source's position still moves"
                + " and lag can be proven",
            "table.include.list does not capture [%s.customers, %s.products, %s.order_lines]; add them, e.g. %s"
                .formatted(schema, schema, schema, CaptureProperties.includeList(tables)));
  }

  private static List<Table> tables(String schema) {
    return SHOP.stream().map(t -> CapturePropertiesTest.table(schema, t)).toList();
  }

  private static Map<String, String> read(String file) throws Exception {
    return new ObjectMapper()
        .readValue(
            Path.of("connectors", file).toFile(),
            new TypeReference<LinkedHashMap<String, String>>() {});
  }

  @Test
  void aConnectorMustVerifyTheServerWhenTheSourcesJdbcSettingsDo() throws Exception {
    List<Table> tables = tables("shop");
    Properties embedded =
        CaptureProperties.of(
            CapturePropertiesTest.config(
                "jdbc:mariadb://mariadb:3306/shop?sslMode=verify-full&trustStore=/t.p12", ""),
            tables,
            "kafka:9092");
    Map<String, String> shipped = read("mariadb.json");

    assertThat(ConnectorCheck.problems(shipped, embedded, tables))
        .containsExactly(
            "database.ssl.mode is not set; the source's JDBC settings verify the server's"
                + " certificate and host name, so the change stream must too: set"
                + " database.ssl.mode to verify-full and the connector's trust store on the"
                + " workers");
    shipped.put("database.ssl.mode", "trust");
    assertThat(ConnectorCheck.problems(shipped, embedded, tables))
        .singleElement()
        .asString()
        .startsWith("database.ssl.mode is trust;");
    shipped.put("database.ssl.mode", "verify-ca");
    assertThat(ConnectorCheck.problems(shipped, embedded, tables)).hasSize(1);
    shipped.put("database.ssl.mode", "verify-full");
    assertThat(ConnectorCheck.problems(shipped, embedded, tables)).isEmpty();
  }
}
