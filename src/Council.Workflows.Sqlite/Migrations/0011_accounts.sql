-- Council.Workflows store, schema version 11.
-- Accounts instead of claimed roles: the people who sign in, the roles an administrator granted them (each grant and
-- withdrawal recorded), the keys other council systems call the API with (only their hashes), and the access log of who
-- read which record (Law 2297-VI Art. 24). Every event now also names the account that acted, where one did.
ALTER TABLE events ADD COLUMN by_account TEXT;

CREATE TABLE accounts (
    login_key       TEXT    NOT NULL PRIMARY KEY,   -- the login in upper case: unique ignoring case
    login           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    password_hash   TEXT,
    security_stamp  TEXT    NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    created_at      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE account_roles (
    login_key   TEXT NOT NULL,
    role        TEXT NOT NULL,
    PRIMARY KEY (login_key, role)
) WITHOUT ROWID;

CREATE TABLE role_grants (
    seq         INTEGER PRIMARY KEY,
    login_key   TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    granted     INTEGER NOT NULL,
    by_login    TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX ix_role_grants_login ON role_grants (login_key, seq);

CREATE TABLE api_keys (
    id            BLOB    NOT NULL PRIMARY KEY,
    prefix        TEXT    NOT NULL UNIQUE,
    hash          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    revoked_at    INTEGER,
    last_used_at  INTEGER
);

CREATE TABLE access_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    login     TEXT    NOT NULL,
    what      TEXT    NOT NULL,
    case_id   BLOB,
    detail    TEXT
);
CREATE INDEX ix_access_log_at ON access_log (at);
CREATE INDEX ix_access_log_case ON access_log (case_id, at) WHERE case_id IS NOT NULL;
