-- The shop's queries and how often each runs (relative weights).
-- weight: 100
SELECT id, total FROM orders WHERE tenant_id = $1 AND status = $2 ORDER BY created_at DESC LIMIT 20;
-- weight: 50
SELECT id FROM customers WHERE lower(email) = $1;
-- weight: 20
SELECT id, region FROM customers WHERE email = $1 AND deleted_at IS NULL;
-- weight: 10
SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = 'eu' AND o.created_at > $1;
