-- Unsafe on a live table: the same index as 0002's, but invoices is now old and busy.
ALTER TABLE invoices ADD COLUMN status text NOT NULL DEFAULT 'open';
ALTER TABLE invoices ADD CONSTRAINT invoices_status_check CHECK (status IN ('open', 'paid', 'void'));
CREATE INDEX invoices_status_created_at_idx ON invoices (status, created_at);
