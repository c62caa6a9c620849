-- benchmarks/advise.sh's workload: literal values, so that real runtimes can be measured.
-- weight: 200
SELECT id, total FROM orders WHERE tenant_id = 42 AND status = 'open' ORDER BY created_at DESC LIMIT 20;
-- weight: 150
SELECT id FROM customers WHERE lower(email) = 'user4242@example.com';
-- weight: 100
SELECT count(*) FROM orders WHERE customer_id = 777 AND deleted_at IS NULL;
-- weight: 80
SELECT id, email FROM customers WHERE region = 'eu' AND plan = 'team' AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 50;
-- weight: 60
SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = 'User99@Example.com';
-- weight: 50
SELECT id FROM events WHERE payload @> '{"campaign": "c17"}';
-- weight: 40
SELECT kind, count(*) FROM events WHERE customer_id = 4242 GROUP BY kind;
-- weight: 30
SELECT id, total FROM orders WHERE created_at BETWEEN '2024-03-01' AND '2024-03-02' ORDER BY created_at;
-- weight: 20
SELECT id FROM orders WHERE status = 'refunded' AND total > 300 AND tenant_id = 7;
-- weight: 10
SELECT sum(total) FROM orders WHERE tenant_id = 13 AND created_at >= '2024-06-01' AND created_at < '2024-07-01';
-- weight: 10
SELECT id FROM customers WHERE email LIKE 'User12345%';
-- weight: 5
SELECT count(*) FROM orders;
