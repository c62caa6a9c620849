-- The schema the next release needs: a rename, an enum value, an index, a NOT NULL.
CREATE TYPE invoice_status AS ENUM ('draft', 'sent', 'paid');

CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL, -- strata:renamed-from mail
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status invoice_status NOT NULL DEFAULT 'draft',
    total numeric(12,2) NOT NULL
);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
CREATE INDEX invoices_unpaid_idx ON invoices (customer_id) WHERE status <> 'paid';
