-- The first PostgreSQL schema. Every table is keyed by its council first: one database (one schema) holds many councils,
-- and a store reads and writes only its own council's rows. Instants are stored as 100 ns ticks since the Unix epoch
-- (bigint), as the SQLite store keeps them, so a copied history reads back to the tick. Text that is compared or ordered
-- by code (keys, kinds, scopes) uses the "C" collation: byte order, as SQLite compares and as a key limit's range expects.

CREATE TABLE store_info (
    council  text COLLATE "C" NOT NULL,   -- '' for what belongs to the schema (its mode)
    key      text COLLATE "C" NOT NULL,
    value    text NOT NULL,
    PRIMARY KEY (council, key)
);

CREATE TABLE cases (
    council       text COLLATE "C" NOT NULL,
    id            uuid    NOT NULL,
    kind          text COLLATE "C" NOT NULL,
    state         text COLLATE "C" NOT NULL,
    version       bigint  NOT NULL,
    is_open       boolean NOT NULL,
    reference     text,
    reference_key text COLLATE "C",
    due_at        bigint,
    assignee      text,
    assignee_key  text COLLATE "C",
    priority      integer NOT NULL DEFAULT 0,
    keys          text[]  NOT NULL DEFAULT '{}',
    created_at    bigint  NOT NULL,
    updated_at    bigint  NOT NULL,
    PRIMARY KEY (council, id)
);
CREATE INDEX ix_cases_kind_state ON cases (council, kind, state);
CREATE INDEX ix_cases_due ON cases (council, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX ix_cases_assignee ON cases (council, assignee_key) WHERE assignee_key IS NOT NULL;
CREATE INDEX ix_cases_reference ON cases (council, reference_key);
CREATE INDEX ix_cases_created ON cases (council, kind, created_at, id);

-- A case's keys, for finding related cases and counting against limits (a range of a key prefix).
CREATE TABLE case_keys (
    council     text COLLATE "C" NOT NULL,
    key         text COLLATE "C" NOT NULL,
    created_at  bigint NOT NULL,
    case_id     uuid   NOT NULL,
    PRIMARY KEY (council, key, created_at, case_id)
);
CREATE INDEX ix_case_keys_case ON case_keys (council, case_id);

CREATE TABLE events (
    council      text COLLATE "C" NOT NULL,
    case_id      uuid   NOT NULL,
    version      bigint NOT NULL,
    at           bigint NOT NULL,
    recorded_at  bigint,
    type         text   NOT NULL,
    state        text   NOT NULL,
    by_name      text   NOT NULL,
    by_role      text   NOT NULL,
    by_account   text,
    reason       text,
    legal_basis  text,
    command_id   uuid   NOT NULL,
    data         text   NOT NULL,   -- JSON as written (its "$type" first), read back by the program
    PRIMARY KEY (council, case_id, version)
);

-- Pending timers; a worker's claim is its owner and the lease's end.
CREATE TABLE timers (
    council        text COLLATE "C" NOT NULL,
    case_id        uuid   NOT NULL,
    kind           text COLLATE "C" NOT NULL,
    due_at         bigint NOT NULL,
    state          text   NOT NULL,
    version        bigint NOT NULL DEFAULT 0,
    claimed_by     text COLLATE "C",
    claimed_until  bigint,
    PRIMARY KEY (council, case_id, kind)
);
CREATE INDEX ix_timers_due ON timers (council, due_at, case_id, kind);
CREATE INDEX ix_timers_claimed ON timers (council, claimed_by) WHERE claimed_by IS NOT NULL;

CREATE TABLE commands (
    council  text COLLATE "C" NOT NULL,
    id       uuid NOT NULL,
    case_id  uuid NOT NULL,
    result   text NOT NULL,
    PRIMARY KEY (council, id)
);

CREATE TABLE outbox (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council       text COLLATE "C" NOT NULL,
    id            uuid    NOT NULL,
    case_id       uuid    NOT NULL,
    kind          text    NOT NULL,
    recipient     text    NOT NULL,
    subject       text    NOT NULL,
    body          text    NOT NULL,
    created_at    bigint  NOT NULL,
    delivered_at  timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text,
    failed        boolean NOT NULL DEFAULT false,
    UNIQUE (council, id)
);
CREATE INDEX ix_outbox_pending ON outbox (council, seq) WHERE delivered_at IS NULL AND NOT failed;
CREATE INDEX ix_outbox_failed ON outbox (council, seq) WHERE delivered_at IS NULL AND failed;

-- Named sequences (registration numbers): a number moves on only inside the commit that takes it, so they stay gapless.
CREATE TABLE sequences (
    council  text COLLATE "C" NOT NULL,
    scope    text COLLATE "C" NOT NULL,
    value    bigint NOT NULL,
    PRIMARY KEY (council, scope)
);

-- Search: a case's fields as written, and its indexed words as one tsvector of exact lexemes (field_word), GIN-indexed.
CREATE TABLE search_docs (
    council  text COLLATE "C" NOT NULL,
    case_id  uuid     NOT NULL,
    doc      bigint   GENERATED ALWAYS AS IDENTITY,
    kind     text COLLATE "C" NOT NULL,
    fields   text     NOT NULL,
    words    tsvector NOT NULL,
    PRIMARY KEY (council, case_id)
);
CREATE INDEX ix_search_docs_words ON search_docs USING gin (words);

-- The vocabulary of each field, for criteria that accept more than one word (a prefix, a misspelling).
CREATE TABLE search_terms (
    council  text COLLATE "C" NOT NULL,
    field    text COLLATE "C" NOT NULL,
    term     text COLLATE "C" NOT NULL,
    PRIMARY KEY (council, field, term)
);

CREATE TABLE case_facts (
    council     text COLLATE "C" NOT NULL,
    case_id     uuid   NOT NULL,
    kind        text COLLATE "C" NOT NULL,
    created_at  bigint NOT NULL,
    state       text   NOT NULL,
    facts       text   NOT NULL,
    PRIMARY KEY (council, case_id)
);
CREATE INDEX ix_case_facts_created ON case_facts (council, kind, created_at, case_id);

CREATE TABLE accounts (
    council         text COLLATE "C" NOT NULL,
    login_key       text COLLATE "C" NOT NULL,   -- the login in upper case: unique ignoring case
    login           text    NOT NULL,
    name            text    NOT NULL,
    password_hash   text,
    security_stamp  text    NOT NULL,
    disabled        boolean NOT NULL DEFAULT false,
    failed_sign_ins integer NOT NULL DEFAULT 0,
    locked_until    bigint,
    created_at      bigint  NOT NULL,
    PRIMARY KEY (council, login_key)
);

CREATE TABLE account_roles (
    council     text COLLATE "C" NOT NULL,
    login_key   text COLLATE "C" NOT NULL,
    role        text COLLATE "C" NOT NULL,
    PRIMARY KEY (council, login_key, role)
);

CREATE TABLE role_grants (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council     text COLLATE "C" NOT NULL,
    login_key   text COLLATE "C" NOT NULL,
    role        text    NOT NULL,
    granted     boolean NOT NULL,
    by_login    text    NOT NULL,
    at          bigint  NOT NULL
);
CREATE INDEX ix_role_grants_login ON role_grants (council, login_key, seq);

CREATE TABLE api_keys (
    council       text COLLATE "C" NOT NULL,
    id            uuid   NOT NULL,
    prefix        text COLLATE "C" NOT NULL,
    hash          text   NOT NULL,
    name          text   NOT NULL,
    roles         text   NOT NULL,
    created_at    bigint NOT NULL,
    created_by    text   NOT NULL,
    revoked_at    bigint,
    last_used_at  bigint,
    PRIMARY KEY (council, id),
    UNIQUE (council, prefix)
);

CREATE TABLE access_log (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    council   text COLLATE "C" NOT NULL,
    at        bigint NOT NULL,
    login     text   NOT NULL,
    what      text   NOT NULL,
    case_id   uuid,
    detail    text
);
CREATE INDEX ix_access_log_at ON access_log (council, at);
CREATE INDEX ix_access_log_case ON access_log (council, case_id, at) WHERE case_id IS NOT NULL;
