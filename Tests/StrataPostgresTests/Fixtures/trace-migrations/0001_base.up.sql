CREATE TABLE parent (id bigint PRIMARY KEY, name varchar(20) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint, amount integer, note varchar(10), price numeric(8,2));
CREATE INDEX child_amount_idx ON child (amount);
INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 50) g;
INSERT INTO child SELECT g, 1 + g % 50, g, 'n', g FROM generate_series(1, 500) g;
