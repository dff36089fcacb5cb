-- Godwit state store, version 7: R0, the target's change position from which the reverse stream
-- (target to old source, for a rollback) starts; taken at the cutover's done step, after the last
-- forward change was applied and before the application's first write on the target.
ALTER TABLE _godwit.cutover ADD COLUMN reverse_position text NULL;
