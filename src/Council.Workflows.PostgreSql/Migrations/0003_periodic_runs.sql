-- Periodic work done (the worker's daily report of a day): one row per council, job and period (its first day), written in
-- the same transaction as the outbox messages the run queued, so a job runs once per council and period whichever worker
-- leads, after a restart or a change of leader too.
CREATE TABLE periodic_runs (
    council  text COLLATE "C" NOT NULL,
    job      text COLLATE "C" NOT NULL,
    period   date   NOT NULL,
    ran_at   bigint NOT NULL,
    PRIMARY KEY (council, job, period)
);
