-- Godwit state store, version 5: the applier pause of a table (POST /api/apply/pause). While set,
-- the applier leaves the table's events in Kafka; it survives a restart of `godwit run`.
ALTER TABLE _godwit.table_state ADD COLUMN apply_paused_at timestamptz NULL;
