DROP INDEX invoices_status_created_at_idx;
ALTER TABLE invoices DROP COLUMN status;
