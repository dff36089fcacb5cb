CREATE SCHEMA IF NOT EXISTS _godwit;
CREATE TABLE IF NOT EXISTS _godwit.schema_version (
  version    integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);
