-- Godwit state store, version 6: a re-copy of a table asked for (`godwit resnapshot`, POST
-- /api/tables/{t}/resnapshot). While set, the applier holds the table at its last applied offset;
-- the runner clears it in the transaction that moves the table back to PENDING.
ALTER TABLE _godwit.table_state ADD COLUMN resnapshot_requested_at datetime(6) NULL;
