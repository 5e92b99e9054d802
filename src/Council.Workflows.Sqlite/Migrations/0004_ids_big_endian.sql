-- Council.Workflows store, schema version 4.
-- Ids (16-byte blobs) were stored in .NET's mixed byte order (Guid.ToByteArray()); from this version they are stored in
-- the UUID's own (big-endian) order: hex(id) reads as the id the program shows, and ids made later (UUID version 7)
-- sort later, so inserts append to the indexes instead of landing on random pages. council_uuid_be rewrites one id
-- (registered by the migrator).
UPDATE cases SET id = council_uuid_be(id);
UPDATE case_keys SET case_id = council_uuid_be(case_id);
UPDATE events SET case_id = council_uuid_be(case_id), command_id = council_uuid_be(command_id);
UPDATE timers SET case_id = council_uuid_be(case_id);
UPDATE commands SET id = council_uuid_be(id), case_id = council_uuid_be(case_id);
UPDATE outbox SET id = council_uuid_be(id), case_id = council_uuid_be(case_id);

-- No query reads events by instant (reports stream each case's history by case), yet every event paid for this index.
DROP INDEX IF EXISTS ix_events_at;
