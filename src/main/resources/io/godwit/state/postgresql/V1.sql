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
