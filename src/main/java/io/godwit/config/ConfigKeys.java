package io.godwit.config;

import static io.godwit.config.ConfigKey.Secrecy.COMMAND;
import static io.godwit.config.ConfigKey.Secrecy.SECRET;
import static io.godwit.config.ConfigKey.Secrecy.SECRET_ENTRIES;
import static io.godwit.config.ConfigKey.Secrecy.URL;

import io.godwit.config.CutoverSettings.Freeze;
import io.godwit.config.MappingOptions.EnumStyle;
import io.godwit.config.MappingOptions.Tinyint1;
import io.godwit.config.MappingOptions.ZeroDates;
import io.godwit.schema.ColumnRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of the migration file, declared once: the loader, the effective-configuration printout
 * and the reference in {@code docs/configuration.md} ({@link #markdown()}) all read this list.
 */
public final class ConfigKeys {

  public static final ConfigKey<String> NAME =
      ConfigKey.create("name", ValueType.STRING)
          .required("shop")
          .withValidation(
              Checks.matches(
                  "[a-z][a-z0-9_]{0,39}",
                  "a lowercase letter then up to 39 lowercase letters, digits or _",
                  "shop or shop_v2"))
          .withDescription(
              "Names the migration; used in replication slot names, Kafka topics and state rows.")
          .readFrom(MigrationConfig::name);

  public static final ConfigKey<Path> WORK_DIR =
      ConfigKey.create("work-dir", ValueType.PATH)
          .withDefault("godwit-work/<name>", name -> Path.of("godwit-work", name))
          .withDescription(
              "Directory for local state (embedded broker data, logs); relative paths are"
                  + " relative to the current directory.")
          .readFrom(MigrationConfig::workDir);

  public static final EndpointKeys SOURCE =
      new EndpointKeys(
          "source",
          "the source database",
          "jdbc:mariadb://127.0.0.1:3306/shop",
          "root",
          MigrationConfig::source);

  public static final EndpointKeys TARGET =
      new EndpointKeys(
          "target",
          "the target database",
          "jdbc:postgresql://127.0.0.1:5432/shop",
          "postgres",
          MigrationConfig::target);

  public static final ConfigKey<List<String>> TABLES_INCLUDE =
      ConfigKey.create("tables.include", ValueType.STRING_LIST)
          .withDefault(List.of("*"))
          .withValidation(Checks.notEmptyList("[\"*\"]"), Checks.noEmptyItems())
          .withDescription(
              "Glob patterns (`*` any run of characters, `?` one) of source tables to migrate.")
          .readFrom(c -> c.tables().include());

  public static final ConfigKey<List<String>> TABLES_EXCLUDE =
      ConfigKey.create("tables.exclude", ValueType.STRING_LIST)
          .withDefault(List.of())
          .withValidation(Checks.noEmptyItems())
          .withDescription("Glob patterns of source tables to leave out, even if included.")
          .readFrom(c -> c.tables().exclude());

  public static final ConfigKey<Map<String, String>> TABLES_RENAME =
      ConfigKey.create("tables.rename", ValueType.STRING_MAP)
          .withDefault(Map.of())
          .withValidation(Checks.noEmptyKeysOrValues(), Checks.distinctValues())
          .withDescription("Source table name to target table name, for tables that move names.")
          .readFrom(c -> c.tables().rename());

  public static final ConfigKey<Map<String, String>> TABLES_COLUMN_TYPES =
      ConfigKey.create("tables.column-types", ValueType.STRING_MAP)
          .withDefault(Map.of())
          .withValidation(Checks.tableDotColumnKeys(), Checks.noEmptyKeysOrValues())
          .withDescription(
              "`\"table.column\"` (source names) to the target SQL type to use instead of the"
                  + " mapped one, e.g. `\"orders.total\": numeric(12,2)`.")
          .readFrom(c -> c.tables().columnTypes());

  public static final ConfigKey<Map<String, String>> TABLES_FILTER =
      ConfigKey.create("tables.filter", ValueType.STRING_MAP)
          .withDefault(Map.of())
          .withValidation(Checks.noEmptyKeysOrValues(), Checks.rowFilters())
          .withDescription(
              "Source table name to the condition its migrated rows meet, e.g. `orders:"
                  + " \"created_at >= '2024-01-01' AND tenant_id IN (7, 9)\"`: columns compared"
                  + " with constants (`= <> < <= > >=`, `IN`, `BETWEEN`, `IS [NOT] NULL`) joined by"
                  + " `AND`, `OR`, `NOT`; integer, decimal, date and timestamp columns, text with"
                  + " `=`, `<>`, `IN` only. Applied by the snapshot, the applier (a row updated out"
                  + " of the filter is deleted on the target, one updated into it inserted) and"
                  + " validation; see [filters.md](filters.md).")
          .readFrom(c -> c.tables().filter());

  public static final ConfigKey<Map<String, ColumnRules>> TABLES_COLUMNS =
      ConfigKey.create("tables.columns", ValueType.COLUMN_RULES)
          .withDefault(Map.of())
          .withValidation(Checks.columnRules())
          .withDescription(
              "Source table name to rules for its columns, e.g. `customers: { exclude: [ssn],"
                  + " rename: { fname: first_name }, mask: { email: sha256 } }` (source column"
                  + " names): excluded columns are not created, copied, applied or compared;"
                  + " renamed ones take the new name on the target; masked ones (text columns"
                  + " only) hold the lowercase hex SHA-256 of the value's UTF-8 text, NULL staying"
                  + " NULL, in a `char(64)` column, and are compared masked. Applied by the"
                  + " snapshot, the applier, validation, repair and the target DDL; see"
                  + " [columns.md](columns.md).")
          .readFrom(c -> c.tables().columns());

  public static final ConfigKey<List<String>> INVENTORY_SKIP =
      ConfigKey.create("inventory.skip", ValueType.STRING_LIST)
          .withDefault(List.of())
          .withValidation(
              Checks.noEmptyItems(),
              Checks.itemsAmong(List.copyOf(InventorySettings.KINDS.keySet())))
          .withDescription(
              "Kinds of object a same-engine migration does not carry to the target, from `views`,"
                  + " `routines`, `triggers`, `events`, `sequences`, `grants`: `plan` lists them as"
                  + " skipped by inventory.skip, to be created by hand.")
          .readFrom(c -> c.inventory().skip());

  public static final ConfigKey<Tinyint1> MAPPING_TINYINT1 =
      ConfigKey.create("mapping.tinyint1", ValueType.enumOf(Tinyint1.class))
          .withDefault(Tinyint1.BOOLEAN)
          .withDescription("What MySQL `tinyint(1)` becomes on a PostgreSQL target.")
          .readFrom(c -> c.mapping().tinyint1());

  public static final ConfigKey<EnumStyle> MAPPING_ENUM =
      ConfigKey.create("mapping.enum", ValueType.enumOf(EnumStyle.class))
          .withDefault(EnumStyle.CHECK)
          .withDescription(
              "What MySQL `enum` becomes: text with a CHECK constraint, a PostgreSQL enum type,"
                  + " or plain text.")
          .readFrom(c -> c.mapping().enums());

  public static final ConfigKey<ZeroDates> MAPPING_ZERO_DATES =
      ConfigKey.create("mapping.zero-dates", ValueType.enumOf(ZeroDates.class))
          .withDefault(ZeroDates.NULL)
          .withDescription(
              "What MySQL zero dates (`0000-00-00`) become where the target rejects them: NULL,"
                  + " or an error for the row.")
          .readFrom(c -> c.mapping().zeroDates());

  public static final ConfigKey<Integer> SNAPSHOT_WORKERS =
      ConfigKey.create("snapshot.workers", ValueType.INT)
          .withDefault(2)
          .withValidation(Checks.between(1, 64))
          .withDescription(
              "Parallel copy workers during the snapshot (1 to 64). `validate` and the cutover's"
                  + " final validation use as many threads: that many tables at once, and that"
                  + " many key ranges compared in parallel, each holding a connection on each"
                  + " side.")
          .readFrom(c -> c.snapshot().workers());

  public static final ConfigKey<Integer> SNAPSHOT_CHUNK_ROWS =
      ConfigKey.create("snapshot.chunk-rows", ValueType.INT)
          .withDefault(100_000)
          .withValidation(Checks.between(1_000, 10_000_000))
          .withDescription("Rows per snapshot chunk at most (1000 to 10000000).")
          .readFrom(c -> c.snapshot().chunkRows());

  public static final ConfigKey<Long> SNAPSHOT_CHUNK_BYTES =
      ConfigKey.create("snapshot.chunk-bytes", ValueType.SIZE)
          .withDefault(64L << 20)
          .withValidation(Checks.sizeAtLeast(1L << 20))
          .withDescription("Bytes per snapshot chunk at most, at least 1MB.")
          .readFrom(c -> c.snapshot().chunkBytes());

  public static final ConfigKey<Long> SNAPSHOT_ROWS_PER_SECOND =
      ConfigKey.create("snapshot.rows-per-second", ValueType.LONG)
          .withDefault(0L)
          .withValidation(Checks.atLeast(0))
          .withDescription("Ceiling on rows copied per second over all workers; 0 for none.")
          .readFrom(c -> c.snapshot().rowsPerSecond());

  public static final ConfigKey<Integer> SNAPSHOT_MAX_THREADS_RUNNING =
      ConfigKey.create("snapshot.max-threads-running", ValueType.INT)
          .withDefault(0)
          .withValidation(Checks.atLeast(0))
          .withDescription(
              "Pause the copy while the MySQL/MariaDB source's `Threads_running` is above this;"
                  + " 0 for off.")
          .readFrom(c -> c.snapshot().maxThreadsRunning());

  public static final ConfigKey<String> SNAPSHOT_REPLICA_URL =
      ConfigKey.create("snapshot.replica-url", ValueType.STRING)
          .withDefault("")
          .withSecrecy(URL)
          .withValidation(
              Checks.matches(
                  "(jdbc:(mysql|mariadb):[^\\s]+)?",
                  "empty or a jdbc:mysql: or jdbc:mariadb: URL",
                  "jdbc:mariadb://replica1:3306/shop"))
          .withDescription(
              "JDBC URL of a replica of the MySQL/MariaDB source whose lag pauses the copy"
                  + " (`snapshot.max-replica-lag`), as gh-ost throttles on a control replica."
                  + " Godwit logs in with `source.user`, `source.password` and"
                  + " `source.properties`, on one connection; the user needs REPLICATION CLIENT"
                  + " (MySQL) or REPLICA MONITOR (MariaDB).")
          .readFrom(c -> c.snapshot().replicaUrl());

  public static final ConfigKey<Duration> SNAPSHOT_MAX_REPLICA_LAG =
      ConfigKey.create("snapshot.max-replica-lag", ValueType.DURATION)
          .withDefault(Duration.ZERO)
          .withValidation(Checks.wholeSeconds())
          .withDescription(
              "Pause the copy while the replica at `snapshot.replica-url` is more than this behind"
                  + " the source (whole seconds, as the replica reports it), or is not"
                  + " replicating; 0 for off. The copy goes on once the replica is back under the"
                  + " limit.")
          .readFrom(c -> c.snapshot().maxReplicaLag());

  public static final ConfigKey<Duration> SNAPSHOT_MAX_APPLY_LAG =
      ConfigKey.create("snapshot.max-apply-lag", ValueType.DURATION)
          .withDefault(Duration.ZERO)
          .withDescription(
              "In `godwit run`, pause the copy while the tables whose copy has finished lag more"
                  + " than this behind the source (their proven lag, `godwit_lag_seconds`), so the"
                  + " target has room to apply their changes; 0 for off. Tables still being copied"
                  + " do not count: their changes wait in Kafka on purpose. `godwit snapshot`"
                  + " applies no changes and ignores it.")
          .readFrom(c -> c.snapshot().maxApplyLag());

  public static final ConfigKey<Integer> APPLY_BATCH_SIZE =
      ConfigKey.create("apply.batch-size", ValueType.INT)
          .withDefault(5_000)
          .withValidation(Checks.between(1, 100_000))
          .withDescription("Changes written to the target per transaction at most (1 to 100000).")
          .readFrom(c -> c.apply().batchSize());

  public static final ConfigKey<Duration> APPLY_MAX_BATCH_WAIT =
      ConfigKey.create("apply.max-batch-wait", ValueType.DURATION)
          .withDefault(Duration.ZERO)
          .withValidation(Checks.durationAtMost(Duration.ofSeconds(10)))
          .withDescription(
              "How long a partly filled batch waits for more changes before it is written (0 to"
                  + " 10s). 0 writes the changes that have arrived at once, for the lowest lag; a"
                  + " longer wait gathers fewer, larger transactions when changes trickle in, and"
                  + " adds up to that much lag. A full batch (`apply.batch-size`) never waits.")
          .readFrom(c -> c.apply().maxBatchWait());

  public static final ConfigKey<Boolean> APPLY_DEAD_LETTER =
      ConfigKey.create("apply.dead-letter", ValueType.BOOLEAN)
          .withDefault(false)
          .withDescription(
              "Send changes the target rejects to a dead-letter topic instead of stopping.")
          .readFrom(c -> c.apply().deadLetter());

  public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigKey.create("kafka.bootstrap-servers", ValueType.STRING)
          .withDefault("")
          .withValidation(Checks.hostPortList())
          .withDescription(
              "`host:port,...` of an external Kafka cluster; empty runs an embedded broker in"
                  + " the work directory.")
          .readFrom(c -> c.kafka().bootstrapServers());

  public static final ConfigKey<String> KAFKA_TOPIC_PREFIX =
      ConfigKey.create("kafka.topic-prefix", ValueType.STRING)
          .withDefault("godwit.<name>", name -> "godwit." + name)
          .withValidation(
              Checks.matches(
                  "[A-Za-z0-9._-]{1,200}",
                  "1 to 200 letters, digits, '.', '_' or '-'",
                  "godwit.shop"))
          .withDescription("Prefix of the Kafka topics this migration creates.")
          .readFrom(c -> c.kafka().topicPrefix());

  public static final ConfigKey<Integer> KAFKA_PARTITIONS =
      ConfigKey.create("kafka.partitions", ValueType.INT)
          .withDefault(1)
          .withValidation(Checks.between(1, 256))
          .withDescription("Partitions per change topic (1 to 256).")
          .readFrom(c -> c.kafka().partitions());

  public static final ConfigKey<Optional<Duration>> KAFKA_RETENTION =
      ConfigKey.create("kafka.retention", ValueType.DURATION_OR_UNLIMITED)
          .withDefault(Optional.empty())
          .withValidation(Checks.positiveIfPresent())
          .withDescription("How long change topics keep events, or `unlimited`.")
          .readFrom(c -> c.kafka().retention());

  public static final ConfigKey<Map<String, String>> KAFKA_PROPERTIES =
      ConfigKey.create("kafka.properties", ValueType.STRING_MAP)
          .withDefault(Map.of())
          .withSecrecy(SECRET_ENTRIES)
          .withValidation(
              Checks.withoutKeys(
                  List.of("auto.offset.reset", "enable.auto.commit", "isolation.level"),
                  "the applier commits its offsets with the rows, never resets them and reads"
                      + " only committed records"),
              Checks.withoutKeys(
                  List.of("acks", "enable.idempotence"),
                  "its producers wait for every in-sync replica and neither duplicate nor reorder"
                      + " a retried send"),
              Checks.setFromGodwitKeys(
                  Map.of(
                      "max.poll.records", "apply.batch-size",
                      "bootstrap.servers", "kafka.bootstrap-servers",
                      "group.id", "name (the applier's group is godwit-<name>)")))
          .withDescription(
              "Kafka client properties passed through (TLS, SASL); values of keys containing"
                  + " `password` or `sasl.jaas.config` are masked in output. `auto.offset.reset`,"
                  + " `enable.auto.commit` and `isolation.level` may not be set: the applier"
                  + " commits its offsets with the rows, never resets them and reads only"
                  + " committed records. Nor may `max.poll.records` (set `apply.batch-size`),"
                  + " `bootstrap.servers`, `group.id`, `acks` or `enable.idempotence`. Tuning"
                  + " settings such as `compression.type`, `linger.ms` or `fetch.max.bytes` pass"
                  + " through.")
          .readFrom(c -> c.kafka().properties());

  public static final ConfigKey<CaptureSettings.Mode> CAPTURE_MODE =
      ConfigKey.create("capture.mode", ValueType.enumOf(CaptureSettings.Mode.class))
          .withDefault(CaptureSettings.Mode.EMBEDDED)
          .withDescription(
              "`embedded` (Godwit runs Debezium itself) or `external` (a Kafka Connect cluster"
                  + " runs the connector from `connectors/`; `godwit run --capture` overrides).")
          .readFrom(c -> c.capture().mode());

  public static final ConfigKey<String> CAPTURE_CONNECT_URL =
      ConfigKey.create("capture.connect-url", ValueType.STRING)
          .withDefault("")
          .withSecrecy(URL)
          .withValidation(
              Checks.matches(
                  "(https?://[^\\s]+)?", "empty or an http(s) URL", "http://connect:8083"))
          .withDescription(
              "Kafka Connect's REST API, e.g. `http://connect:8083`; required by external capture.")
          .readFrom(c -> c.capture().connectUrl());

  public static final ConfigKey<String> CAPTURE_CONNECTOR =
      ConfigKey.create("capture.connector", ValueType.STRING)
          .withDefault("godwit-<name>", name -> "godwit-" + name)
          .withDescription("The connector's name on the Kafka Connect cluster (external capture).")
          .readFrom(c -> c.capture().connector());

  public static final ConfigKey<Freeze> CUTOVER_FREEZE =
      ConfigKey.create("cutover.freeze", ValueType.enumOf(Freeze.class))
          .withDefault(Freeze.READ_ONLY)
          .withDescription(
              "How writes to the source stop at cutover: Godwit makes it read-only, runs"
                  + " `cutover.freeze-hook`, or waits for the operator.")
          .readFrom(c -> c.cutover().freeze());

  public static final ConfigKey<Duration> CUTOVER_LAG_THRESHOLD =
      ConfigKey.create("cutover.lag-threshold", ValueType.DURATION)
          .withDefault(Duration.ofSeconds(5))
          .withValidation(Checks.positive())
          .withDescription("Replication lag below which the freeze may start.")
          .readFrom(c -> c.cutover().lagThreshold());

  public static final ConfigKey<Duration> CUTOVER_TIMEOUT =
      ConfigKey.create("cutover.timeout", ValueType.DURATION)
          .withDefault(Duration.ofMinutes(5))
          .withValidation(Checks.positive())
          .withDescription(
              "Longest the source stays frozen; past it the cutover is abandoned and writes resume.")
          .readFrom(c -> c.cutover().timeout());

  public static final ConfigKey<String> CUTOVER_FREEZE_HOOK =
      ConfigKey.create("cutover.freeze-hook", ValueType.STRING)
          .withDefault("")
          .withSecrecy(COMMAND)
          .withDescription(
              "Command that stops the application's writes; required when `cutover.freeze` is"
                  + " `hook`.")
          .readFrom(c -> c.cutover().freezeHook());

  public static final ConfigKey<String> CUTOVER_UNFREEZE_HOOK =
      ConfigKey.create("cutover.unfreeze-hook", ValueType.STRING)
          .withDefault("")
          .withSecrecy(COMMAND)
          .withDescription(
              "Command that lets writes resume on the source if the cutover is abandoned.")
          .readFrom(c -> c.cutover().unfreezeHook());

  public static final ConfigKey<String> CUTOVER_DONE_HOOK =
      ConfigKey.create("cutover.done-hook", ValueType.STRING)
          .withDefault("")
          .withSecrecy(COMMAND)
          .withDescription(
              "Command run once the target has taken over, e.g. to repoint the application.")
          .readFrom(c -> c.cutover().doneHook());

  public static final ConfigKey<List<String>> CUTOVER_APP_ROLES =
      ConfigKey.create("cutover.app-roles", ValueType.STRING_LIST)
          .withDefault(List.of())
          .withValidation(Checks.noEmptyItems())
          .withDescription("PostgreSQL roles whose sessions are terminated at freeze.")
          .readFrom(c -> c.cutover().appRoles());

  public static final ConfigKey<CutoverSettings.FinalValidation> CUTOVER_FINAL_VALIDATION =
      ConfigKey.create(
              "cutover.final-validation", ValueType.enumOf(CutoverSettings.FinalValidation.class))
          .withDefault(CutoverSettings.FinalValidation.FULL)
          .withDescription(
              "What the final validation compares while the source is frozen: `full` (every row)"
                  + " or `changed` (row counts, plus the rows the applier changed since each"
                  + " table's last clean full validation: a far shorter freeze on large tables,"
                  + " but a row altered directly on the target after that validation is not seen).")
          .readFrom(c -> c.cutover().finalValidation());

  public static final ConfigKey<RollbackSettings.Reverse> ROLLBACK_REVERSE =
      ConfigKey.create("rollback.reverse", ValueType.enumOf(RollbackSettings.Reverse.class))
          .withDefault(RollbackSettings.Reverse.OFF)
          .withDescription(
              "Whether the cutover keeps a way back: it records the target's change position"
                  + " before the application's first write on the target (PostgreSQL: a slot and"
                  + " publication `godwit_<name>_reverse` on the target; MySQL/MariaDB: the binlog"
                  + " position and GTIDs), from which the reverse stream (target to old source)"
                  + " starts. `auto`: when the target can be captured (`plan` says so); `on`: a"
                  + " target that cannot be captured is a plan blocker; `off`: the cutover is"
                  + " one-way. After the cutover, `godwit run` goes on streaming the target's"
                  + " changes back to the old source (a MySQL target takes MariaDB's path, but"
                  + " is not tested: no MySQL server runs in the tests). Off by default: the slot"
                  + " is read only while `godwit run` runs, and keeps every WAL file the target"
                  + " writes whenever it does not; drop it by hand (`ops/runbooks/rollback.md`)"
                  + " once no way back is wanted. A MySQL or MariaDB target must keep its binlog"
                  + " files from R0 on until the reverse stream has read them.")
          .readFrom(c -> c.rollback().reverse());

  public static final ConfigKey<String> ROLLBACK_DONE_HOOK =
      ConfigKey.create("rollback.done-hook", ValueType.STRING)
          .withDefault("")
          .withSecrecy(COMMAND)
          .withDescription(
              "Command run once `godwit rollback` made the old source writable again, e.g. to"
                  + " repoint the application at it. A failure is reported; the rollback stays"
                  + " done.")
          .readFrom(c -> c.rollback().doneHook());

  public static final ConfigKey<HostPort> CONTROL_LISTEN =
      ConfigKey.create("control.listen", ValueType.HOST_PORT)
          .withDefault(new HostPort("127.0.0.1", 7878))
          .withDescription(
              "`host:port` the control API listens on; a fixed port, not 0, since `godwit status`"
                  + " and `godwit cutover` connect to it.")
          .readFrom(c -> c.control().listen());

  public static final ConfigKey<Secret> CONTROL_TOKEN =
      ConfigKey.create("control.token", ValueType.SECRET)
          .withDefault(Secret.empty())
          .withSecrecy(SECRET)
          .withValidation(Checks.emptyOrAtLeast(16))
          .withDescription(
              "Bearer token the control API requires, at least 16 characters; may be empty only"
                  + " on a loopback address (then every mutating call is refused).")
          .readFrom(c -> c.control().token());

  public static final ConfigKey<List<String>> CONTROL_ALLOWED_HOSTS =
      ConfigKey.create("control.allowed-hosts", ValueType.STRING_LIST)
          .withDefault(List.of())
          .withValidation(Checks.hostNames())
          .withDescription(
              "Host names the control API answers to in a request's `Host` header, besides IP"
                  + " literals and `localhost`, e.g. `[godwit.internal]`; a request naming any"
                  + " other host gets 421, so a web page cannot reach the API through DNS"
                  + " rebinding.")
          .readFrom(c -> c.control().allowedHosts());

  public static final ConfigKey<Secret> CONTROL_READ_TOKEN =
      ConfigKey.create("control.read-token", ValueType.SECRET)
          .withDefault(Secret.empty())
          .withSecrecy(SECRET)
          .withValidation(Checks.emptyOrAtLeast(16))
          .withDescription(
              "Token that reads need, at least 16 characters: the status page, `/api/status` and"
                  + " `/api/cutover` then answer only with `Authorization: Bearer <token>` (or"
                  + " HTTP Basic with the token as password, which a browser asks for);"
                  + " `control.token` is accepted for reads too. Empty: reads need no token."
                  + " `/healthz`, `/readyz` and `/metrics` never need one.")
          .readFrom(c -> c.control().readToken());

  public static final ConfigKey<String> CONTROL_TLS_CERTIFICATE =
      ConfigKey.create("control.tls.certificate", ValueType.STRING)
          .withDefault("")
          .withDescription(
              "PEM file of the control API's certificate chain (its own certificate first); with"
                  + " `control.tls.key` the API serves HTTPS only. The certificate must name the"
                  + " host of `control.listen`, which is where `godwit cutover` connects.")
          .readFrom(c -> c.control().tls().certificate());

  public static final ConfigKey<String> CONTROL_TLS_KEY =
      ConfigKey.create("control.tls.key", ValueType.STRING)
          .withDefault("")
          .withDescription(
              "PEM file of the control API's unencrypted PKCS#8 private key (`BEGIN PRIVATE"
                  + " KEY`; convert others with `openssl pkcs8 -topk8 -nocrypt`).")
          .readFrom(c -> c.control().tls().key());

  public static final ConfigKey<String> CONTROL_TLS_CA =
      ConfigKey.create("control.tls.ca", ValueType.STRING)
          .withDefault("")
          .withDescription(
              "PEM file of the CA certificates that `godwit cutover` and `godwit validate` trust"
                  + " the control API's certificate by; setting it makes them use HTTPS. Empty"
                  + " with `control.tls.certificate` set: the JDK's default CAs.")
          .readFrom(c -> c.control().tls().ca());

  /** Every key, in the order of the reference. */
  public static final List<ConfigKey<?>> ALL = all();

  private ConfigKeys() {}

  /** The key declared at {@code path}, e.g. {@code snapshot.workers}. */
  public static Optional<ConfigKey<?>> find(String path) {
    return ALL.stream().filter(key -> key.path().equals(path)).findFirst();
  }

  /** The configuration reference, as in {@code docs/configuration.md}. */
  public static String markdown() {
    return ConfigDocs.markdown(ALL);
  }

  private static List<ConfigKey<?>> all() {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(NAME, WORK_DIR));
    keys.addAll(SOURCE.all());
    keys.addAll(TARGET.all());
    keys.addAll(
        List.of(
            TABLES_INCLUDE,
            TABLES_EXCLUDE,
            TABLES_RENAME,
            TABLES_COLUMN_TYPES,
            TABLES_FILTER,
            TABLES_COLUMNS,
            INVENTORY_SKIP,
            MAPPING_TINYINT1,
            MAPPING_ENUM,
            MAPPING_ZERO_DATES,
            SNAPSHOT_WORKERS,
            SNAPSHOT_CHUNK_ROWS,
            SNAPSHOT_CHUNK_BYTES,
            SNAPSHOT_ROWS_PER_SECOND,
            SNAPSHOT_MAX_THREADS_RUNNING,
            SNAPSHOT_REPLICA_URL,
            SNAPSHOT_MAX_REPLICA_LAG,
            SNAPSHOT_MAX_APPLY_LAG,
            APPLY_BATCH_SIZE,
            APPLY_MAX_BATCH_WAIT,
            APPLY_DEAD_LETTER,
            KAFKA_BOOTSTRAP_SERVERS,
            KAFKA_TOPIC_PREFIX,
            KAFKA_PARTITIONS,
            KAFKA_RETENTION,
            KAFKA_PROPERTIES,
            CAPTURE_MODE,
            CAPTURE_CONNECT_URL,
            CAPTURE_CONNECTOR,
            CUTOVER_FREEZE,
            CUTOVER_LAG_THRESHOLD,
            CUTOVER_TIMEOUT,
            CUTOVER_FREEZE_HOOK,
            CUTOVER_UNFREEZE_HOOK,
            CUTOVER_DONE_HOOK,
            CUTOVER_APP_ROLES,
            CUTOVER_FINAL_VALIDATION,
            ROLLBACK_REVERSE,
            ROLLBACK_DONE_HOOK,
            CONTROL_LISTEN,
            CONTROL_TOKEN,
            CONTROL_ALLOWED_HOSTS,
            CONTROL_READ_TOKEN,
            CONTROL_TLS_CERTIFICATE,
            CONTROL_TLS_KEY,
            CONTROL_TLS_CA));
    return List.copyOf(keys);
  }
}
