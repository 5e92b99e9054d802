-- Council.Workflows store, schema version 7.
-- A key's cases by creation: the repeat check reads an applicant's newest few appeals, and with only (key, case_id) it
-- read and sorted every case the applicant ever had. The key table is rebuilt with its case's creation time in its
-- primary key (a case's creation time never changes), so the newest few come from the key's own rows in order and no
-- second index is kept up on every insert.
CREATE TABLE case_keys_7 (
    key        TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    case_id    BLOB    NOT NULL,
    PRIMARY KEY (key, created_at, case_id)
) WITHOUT ROWID;
INSERT INTO case_keys_7 (key, created_at, case_id)
    SELECT k.key, coalesce((SELECT c.created_at FROM cases c WHERE c.id = k.case_id), 0), k.case_id FROM case_keys k;
DROP TABLE case_keys;
ALTER TABLE case_keys_7 RENAME TO case_keys;
CREATE INDEX ix_case_keys_case ON case_keys (case_id);
