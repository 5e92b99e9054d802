-- Council.Workflows store, schema version 10.
-- The report facts: each case that gives them (ICaseData.ReportFacts) has one row here, written in the commit that writes
-- its row, so reports read what they count as it stood at a period's end without replaying histories. The store never
-- reads inside them. The rows written before are filled by the engine's row refresh (the appeal workflow's row version 3);
-- until then a report replays the cases that have none.
CREATE TABLE case_facts (
    case_id  BLOB PRIMARY KEY,
    facts    TEXT NOT NULL
) WITHOUT ROWID;
