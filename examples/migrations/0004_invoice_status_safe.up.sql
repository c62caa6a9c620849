-- strata:no-transaction
-- The safe way on a live table: short lock waits, no validation scan under a heavy lock,
-- and an index built without blocking writes.
SET lock_timeout = '2s';
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS due_on date;
ALTER TABLE invoices ADD CONSTRAINT invoices_due_on_check CHECK (due_on > '2020-01-01') NOT VALID;
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_due_on_idx ON invoices (due_on);
