-- One request of the application, as pgbench runs it (generate.sh): its mistakes on purpose.
\set author random(1, 20)
SELECT id, title FROM posts WHERE author_id = :author;
\set p random(1, 200)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 200)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 200)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 200)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 200)
SELECT id, body FROM comments WHERE post_id = :p;
SELECT * FROM posts WHERE id = :p;
\set product random(1, 10)
UPDATE inventory SET quantity = quantity - 1 WHERE product_id = :product;
INSERT INTO orders (product_id, customer_id, quantity) VALUES (:product, :author, 1);
SELECT code, rate FROM currencies WHERE code = 'EUR';
SELECT code, rate FROM currencies WHERE code = 'EUR';
SELECT code, rate FROM currencies WHERE code = 'EUR';
SELECT code, rate FROM currencies WHERE code = 'EUR';
SELECT code, rate FROM currencies WHERE code = 'EUR';
SELECT id, title, pg_sleep(0.015) FROM posts WHERE id = :p;
SELECT count(*) FROM orders, pg_sleep(0.25);
