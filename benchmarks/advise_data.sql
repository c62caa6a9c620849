-- benchmarks/advise.sh's data: 1,000,000 orders, 100,000 customers, 200,000 events (jsonb).
CREATE EXTENSION IF NOT EXISTS hypopg;
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, region text NOT NULL, plan text NOT NULL,
                        created_at timestamptz NOT NULL, deleted_at timestamptz);
INSERT INTO customers SELECT g, 'User' || g || '@Example.com', (ARRAY['eu', 'us', 'apac', 'latam'])[1 + g % 4],
       (ARRAY['free', 'pro', 'team'])[1 + g % 3], timestamptz '2024-01-01' + g * interval '5 minutes',
       CASE WHEN g % 25 = 0 THEN now() END
FROM generate_series(1, 100000) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, tenant_id integer NOT NULL,
                     status text NOT NULL, total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, deleted_at timestamptz);
INSERT INTO orders SELECT g, 1 + (g::bigint * 7919) % 100000, g % 500, (ARRAY['open', 'paid', 'void', 'refunded', 'shipped'])[1 + (g / 3) % 5],
       (g % 1000)::numeric / 3, timestamptz '2024-01-01' + g * interval '30 seconds', CASE WHEN g % 12 = 0 THEN now() END
FROM generate_series(1, 1000000) g;
CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint NOT NULL, kind text NOT NULL, payload jsonb NOT NULL, at timestamptz NOT NULL);
INSERT INTO events SELECT g, 1 + g % 100000, (ARRAY['login', 'click', 'buy', 'refund'])[1 + g % 4],
       jsonb_build_object('source', (ARRAY['web', 'ios', 'android'])[1 + g % 3], 'campaign', 'c' || (g % 300)),
       timestamptz '2025-01-01' + g * interval '10 seconds'
FROM generate_series(1, 200000) g;
ANALYZE;
