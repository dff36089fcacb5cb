-- Godwit state store, version 1: the migration, per-table phases, snapshot chunk
-- checkpoints, applied Kafka offsets and the event log.
CREATE TABLE IF NOT EXISTS _godwit.migration (
  name        text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  source      text NOT NULL,
  target      text NOT NULL,
  runner      text,
  runner_since timestamptz
);
CREATE TABLE IF NOT EXISTS _godwit.table_state (
  migration     text NOT NULL REFERENCES _godwit.migration (name) ON DELETE CASCADE,
  source_table  text NOT NULL,
  target_table  text NOT NULL,
  phase         text NOT NULL,
  rows_copied   bigint NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  error         text,
  events_applied bigint NOT NULL DEFAULT 0,
  lag_ms        bigint,
  progress_at   timestamptz NULL,
  copy_started_at timestamptz NULL,
  copied_at     timestamptz NULL,
  added_columns text NULL,
  PRIMARY KEY (migration, source_table)
);
CREATE TABLE IF NOT EXISTS _godwit.chunk (
  migration     text NOT NULL,
  source_table  text NOT NULL,
  chunk_no      integer NOT NULL,
  lower_bound   text,
  upper_bound   text,
  rows_copied   bigint,
  bytes_copied  bigint,
  done_at       timestamptz,
  PRIMARY KEY (migration, source_table, chunk_no)
);
CREATE TABLE IF NOT EXISTS _godwit.applied_offset (
  migration    text NOT NULL,
  topic        text NOT NULL,
  "partition"  integer NOT NULL,
  next_offset  bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (migration, topic, "partition")
);
CREATE TABLE IF NOT EXISTS _godwit.event_log (
  id         bigserial PRIMARY KEY,
  migration  text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  kind       text NOT NULL,
  message    text NOT NULL
);
CREATE INDEX IF NOT EXISTS event_log_migration ON _godwit.event_log (migration, id);
-- Cutover: one row per attempt, one per step of an attempt.
CREATE TABLE IF NOT EXISTS _godwit.cutover (
  migration        text NOT NULL,
  attempt          integer NOT NULL,
  state            text NOT NULL,
  step             text NOT NULL,
  freeze_mode      text NOT NULL,
  frozen           boolean NOT NULL DEFAULT false,
  started_at       timestamptz NOT NULL DEFAULT now(),
  frozen_at        timestamptz,
  finished_at      timestamptz,
  downtime_ms      bigint,
  source_position  text,
  error            text,
  PRIMARY KEY (migration, attempt)
);
CREATE TABLE IF NOT EXISTS _godwit.cutover_step (
  migration    text NOT NULL,
  attempt      integer NOT NULL,
  step         text NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  outcome      text,
  detail       text,
  PRIMARY KEY (migration, attempt, step)
);
-- Lag over the run, sampled every few seconds, for the report.
CREATE TABLE IF NOT EXISTS _godwit.lag_sample (
  migration  text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  lag_ms     bigint NOT NULL,
  PRIMARY KEY (migration, at)
);
-- Validation: one row per table per run.
CREATE TABLE IF NOT EXISTS _godwit.validation (
  id             bigserial PRIMARY KEY,
  migration      text NOT NULL,
  source_table   text NOT NULL,
  finished_at    timestamptz NOT NULL DEFAULT now(),
  source_rows    bigint NOT NULL,
  target_rows    bigint NOT NULL,
  missing        bigint NOT NULL,
  extra          bigint NOT NULL,
  different      bigint NOT NULL,
  changing       bigint NOT NULL,
  repaired       bigint NOT NULL,
  seconds        double precision NOT NULL,
  outcome        text NOT NULL,
  detail         text,
  applied_at_start text
);
CREATE INDEX IF NOT EXISTS validation_migration ON _godwit.validation (migration, source_table, id);
