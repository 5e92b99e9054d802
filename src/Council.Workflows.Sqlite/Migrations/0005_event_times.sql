-- Council.Workflows store, schema version 5.
-- Every event records when it was written (recorded_at: the clock, never set by a caller) apart from when the official
-- says the act happened (at). Events written before this version have no recorded_at.
ALTER TABLE events ADD COLUMN recorded_at INTEGER;

-- What the file is: 'mode' = 'working' (a council's record) or 'simulation' (the demo, tests, rehearsals), written once
-- when the file is created (a file from before this version is a working one) and never changed.
CREATE TABLE store_info (
    key    TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
