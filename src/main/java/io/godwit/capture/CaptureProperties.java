package io.godwit.capture;

import io.godwit.config.Endpoint;
import io.godwit.config.KafkaSettings;
import io.godwit.config.MigrationConfig;
import io.godwit.config.Redaction;
import io.godwit.db.JdbcTls;
import io.godwit.db.Tls;
import io.godwit.engine.Engine;
import io.godwit.error.ErrorCode;
import io.godwit.error.GodwitException;
import io.godwit.schema.Table;
import io.godwit.transport.KafkaClients;
import io.godwit.transport.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The Debezium embedded engine's settings for one migration: which connector, which server and
 * tables, how values are encoded, and where offsets and schema history live (Kafka, next to the
 * change topics; never a local file).
 */
public final class CaptureProperties {

  static final int SERVER_ID_BASE = 5400;
  static final int SERVER_ID_RANGE = 1000;

  private CaptureProperties() {}

  /**
   * @param tables the source tables to capture, as the catalog read them
   * @param bootstrapServers the Kafka cluster that keeps the capture's offsets and schema history
   */
  public static Properties of(MigrationConfig config, List<Table> tables, String bootstrapServers) {
    if (tables.isEmpty()) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "nothing to capture: no source table selected; fix: check tables.include and"
              + " tables.exclude");
    }
    Endpoint source = config.source();
    Engine engine = source.engine();
    JdbcAddress address = JdbcAddress.parse(source.url(), "source.url", source.redaction());
    KafkaSettings kafka = config.kafka();
    KafkaClients clients = new KafkaClients(kafka, bootstrapServers);
    String prefix = kafka.topicPrefix();

    Properties p = new Properties();
    p.put("name", engineName(config.name()));
    p.put("topic.prefix", prefix);
    p.put("database.hostname", address.host());
    p.put("database.port", String.valueOf(address.port()));
    p.put("database.user", source.user());
    p.put("database.password", source.password().reveal());
    source.properties().forEach((key, value) -> p.put("driver." + key, value));
    p.put("table.include.list", includeList(tables));
    // Godwit's own snapshot copies the rows; the connector only records where streaming starts.
    p.put("snapshot.mode", "no_data");
    p.put("decimal.handling.mode", "string");
    p.put("binary.handling.mode", "base64");
    p.put("tombstones.on.delete", "false");
    // Debezium leaves TRUNCATE out by default ("t"); the applier must see it to empty the table.
    p.put("skipped.operations", "none");
    p.put("heartbeat.interval.ms", "1000");
    // An empty change queue makes the connector sleep this long before it looks again (500 ms by
    // default): every quiet moment would add that much to the lag.
    p.put("poll.interval.ms", "50");
    // A lost source connection stops the engine and EmbeddedCapture starts a new one from the
    // stored offsets, with backoff, for a bounded time. Debezium's own retries cannot do that here:
    // in 3.5.0 the MySQL and MariaDB error handlers call no error retriable (debezium/dbz#2611),
    // a restart whose connection is refused ends the engine anyway, and the PostgreSQL connector
    // waits 10 s before each restart, with no bound in time.
    p.put("errors.max.retries", "0");

    // The bytes on the topics are what a Kafka Connect worker with these converters writes.
    p.put("key.converter", JsonConverter.class.getName());
    p.put("key.converter.schemas.enable", "false");
    p.put("value.converter", JsonConverter.class.getName());
    p.put("value.converter.schemas.enable", "false");

    // Offsets in Kafka, in Kafka Connect's format. They are flushed every second, so a crash
    // re-delivers at most about a second of changes (capture is at-least-once).
    p.put("offset.storage", OffsetStore.class.getName());
    p.put("offset.storage.topic", Topics.offsets(prefix));
    p.put("offset.storage.partitions", "1");
    // one replica on the embedded broker; an external cluster's default (-1) elsewhere
    p.put("offset.storage.replication.factor", kafka.embedded() ? "1" : "-1");
    p.put("offset.flush.interval.ms", "1000");
    clients.connection().forEach(p::put);

    Tls tls = JdbcTls.of(source, "source");
    if (!tls.untranslatable().isEmpty()) {
      throw new GodwitException(
          ErrorCode.CONFIG,
          "change capture must use the TLS the source's JDBC settings ask for, but: "
              + String.join("; ", tls.untranslatable()));
    }
    switch (engine) {
      case MARIADB, MYSQL -> {
        binlog(p, engine, config, clients, tables);
        binlogTls(p, engine, tls, source.redaction());
      }
      case POSTGRESQL -> {
        pgoutput(p, config, address);
        pgoutputTls(p, tls);
      }
    }
    return p;
  }

  /**
   * The binlog connectors' TLS, for both the log reader and their JDBC connection: the mode by the
   * connector's names, the trust store (a PEM file of MariaDB's {@code serverSslCert} written into
   * one) and the client's key store.
   */
  private static void binlogTls(Properties p, Engine engine, Tls tls, Redaction redaction) {
    String mode =
        switch (tls.mode()) {
          case DISABLE -> engine == Engine.MARIADB ? "disable" : "disabled";
          case ALLOW, PREFER -> "preferred";
          case REQUIRE -> engine == Engine.MARIADB ? "trust" : "required";
          case VERIFY_CA -> engine == Engine.MARIADB ? "verify-ca" : "verify_ca";
          case VERIFY_FULL -> engine == Engine.MARIADB ? "verify-full" : "verify_identity";
        };
    p.put("database.ssl.mode", mode);
    // The drivers ignore a trust store in a mode that does not verify; the binlog reader would
    // verify against one it is given, so it gets none there.
    tls.trust()
        .filter(store -> tls.mode().verifies())
        .ifPresent(
            store -> {
              if (store.isPem()) {
                PemTrustStore converted = PemTrustStore.of(store, redaction);
                p.put("database.ssl.truststore", converted.path().toString());
                p.put("database.ssl.truststore.password", converted.password());
              } else {
                p.put("database.ssl.truststore", store.path());
                if (store.password() != null) {
                  p.put("database.ssl.truststore.password", store.password());
                }
              }
            });
    tls.clientKey()
        .ifPresent(
            store -> {
              p.put("database.ssl.keystore", store.path());
              if (store.password() != null) {
                p.put("database.ssl.keystore.password", store.password());
              }
            });
  }

  /** pgjdbc's own TLS settings, which the PostgreSQL connector hands to the same driver. */
  private static void pgoutputTls(Properties p, Tls tls) {
    p.put("database.sslmode", tls.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    tls.trust().ifPresent(store -> p.put("database.sslrootcert", store.path()));
    tls.clientKey()
        .ifPresent(
            store -> {
              p.put("database.sslcert", store.path());
              if (store.keyPath() != null) {
                p.put("database.sslkey", store.keyPath());
              }
              if (store.password() != null) {
                p.put("database.sslpassword", store.password());
              }
            });
    if (tls.sslFactory() != null) {
      p.put("database.sslfactory", tls.sslFactory());
    }
  }

  private static void binlog(
      Properties p,
      Engine engine,
      MigrationConfig config,
      KafkaClients clients,
      List<Table> tables) {
    p.put(
        "connector.class",
        engine == Engine.MARIADB
            ? "io.debezium.connector.mariadb.MariaDbConnector"
            : "io.debezium.connector.mysql.MySqlConnector");
    p.put("database.server.id", String.valueOf(serverId(config.name())));
    p.put("topic.naming.strategy", TopicNaming.class.getName());
    if (engine == Engine.MARIADB) {
      p.put("converters", MariaDbUuidConverter.NAME);
      p.put(MariaDbUuidConverter.NAME + ".type", MariaDbUuidConverter.class.getName());
    }
    // no global read lock: there is no data snapshot to make consistent
    p.put("snapshot.locking.mode", "none");
    // An idle server sends binlog heartbeats every 0.8 of this (48 s by default), and only binlog
    // events make Debezium emit its heartbeats, which carry the binlog's end position that lag
    // marks and the cutover's drain wait for: 1 s proves an idle source caught up within 0.8 s
    // (3 s made every drain take 2.4 s). A reader that sees no event for 1 s reconnects and resumes
    // from its offset; under load events keep coming, and none reconnected in the benchmarks.
    p.put("connect.keep.alive.interval.ms", "1000");
    p.put("time.precision.mode", "adaptive_time_microseconds");
    // DDL is kept in the schema history for the connector itself; no DDL events on a topic
    p.put("include.schema.changes", "false");
    String prefix = config.kafka().topicPrefix();
    p.put("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
    p.put("schema.history.internal.kafka.topic", Topics.schemaHistory(prefix));
    p.put("schema.history.internal.kafka.bootstrap.servers", clients.bootstrapServers());
    // The history keeps the DDL of every table in the captured databases, not only the captured
    // tables': a table added to tables.include later is then known from the history at the position
    // the restarted capture resumes from, so its events decode with the columns they were written
    // with. A history of the captured tables alone would need Debezium's `recovery` snapshot mode,
    // which reads today's schemas for events from before the restart and misreads an old table
    // whose columns changed meanwhile. Other databases on the server stay out of the history.
    p.put("schema.history.internal.store.only.captured.tables.ddl", "false");
    p.put("schema.history.internal.store.only.captured.databases.ddl", "true");
    p.put("database.include.list", databaseIncludeList(tables));
    // A change of an included table the history does not know (a table of another database added
    // later, or a history recorded before the line above) stops the capture instead of being
    // skipped with a warning.
    p.put("inconsistent.schema.handling.mode", "fail");
    for (Map.Entry<String, String> e : config.kafka().properties().entrySet()) {
      p.put("schema.history.internal.producer." + e.getKey(), e.getValue());
      p.put("schema.history.internal.consumer." + e.getKey(), e.getValue());
    }
  }

  private static void pgoutput(Properties p, MigrationConfig config, JdbcAddress address) {
    p.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.put("plugin.name", "pgoutput");
    p.put("database.dbname", address.database());
    p.put("slot.name", slotName(config.name()));
    p.put("publication.name", slotName(config.name()));
    p.put("publication.autocreate.mode", "filtered");
    // a partitioned table's changes arrive under its own name, as its rows were copied, instead
    // of under its partitions' names, which the include list leaves out
    p.put("publish.via.partition.root", "true");
    // an UPDATE that leaves a TOASTed value unchanged carries no value for it: read it back from
    // the source by key, so a row whose key changed arrives whole (the applier's update of the
    // stored row would find none under the new key); a row deleted since keeps the placeholder,
    // and its delete follows in the stream
    p.put("post.processors", "reselector");
    p.put("reselector.type", "io.debezium.processors.reselect.ReselectColumnsPostProcessor");
    p.put("reselector.reselect.unavailable.values", "true");
    p.put("reselector.reselect.null.values", "false");
    p.put("time.precision.mode", "adaptive");
    p.put("interval.handling.mode", "string");
    p.put("converters", PostgresVarbitConverter.NAME);
    p.put(PostgresVarbitConverter.NAME + ".type", PostgresVarbitConverter.class.getName());
  }

  /**
   * {@code properties} of a PostgreSQL capture changed to start where its slot stands when it has
   * no stored offset, by taking no snapshot at all ({@code configuration_based} with neither data
   * nor schema; the PostgreSQL connector has no {@code never}): streaming with no offset starts at
   * the slot's confirmed position. With {@code no_data} the connector's schema snapshot records the
   * server's WAL position at its start as its offset (Debezium 3.5's {@code
   * PostgresSnapshotChangeEventSource#getTransactionStartLsn}, for a slot it did not create); a
   * write made between the slot's position and that start still arrived in a test (that offset has
   * no commit position to skip to), but this start does not depend on it. The PostgreSQL connector
   * needs no schema snapshot: the stream describes each table before its first change.
   */
  static Properties fromSlot(Properties properties) {
    if (!"io.debezium.connector.postgresql.PostgresConnector"
        .equals(properties.getProperty("connector.class"))) {
      throw new IllegalArgumentException(
          "only a PostgreSQL capture starts from its slot, not "
              + properties.get("connector.class"));
    }
    Properties p = new Properties();
    p.putAll(properties);
    p.put("snapshot.mode", "configuration_based");
    p.put("snapshot.mode.configuration.based.snapshot.data", "false");
    p.put("snapshot.mode.configuration.based.snapshot.schema", "false");
    p.put("snapshot.mode.configuration.based.start.stream", "true");
    return p;
  }

  /** The engine's name, which also keys its offsets in the offsets topic. */
  static String engineName(String migration) {
    return "godwit-" + migration;
  }

  /** The PostgreSQL replication slot and publication of a migration: {@code godwit_<name>}. */
  public static String slotName(String migration) {
    return "godwit_" + migration;
  }

  /**
   * A replication client id for the MySQL family, unique on the server among running captures:
   * derived from the migration name, so the same migration always uses the same id, in {@code
   * 5400..6399}.
   */
  static int serverId(String migration) {
    CRC32 crc = new CRC32();
    crc.update(migration.getBytes(StandardCharsets.UTF_8));
    return SERVER_ID_BASE + (int) (crc.getValue() % SERVER_ID_RANGE);
  }

  /**
   * Debezium's {@code table.include.list}: one anchored regular expression per table, matched
   * against {@code <schema>.<table>} ({@code <database>.<table>} on MySQL). Every character but a
   * letter, digit or {@code _} is escaped; commas and white space, which would split or trim the
   * list, and other non-ASCII characters as {@code \x{..}}.
   */
  static String includeList(List<Table> tables) {
    return tables.stream()
        .map(t -> escape(t.schema()) + "\\." + escape(t.name()))
        .collect(Collectors.joining(","));
  }

  /** Debezium's {@code database.include.list} for the MySQL family: the tables' databases. */
  static String databaseIncludeList(List<Table> tables) {
    return tables.stream().map(t -> escape(t.schema())).distinct().collect(Collectors.joining(","));
  }

  static String escape(String identifier) {
    StringBuilder out = new StringBuilder();
    identifier
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '_') {
                out.appendCodePoint(c);
              } else if (c == ',' || Character.isWhitespace(c) || c >= 128) {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
              } else {
                out.append('\\').appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
