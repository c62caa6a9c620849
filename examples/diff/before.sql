-- The schema in production.
CREATE TYPE invoice_status AS ENUM ('draft', 'sent');

CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mail text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status invoice_status NOT NULL DEFAULT 'draft',
    total numeric(12,2) NOT NULL
);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
