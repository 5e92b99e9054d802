-- Council.Workflows store, schema version 10.
-- The report facts: each case that gives them (ICaseData.ReportFacts) has one row here, written in the commit that writes
-- its row, so reports read what they count as it stood at a period's end without replaying histories. The store never
-- reads inside them. The rows are clustered by kind and creation time, as reports ask for them (a year's appeals are one
-- contiguous range), and carry the case's council and state so that range is all a report reads. The rows written before
-- are filled by the engine's row refresh (the workflows' row versions); until then a report replays the cases that have none.
CREATE TABLE case_facts (
    kind        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    case_id     BLOB    NOT NULL,
    council     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    facts       TEXT    NOT NULL,
    PRIMARY KEY (kind, created_at, case_id)
) WITHOUT ROWID;
