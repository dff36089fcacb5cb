-- Godwit state store, version 8: when `godwit finish` removed the migration's replication slots,
-- publications and change topics; a finished migration has nothing left to run or resume.
ALTER TABLE _godwit.migration ADD COLUMN finished_at timestamptz NULL;
