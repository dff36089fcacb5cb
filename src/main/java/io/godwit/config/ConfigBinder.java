package io.godwit.config;

import static io.godwit.config.ConfigKeys.APPLY_BATCH_SIZE;
import static io.godwit.config.ConfigKeys.APPLY_DEAD_LETTER;
import static io.godwit.config.ConfigKeys.APPLY_MAX_BATCH_WAIT;
import static io.godwit.config.ConfigKeys.CAPTURE_CONNECTOR;
import static io.godwit.config.ConfigKeys.CAPTURE_CONNECT_URL;
import static io.godwit.config.ConfigKeys.CAPTURE_MODE;
import static io.godwit.config.ConfigKeys.CONTROL_ALLOWED_HOSTS;
import static io.godwit.config.ConfigKeys.CONTROL_LISTEN;
import static io.godwit.config.ConfigKeys.CONTROL_READ_TOKEN;
import static io.godwit.config.ConfigKeys.CONTROL_TLS_CA;
import static io.godwit.config.ConfigKeys.CONTROL_TLS_CERTIFICATE;
import static io.godwit.config.ConfigKeys.CONTROL_TLS_KEY;
import static io.godwit.config.ConfigKeys.CONTROL_TOKEN;
import static io.godwit.config.ConfigKeys.CUTOVER_APP_ROLES;
import static io.godwit.config.ConfigKeys.CUTOVER_DONE_HOOK;
import static io.godwit.config.ConfigKeys.CUTOVER_FINAL_VALIDATION;
import static io.godwit.config.ConfigKeys.CUTOVER_FREEZE;
import static io.godwit.config.ConfigKeys.CUTOVER_FREEZE_HOOK;
import static io.godwit.config.ConfigKeys.CUTOVER_LAG_THRESHOLD;
import static io.godwit.config.ConfigKeys.CUTOVER_TIMEOUT;
import static io.godwit.config.ConfigKeys.CUTOVER_UNFREEZE_HOOK;
import static io.godwit.config.ConfigKeys.INVENTORY_SKIP;
import static io.godwit.config.ConfigKeys.KAFKA_BOOTSTRAP_SERVERS;
import static io.godwit.config.ConfigKeys.KAFKA_PARTITIONS;
import static io.godwit.config.ConfigKeys.KAFKA_PROPERTIES;
import static io.godwit.config.ConfigKeys.KAFKA_RETENTION;
import static io.godwit.config.ConfigKeys.KAFKA_TOPIC_PREFIX;
import static io.godwit.config.ConfigKeys.MAPPING_ENUM;
import static io.godwit.config.ConfigKeys.MAPPING_TINYINT1;
import static io.godwit.config.ConfigKeys.MAPPING_ZERO_DATES;
import static io.godwit.config.ConfigKeys.NAME;
import static io.godwit.config.ConfigKeys.ROLLBACK_DONE_HOOK;
import static io.godwit.config.ConfigKeys.ROLLBACK_REVERSE;
import static io.godwit.config.ConfigKeys.SNAPSHOT_CHUNK_BYTES;
import static io.godwit.config.ConfigKeys.SNAPSHOT_CHUNK_ROWS;
import static io.godwit.config.ConfigKeys.SNAPSHOT_MAX_APPLY_LAG;
import static io.godwit.config.ConfigKeys.SNAPSHOT_MAX_REPLICA_LAG;
import static io.godwit.config.ConfigKeys.SNAPSHOT_MAX_THREADS_RUNNING;
import static io.godwit.config.ConfigKeys.SNAPSHOT_REPLICA_URL;
import static io.godwit.config.ConfigKeys.SNAPSHOT_ROWS_PER_SECOND;
import static io.godwit.config.ConfigKeys.SNAPSHOT_WORKERS;
import static io.godwit.config.ConfigKeys.SOURCE;
import static io.godwit.config.ConfigKeys.TABLES_COLUMNS;
import static io.godwit.config.ConfigKeys.TABLES_COLUMN_TYPES;
import static io.godwit.config.ConfigKeys.TABLES_EXCLUDE;
import static io.godwit.config.ConfigKeys.TABLES_FILTER;
import static io.godwit.config.ConfigKeys.TABLES_INCLUDE;
import static io.godwit.config.ConfigKeys.TABLES_RENAME;
import static io.godwit.config.ConfigKeys.TARGET;
import static io.godwit.config.ConfigKeys.WORK_DIR;

/** Builds the records from values that are all known to be valid. */
final class ConfigBinder {

  private ConfigBinder() {}

  static MigrationConfig bind(ConfigValues v) {
    return new MigrationConfig(
        v.get(NAME),
        v.get(WORK_DIR),
        endpoint(v, SOURCE),
        endpoint(v, TARGET),
        new TableSelection(
            v.get(TABLES_INCLUDE),
            v.get(TABLES_EXCLUDE),
            v.get(TABLES_RENAME),
            v.get(TABLES_COLUMN_TYPES),
            v.get(TABLES_FILTER),
            v.get(TABLES_COLUMNS)),
        new InventorySettings(v.get(INVENTORY_SKIP)),
        new MappingOptions(v.get(MAPPING_TINYINT1), v.get(MAPPING_ENUM), v.get(MAPPING_ZERO_DATES)),
        new SnapshotSettings(
            v.get(SNAPSHOT_WORKERS),
            v.get(SNAPSHOT_CHUNK_ROWS),
            v.get(SNAPSHOT_CHUNK_BYTES),
            v.get(SNAPSHOT_ROWS_PER_SECOND),
            v.get(SNAPSHOT_MAX_THREADS_RUNNING),
            v.get(SNAPSHOT_REPLICA_URL),
            v.get(SNAPSHOT_MAX_REPLICA_LAG),
            v.get(SNAPSHOT_MAX_APPLY_LAG)),
        new ApplySettings(
            v.get(APPLY_BATCH_SIZE), v.get(APPLY_MAX_BATCH_WAIT), v.get(APPLY_DEAD_LETTER)),
        new KafkaSettings(
            v.get(KAFKA_BOOTSTRAP_SERVERS),
            v.get(KAFKA_TOPIC_PREFIX),
            v.get(KAFKA_PARTITIONS),
            v.get(KAFKA_RETENTION),
            v.get(KAFKA_PROPERTIES)),
        new CaptureSettings(
            v.get(CAPTURE_MODE), v.get(CAPTURE_CONNECT_URL), v.get(CAPTURE_CONNECTOR)),
        new CutoverSettings(
            v.get(CUTOVER_FREEZE),
            v.get(CUTOVER_LAG_THRESHOLD),
            v.get(CUTOVER_TIMEOUT),
            v.get(CUTOVER_FREEZE_HOOK),
            v.get(CUTOVER_UNFREEZE_HOOK),
            v.get(CUTOVER_DONE_HOOK),
            v.get(CUTOVER_APP_ROLES),
            v.get(CUTOVER_FINAL_VALIDATION),
            v.hookEnvironment()),
        new RollbackSettings(v.get(ROLLBACK_REVERSE), v.get(ROLLBACK_DONE_HOOK)),
        new ControlSettings(
            v.get(CONTROL_LISTEN),
            v.get(CONTROL_TOKEN),
            v.get(CONTROL_READ_TOKEN),
            v.get(CONTROL_ALLOWED_HOSTS),
            new ControlSettings.Tls(
                v.get(CONTROL_TLS_CERTIFICATE), v.get(CONTROL_TLS_KEY), v.get(CONTROL_TLS_CA))),
        v.provenance());
  }

  private static Endpoint endpoint(ConfigValues v, EndpointKeys keys) {
    return new Endpoint(
        v.get(keys.url),
        v.get(keys.user),
        v.get(keys.password),
        v.get(keys.schema),
        v.get(keys.properties),
        v.get(keys.poolSize),
        Masking.maskUrl(v.provenance().text(keys.url, v.get(keys.url))),
        v.provenance().text(keys.user, v.get(keys.user)),
        v.provenance().redaction());
  }
}
