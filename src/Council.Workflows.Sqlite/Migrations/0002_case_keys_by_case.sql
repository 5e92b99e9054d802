-- Council.Workflows store, schema version 2.
-- A case's keys are replaced on every commit and read with every row; without this index each did a scan of all keys.
CREATE INDEX ix_case_keys_case ON case_keys (case_id);
