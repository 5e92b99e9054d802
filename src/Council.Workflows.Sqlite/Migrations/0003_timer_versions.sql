-- Council.Workflows store, schema version 3.
-- The case version that scheduled a timer, part of its firing command's id (0 for timers stored before).
ALTER TABLE timers ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
