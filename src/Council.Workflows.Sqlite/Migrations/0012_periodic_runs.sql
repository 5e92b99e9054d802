-- Council.Workflows store, schema version 12.
-- Periodic work done (the worker's daily report of a day): one row per job and period (its first day, yyyy-mm-dd), written
-- in the same transaction as the outbox messages the run queued, so a job runs once per period, whichever process runs it.
CREATE TABLE periodic_runs (
    job     TEXT    NOT NULL,
    period  TEXT    NOT NULL,
    ran_at  INTEGER NOT NULL,
    PRIMARY KEY (job, period)
) WITHOUT ROWID;
