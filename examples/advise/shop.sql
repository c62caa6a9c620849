-- A shop with data: 50,000 customers, 300,000 orders (a tenth soft-deleted), for explain and advise.
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    region text NOT NULL,
    deleted_at timestamptz
);
INSERT INTO customers
SELECT g, 'User' || g || '@Example.com', (ARRAY['eu', 'us', 'apac'])[1 + g % 3], CASE WHEN g % 20 = 0 THEN now() END
FROM generate_series(1, 50000) g;

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers,
    tenant_id integer NOT NULL,
    status text NOT NULL,
    total numeric(12,2) NOT NULL,
    created_at timestamptz NOT NULL,
    deleted_at timestamptz
);
INSERT INTO orders
SELECT g, 1 + g % 50000, g % 200, (ARRAY['open', 'paid', 'void', 'refunded'])[1 + (g / 7) % 4], (g % 500)::numeric,
       timestamptz '2026-01-01' + g * interval '1 minute', CASE WHEN g % 10 = 0 THEN now() END
FROM generate_series(1, 300000) g;
CREATE INDEX orders_total_idx ON orders (total);
