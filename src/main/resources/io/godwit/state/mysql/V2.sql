-- Godwit state store, version 2: the definition each target table was created with (columns,
-- types and key), so a later run can tell that the migration file now plans it differently.
ALTER TABLE _godwit.table_state ADD COLUMN definition longtext NULL;
