-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS invoices_due_on_idx;
ALTER TABLE invoices DROP COLUMN IF EXISTS due_on;
