-- Council.Workflows store, schema version 1.
-- Cases: one row per case for queries; the history in events is the source of truth.
CREATE TABLE cases (
    id          BLOB    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    council     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    is_open     INTEGER NOT NULL,
    reference   TEXT,
    reference_key TEXT,
    due_at      INTEGER,
    assignee    TEXT,
    assignee_key TEXT,
    priority    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_cases_kind_state ON cases (kind, state);
CREATE INDEX ix_cases_due ON cases (due_at) WHERE due_at IS NOT NULL;
-- *_key columns hold upper-cased text: SQLite's NOCASE folds only ASCII, and names and indexes here are Cyrillic.
CREATE INDEX ix_cases_assignee ON cases (assignee_key) WHERE assignee_key IS NOT NULL;
CREATE INDEX ix_cases_reference ON cases (reference_key);
CREATE INDEX ix_cases_created ON cases (kind, created_at);

-- Keys for finding related cases: an applicant's or a nominee's normalised name, an award granted in a year.
CREATE TABLE case_keys (
    key      TEXT NOT NULL,
    case_id  BLOB NOT NULL,
    PRIMARY KEY (key, case_id)
) WITHOUT ROWID;

-- The append-only history.
CREATE TABLE events (
    case_id      BLOB    NOT NULL,
    version      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    type         TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    by_name      TEXT    NOT NULL,
    by_role      TEXT    NOT NULL,
    reason       TEXT,
    legal_basis  TEXT,
    command_id   BLOB    NOT NULL,
    data         TEXT    NOT NULL,
    PRIMARY KEY (case_id, version)
) WITHOUT ROWID;
CREATE INDEX ix_events_at ON events (at);

-- Pending timers, found by due instant; a case's timers are replaced by every command on it.
CREATE TABLE timers (
    case_id  BLOB    NOT NULL,
    kind     TEXT    NOT NULL,
    due_at   INTEGER NOT NULL,
    state    TEXT    NOT NULL,
    PRIMARY KEY (case_id, kind)
) WITHOUT ROWID;
CREATE INDEX ix_timers_due ON timers (due_at);

-- Processed command ids and their first result.
CREATE TABLE commands (
    id       BLOB    NOT NULL PRIMARY KEY,
    case_id  BLOB    NOT NULL,
    result   TEXT    NOT NULL
) WITHOUT ROWID;

-- Effects that leave the system, delivered at least once.
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            BLOB    NOT NULL UNIQUE,
    case_id       BLOB    NOT NULL,
    kind          TEXT    NOT NULL,
    recipient     TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    delivered_at  INTEGER
);
CREATE INDEX ix_outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;

-- Named sequences, such as registration numbers per council and year.
CREATE TABLE sequences (
    scope  TEXT    NOT NULL PRIMARY KEY,
    value  INTEGER NOT NULL
) WITHOUT ROWID;
