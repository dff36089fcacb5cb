-- Godwit state store, version 1: the migration, per-table phases, snapshot chunk
-- checkpoints, applied Kafka offsets and the event log.
CREATE TABLE IF NOT EXISTS _godwit.migration (
  name         varchar(64) NOT NULL PRIMARY KEY,
  created_at   datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  source       text NOT NULL,
  target       text NOT NULL,
  runner       text,
  runner_since datetime(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS _godwit.table_state (
  migration     varchar(64) NOT NULL,
  source_table  varchar(255) NOT NULL,
  target_table  varchar(255) NOT NULL,
  phase         varchar(16) NOT NULL,
  rows_copied   bigint NOT NULL DEFAULT 0,
  updated_at    datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  error         text,
  events_applied bigint NOT NULL DEFAULT 0,
  lag_ms        bigint,
  progress_at   datetime(6) NULL,
  copy_started_at datetime(3) NULL,
  copied_at     datetime(3) NULL,
  added_columns text NULL,
  PRIMARY KEY (migration, source_table),
  CONSTRAINT table_state_migration FOREIGN KEY (migration)
    REFERENCES _godwit.migration (name) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS _godwit.chunk (
  migration     varchar(64) NOT NULL,
  source_table  varchar(255) NOT NULL,
  chunk_no      int NOT NULL,
  lower_bound   longtext,
  upper_bound   longtext,
  rows_copied   bigint,
  bytes_copied  bigint,
  done_at       datetime(6),
  PRIMARY KEY (migration, source_table, chunk_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS _godwit.applied_offset (
  migration     varchar(64) NOT NULL,
  topic         varchar(249) NOT NULL,
  `partition`   int NOT NULL,
  next_offset   bigint NOT NULL,
  updated_at    datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (migration, topic, `partition`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS _godwit.event_log (
  id         bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  migration  varchar(64) NOT NULL,
  at         datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  kind       varchar(32) NOT NULL,
  message    text NOT NULL,
  KEY event_log_migration (migration, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- Cutover: one row per attempt, one per step of an attempt.
CREATE TABLE IF NOT EXISTS _godwit.cutover (
  migration        varchar(64) NOT NULL,
  attempt          int NOT NULL,
  state            varchar(32) NOT NULL,
  step             varchar(32) NOT NULL,
  freeze_mode      varchar(16) NOT NULL,
  frozen           boolean NOT NULL DEFAULT false,
  started_at       datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  frozen_at        datetime(6) NULL,
  finished_at      datetime(6) NULL,
  downtime_ms      bigint,
  source_position  text,
  error            text,
  PRIMARY KEY (migration, attempt)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS _godwit.cutover_step (
  migration    varchar(64) NOT NULL,
  attempt      int NOT NULL,
  step         varchar(32) NOT NULL,
  started_at   datetime(6) NOT NULL,
  finished_at  datetime(6) NULL,
  outcome      varchar(16),
  detail       text,
  PRIMARY KEY (migration, attempt, step)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- Lag over the run, sampled every few seconds, for the report.
CREATE TABLE IF NOT EXISTS _godwit.lag_sample (
  migration  varchar(64) NOT NULL,
  at         datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  lag_ms     bigint NOT NULL,
  PRIMARY KEY (migration, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- Validation: one row per table per run.
CREATE TABLE IF NOT EXISTS _godwit.validation (
  id             bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  migration      varchar(64) NOT NULL,
  source_table   varchar(255) NOT NULL,
  finished_at    datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  source_rows    bigint NOT NULL,
  target_rows    bigint NOT NULL,
  missing        bigint NOT NULL,
  extra          bigint NOT NULL,
  different      bigint NOT NULL,
  changing       bigint NOT NULL,
  repaired       bigint NOT NULL,
  seconds        double NOT NULL,
  outcome        varchar(16) NOT NULL,
  detail         longtext,
  applied_at_start text NULL,
  KEY validation_migration (migration, source_table, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
