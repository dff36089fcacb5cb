package io.godwit.config;

import static io.godwit.config.Fixtures.MINIMAL;
import static io.godwit.config.Fixtures.load;
import static io.godwit.config.Fixtures.loadMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.godwit.config.CutoverSettings.Freeze;
import io.godwit.config.MappingOptions.EnumStyle;
import io.godwit.config.MappingOptions.Tinyint1;
import io.godwit.config.MappingOptions.ZeroDates;
import io.godwit.engine.Engine;
import io.godwit.schema.SourceObject.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void minimalFileGetsEveryDefault() {
    MigrationConfig config = load(MINIMAL);

    assertThat(config.name()).isEqualTo("shop");
    assertThat(config.workDir()).isEqualTo(Path.of("godwit-work", "shop"));
    assertThat(config.source())
        .isEqualTo(
            new Endpoint(
                "jdbc:mariadb://127.0.0.1:3306/shop",
                "root",
                Secret.empty(),
                null,
                Map.of(),
                4,
                "jdbc:mariadb://127.0.0.1:3306/shop",
                "root",
                Redaction.NONE));
    assertThat(config.source().engine()).isEqualTo(Engine.MARIADB);
    assertThat(config.target().engine()).isEqualTo(Engine.POSTGRESQL);
    assertThat(config.target().password().isEmpty()).isTrue();
    assertThat(config.tables())
        .isEqualTo(new TableSelection(List.of("*"), List.of(), Map.of(), Map.of()));
    assertThat(config.mapping())
        .isEqualTo(new MappingOptions(Tinyint1.BOOLEAN, EnumStyle.CHECK, ZeroDates.NULL));
    assertThat(config.snapshot())
        .isEqualTo(
            new SnapshotSettings(2, 100_000, 64L << 20, 0, 0, "", Duration.ZERO, Duration.ZERO));
    assertThat(config.apply()).isEqualTo(new ApplySettings(5000, Duration.ZERO, false));
    assertThat(config.kafka())
        .isEqualTo(new KafkaSettings("", "godwit.shop", 1, Optional.empty(), Map.of()));
    assertThat(config.kafka().embedded()).isTrue();
    assertThat(config.cutover())
        .isEqualTo(
            new CutoverSettings(
                Freeze.READ_ONLY,
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                "",
                "",
                "",
                List.of(),
                CutoverSettings.FinalValidation.FULL,
                Map.of()));
    assertThat(config.control())
        .isEqualTo(
            new ControlSettings(
                new HostPort("127.0.0.1", 7878),
                Secret.empty(),
                Secret.empty(),
                List.of(),
                ControlSettings.Tls.NONE));
  }

  @Test
  void everyKeyCanBeSet() {
    MigrationConfig config =
        load(
            """
            name: shop_v2
            work-dir: /tmp/godwit/shop
            source:
              url: jdbc:mysql://db:3306/shop
              user: app
              password: pw
              schema: shop
              properties: { useSSL: "true" }
              pool-size: 8
            target: { url: "jdbc:postgresql://pg/shop", user: postgres, schema: sales }
            tables:
              include: [orders, "line_*"]
              exclude: [line_tmp]
              rename: { orders: purchase_orders }
              column-types: { "orders.total": "numeric(12,2)" }
            mapping: { tinyint1: smallint, enum: native, zero-dates: error }
            snapshot:
              workers: 8
              chunk-rows: 1_000
              chunk-bytes: 1GB
              rows-per-second: 1000
              max-threads-running: 20
            apply: { batch-size: 100, max-batch-wait: 1s, dead-letter: true }
            kafka:
              bootstrap-servers: "k1:9092,k2:9092"
              topic-prefix: mig.shop
              partitions: 6
              retention: 7d
              properties: { security.protocol: SSL }
            cutover:
              freeze: hook
              lag-threshold: 2s
              timeout: 1h
              freeze-hook: ./stop.sh
              unfreeze-hook: ./start.sh
              done-hook: ./done.sh
              app-roles: [app]
              final-validation: changed
            control: { listen: "[::1]:9000", token: t0k-for-the-tests, allowed-hosts: [godwit.internal] }
            """);

    assertThat(config.workDir()).isEqualTo(Path.of("/tmp/godwit/shop"));
    assertThat(config.source().properties()).containsEntry("useSSL", "true");
    assertThat(config.source().schema()).isEqualTo("shop");
    assertThat(config.source().engine()).isEqualTo(Engine.MYSQL);
    assertThat(config.snapshot())
        .isEqualTo(
            new SnapshotSettings(8, 1_000, 1L << 30, 1000, 20, "", Duration.ZERO, Duration.ZERO));
    assertThat(config.mapping())
        .isEqualTo(new MappingOptions(Tinyint1.SMALLINT, EnumStyle.NATIVE, ZeroDates.ERROR));
    assertThat(config.kafka().retention()).contains(Duration.ofDays(7));
    assertThat(config.kafka().embedded()).isFalse();
    assertThat(config.cutover().freeze()).isEqualTo(Freeze.HOOK);
    assertThat(config.cutover().appRoles()).containsExactly("app");
    assertThat(config.cutover().finalValidation())
        .isEqualTo(CutoverSettings.FinalValidation.CHANGED);
    assertThat(config.control().listen()).isEqualTo(new HostPort("::1", 9000));
    assertThat(config.control().token().reveal()).isEqualTo("t0k-for-the-tests");
    assertThat(config.control().allowedHosts()).containsExactly("godwit.internal");
    assertThat(config.tables().targetName("orders")).isEqualTo("purchase_orders");
  }

  @Test
  void reportsEveryMistakeAtOnceWithKeyPathsAndSuggestions() {
    String yaml =
        """
        name: shop
        source: { url: "jdbc:oracle:thin:@db:1521/shop", user: root }
        target: { url: "jdbc:postgresql://127.0.0.1:5432/shop", user: postgres }
        snapshot: { wrokers: 4 }
        apply: { batch-size: 0 }
        """;

    assertThatThrownBy(() -> load(yaml))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::keyPath)
                    .containsExactlyInAnyOrder(
                        "snapshot.wrokers", "source.url", "apply.batch-size"))
        .hasMessageStartingWith("Migration file shop.yaml has 3 problems:\n  - ")
        .hasMessageContaining(
            "snapshot.wrokers: unknown key (line 4); did you mean snapshot.workers?")
        .hasMessageContaining("fix: rename it to snapshot.workers")
        .hasMessageContaining("jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:")
        .hasMessageContaining("apply.batch-size: must be between 1 and 100000, found 0 (line 5)");
  }

  @Test
  void inventorySkipNamesKindsOfObject() {
    String yaml =
        """
        name: shop
        source: { url: "jdbc:mariadb://db:3306/shop", user: root }
        target: { url: "jdbc:mariadb://db2:3306/shop", user: root }
        inventory: { skip: [views, trigger] }
        """;

    assertThatThrownBy(() -> load(yaml))
        .hasMessageContaining(
            "inventory.skip: 'trigger' is not one of views, routines, triggers, events, sequences,"
                + " grants")
        .hasMessageContaining("fix: did you mean triggers? use only views, routines");
    MigrationConfig config = load(yaml.replace("trigger]", "triggers]"));
    assertThat(config.inventory().skips(Kind.TRIGGER)).isTrue();
    assertThat(config.inventory().skips(Kind.VIEW)).isTrue();
    assertThat(config.inventory().skips(Kind.GRANT)).isFalse();
    assertThat(load(yaml.replace("inventory: { skip: [views, trigger] }\n", "")).inventory())
        .isEqualTo(new InventorySettings(List.of()));
  }

  @Test
  void eachMissingRequiredKeyIsReportedWithAnExample() {
    assertThatThrownBy(() -> load("source: { user: root }\n"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ConfigProblem::keyPath)
                    .containsExactly("name", "source.url", "target.url", "target.user"))
        .hasMessageContaining("name: is required; fix: add name: shop")
        .hasMessageContaining(
            "source.url: is required; fix: add it under source:, e.g. source: { url: jdbc:");
  }

  @Test
  void emptyFileReportsTheRequiredKeys() {
    assertThatThrownBy(() -> load(""))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5));
  }

  @Test
  void emptyRequiredValueIsReportedAsEmpty() {
    assertThatThrownBy(() -> load(MINIMAL.replace("name: shop", "name:")))
        .hasMessageContaining("name: is required but empty (line 1)");
  }

  @Test
  void unknownKeyInTheWrongSectionPointsToTheRightOne() {
    assertThatThrownBy(() -> loadMinimalWith("apply: { workers: 4 }\n"))
        .hasMessageContaining("apply.workers: unknown key (line 4); did you mean snapshot.workers?")
        .hasMessageContaining("fix: move it to snapshot.workers");
    assertThatThrownBy(() -> loadMinimalWith("password: x\n"))
        .hasMessageContaining("did you mean source.password or target.password?");
  }

  @Test
  void camelCaseOrSnakeCaseKeyGetsTheKebabCaseSuggestion() {
    assertThatThrownBy(() -> loadMinimalWith("apply: { batchSize: 10, max_batch_wait: 1s }\n"))
        .hasMessageContaining(
            "apply.batchSize: unknown key (line 4); did you mean apply.batch-size?")
        .hasMessageContaining("did you mean apply.max-batch-wait?");
  }

  @Test
  void unknownKeyWithNothingCloseListsTheKnownKeys() {
    assertThatThrownBy(() -> loadMinimalWith("snapshot: { parallelism: 4 }\n"))
        .hasMessageContaining("snapshot.parallelism: unknown key (line 4); fix: remove it;")
        .hasMessageContaining("keys under snapshot are: workers, chunk-rows, chunk-bytes");
    assertThatThrownBy(() -> loadMinimalWith("colour: blue\n"))
        .hasMessageContaining("top-level keys are: name, work-dir, source, target, tables");
  }

  @Test
  void wrongNodeTypesAreProblemsNotExceptions() {
    String yaml =
        MINIMAL.replace("user: root", "user: [root, admin]")
            + """
            tables: { include: orders }
            snapshot: 5
            kafka: { properties: [a, b] }
            """;

    assertThatThrownBy(() -> load(yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
        .hasMessageContaining("source.user: expected a single value (string), found a list")
        .hasMessageContaining("tables.include: expected a list, found 'orders'")
        .hasMessageContaining("snapshot: must be a mapping of keys, found '5'")
        .hasMessageContaining("kafka.properties: expected a mapping, found a list");
  }

  @Test
  void malformedYamlIsOneProblemWithLineAndColumn() {
    assertThatThrownBy(() -> load("name: shop\nsource: { url: [x\n"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .extracting(ConfigProblem::keyPath)
                    .isEqualTo(""))
        .hasMessageStartingWith(
            "Migration file shop.yaml has 1 problem:\n  - malformed YAML at line 3, column 1");
  }

  @Test
  void nonMappingDocumentIsRejected() {
    assertThatThrownBy(() -> load("- name\n- shop\n"))
        .hasMessageContaining("the file must be a mapping of keys");
  }

  @Test
  void repeatedKeyIsAProblem() {
    assertThatThrownBy(() -> loadMinimalWith("name: other\n"))
        .hasMessageContaining("name: is given twice, at lines 1 and 4");
  }

  @Test
  void missingFileNamesItsPath(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no file at " + file.toAbsolutePath());
  }

  @Test
  void fileIsReadAndNamedInProblems(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("shop.yaml"), MINIMAL);
    assertThat(new ConfigLoader().load(file).name()).isEqualTo("shop");

    Files.writeString(file, MINIMAL + "apply: { batch-size: -1 }\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageStartingWith("Migration file " + file + " has 1 problem:");
  }

  @Test
  void scalarsKeepTheirWrittenFormInStrings() {
    MigrationConfig config =
        load(
            MINIMAL.replace("user: root", "user: root, password: 0123")
                + "cutover: { done-hook: 1e3 }\n");

    assertThat(config.source().password().reveal()).isEqualTo("0123");
    assertThat(config.cutover().doneHook()).isEqualTo("1e3");
  }

  @Test
  void nameMustBeLowercaseIdentifier() {
    assertThatThrownBy(() -> load(MINIMAL.replace("name: shop", "name: Shop-1")))
        .hasMessageContaining(
            "name: must be a lowercase letter then up to 39 lowercase letters, digits or _,"
                + " found 'Shop-1'");
  }

  @Test
  void enumValueTypoGetsASuggestion() {
    assertThatThrownBy(
            () -> loadMinimalWith("cutover: { freeze: read_only }\nmapping: { enum: enums }\n"))
        .hasMessageContaining(
            "cutover.freeze: must be one of read-only, hook, manual; found 'read_only' (line 4);"
                + " fix: did you mean read-only?")
        .hasMessageContaining("mapping.enum: must be one of check, native, text; found 'enums'");
  }

  @Test
  void integerAndBooleanValuesAreChecked() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "snapshot: { workers: two, chunk-rows: 2.5 }\napply: { dead-letter: yes }\n"))
        .hasMessageContaining("snapshot.workers: expected a whole number, found 'two'")
        .hasMessageContaining("snapshot.chunk-rows: expected a whole number, found '2.5'")
        .hasMessageContaining("apply.dead-letter: expected true or false, found 'yes'");
  }

  @Test
  void columnTypeKeysNeedExactlyOneDot() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "tables: { column-types: { orders: int, \"a.b.c\": int, \"ok.col\": int } }\n"))
        .hasMessageContaining(
            "tables.column-types: keys must be table.column with exactly one dot; found 'orders',"
                + " 'a.b.c'");
  }

  @Test
  void twoTablesRenamedToOneNameIsAProblem() {
    assertThatThrownBy(() -> loadMinimalWith("tables: { rename: { a: x, b: x } }\n"))
        .hasMessageContaining("tables.rename: 'a' and 'b' are both renamed to 'x'");
  }

  @Test
  void listenAddressAndBootstrapServersAreChecked() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "control: { listen: \"localhost:70000\" }\nkafka: { bootstrap-servers: \"k1\" }\n"))
        .hasMessageContaining(
            "control.listen: 'localhost:70000' has port '70000', which is not between 1 and 65535")
        .hasMessageContaining("kafka.bootstrap-servers: 'k1' in 'k1' is not host:port");
  }

  @Test
  void controlListenRefusesPortZeroSinceTheOtherCommandsConnectToIt() {
    assertThatThrownBy(() -> loadMinimalWith("control: { listen: \"127.0.0.1:0\" }\n"))
        .hasMessageContaining("control.listen: '127.0.0.1:0' has port 0 (any free port)")
        .hasMessageContaining("godwit cutover connect")
        .hasMessageContaining("write a fixed port");
  }

  @Test
  void allowedHostsAreBareHostNames() {
    assertThatThrownBy(
            () ->
                loadMinimalWith(
                    "control: { allowed-hosts: [godwit.internal, \"godwit.internal:7878\"] }\n"))
        .hasMessageContaining("control.allowed-hosts: 'godwit.internal:7878' is not a host name")
        .hasMessageContaining("without port or scheme");
  }

  @Test
  void kafkaPropertiesMayNotUndoHowTheApplierReadsKafka() {
    for (String key : List.of("auto.offset.reset", "enable.auto.commit", "isolation.level")) {
      assertThatThrownBy(
              () ->
                  loadMinimalWith(
                      "kafka: { properties: { security.protocol: SSL, %s: \"x\" } }\n"
                          .formatted(key)))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(1))
          .hasMessageContaining("kafka.properties: sets " + key + ", which Godwit sets itself")
          .hasMessageContaining("fix: remove " + key);
    }
    assertThat(
            loadMinimalWith("kafka: { properties: { security.protocol: SSL } }\n")
                .kafka()
                .properties())
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void kafkaPropertiesMayNotOverrideWhatGodwitKeysSet() {
    assertThatThrownBy(
            () -> loadMinimalWith("kafka: { properties: { max.poll.records: \"10\" } }\n"))
        .hasMessageContaining(
            "kafka.properties: sets max.poll.records, which Godwit sets from apply.batch-size")
        .hasMessageContaining("fix: remove max.poll.records and set apply.batch-size");
    for (String key : List.of("acks", "enable.idempotence")) {
      assertThatThrownBy(
              () -> loadMinimalWith("kafka: { properties: { %s: \"1\" } }\n".formatted(key)))
          .hasMessageContaining("sets " + key + ", which Godwit sets itself");
    }
    assertThatThrownBy(
            () -> loadMinimalWith("kafka: { properties: { bootstrap.servers: \"k:9092\" } }\n"))
        .hasMessageContaining("set kafka.bootstrap-servers");
  }

  @Test
  void maxBatchWaitIsZeroByDefaultAndAtMostTenSeconds() {
    assertThat(loadMinimalWith("").apply().maxBatchWait()).isZero();
    assertThat(loadMinimalWith("apply: { max-batch-wait: 250ms }\n").apply().maxBatchWait())
        .isEqualTo(java.time.Duration.ofMillis(250));
    assertThatThrownBy(() -> loadMinimalWith("apply: { max-batch-wait: 1m }\n"))
        .hasMessageContaining("apply.max-batch-wait: must be from 0 to 10s");
  }

  @Test
  void unsupportedUrlIsShownWithItsPasswordMasked() {
    assertThatThrownBy(
            () ->
                load(
                    MINIMAL.replace(
                        "jdbc:mariadb://127.0.0.1:3306/shop",
                        "jdbc:oracle://h/db?password=hunter2")))
        .hasMessageContaining("'jdbc:oracle://h/db?password=******' is not a supported JDBC URL")
        .hasMessageNotContaining("hunter2");
  }
}
