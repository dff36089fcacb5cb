-- Godwit state store, version 6: a re-copy of a table asked for (`godwit resnapshot`, POST
-- /api/tables/{t}/resnapshot). While set, the applier holds the table at its last applied offset;
-- the runner clears it in the transaction that drops the old copy and moves the table to PENDING.
ALTER TABLE _godwit.table_state ADD COLUMN resnapshot_requested_at timestamptz NULL;
