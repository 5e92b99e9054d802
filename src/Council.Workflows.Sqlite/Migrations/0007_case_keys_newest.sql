-- Council.Workflows store, schema version 7.
-- A key's cases by creation: the repeat check reads an applicant's newest few appeals, and without the creation time
-- beside the key it read and sorted every case the applicant ever had. A case's creation time never changes.
ALTER TABLE case_keys ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
UPDATE case_keys SET created_at = (SELECT c.created_at FROM cases c WHERE c.id = case_keys.case_id);
CREATE INDEX ix_case_keys_newest ON case_keys (key, created_at);
