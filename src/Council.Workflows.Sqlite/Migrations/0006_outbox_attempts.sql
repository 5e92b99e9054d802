-- Council.Workflows store, schema version 6.
-- Delivery records on the outbox: the failed attempts of a message and the last error. A message that fails the worker's
-- maximum number of times is set aside (failed = 1): no longer pending, so it holds back nothing and is not tried again
-- until `council outbox retry` puts it back (failed = 0, attempts = 0).
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
DROP INDEX IF EXISTS ix_outbox_pending;
CREATE INDEX ix_outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND failed = 0;
CREATE INDEX ix_outbox_failed ON outbox (seq) WHERE delivered_at IS NULL AND failed = 1;
