-- Godwit state store, version 4: the runner epoch, moved on by every runner that takes the
-- migration's lock; each transaction that writes the target proves it still holds the newest one.
ALTER TABLE _godwit.migration ADD COLUMN runner_epoch bigint NOT NULL DEFAULT 0;
