-- Council.Workflows store, schema version 8.
-- Timers claimed by a worker: a worker claims due timers with a lease (its id, until when), fires them, and the firing
-- commit replaces the case's timers (a fired timer is no longer pending; a new one carries no claim). A claim whose lease
-- has passed (a killed worker) is taken by another. Several workers then never fire the same timer at once.
ALTER TABLE timers ADD COLUMN claimed_by TEXT;
ALTER TABLE timers ADD COLUMN claimed_until INTEGER;
