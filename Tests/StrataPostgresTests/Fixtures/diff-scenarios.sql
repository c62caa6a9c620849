-- Scenarios for `strata diff`: each is a (from, to) pair that DiffScenarioTests plans in both
-- directions and proves on a real server. Sections: `-- scenario: name`, `-- options:`
-- (allow-data-loss, offline, refused-without-permission), `-- from:`, `-- to:`, `-- seed:` (rows
-- put in the source), `-- check: SELECT ... => value after the up [=> after the down, or - not to check]`,
-- `-- up contains: text`. Written from PostgreSQL's documentation of each object kind and from
-- what other diff tools get wrong (renames dropped and re-added, dependent views, enum values,
-- online index and constraint builds).

-- ===== Tables =====

-- scenario: create a table
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY, name text NOT NULL);

-- scenario: drop a table is refused without permission
-- options: allow-data-loss refused-without-permission
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);

-- scenario: create an unlogged table
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE UNLOGGED TABLE cache (key text PRIMARY KEY, value text);

-- scenario: make a table unlogged
-- from:
CREATE TABLE cache (key text PRIMARY KEY, value text);
-- to:
CREATE UNLOGGED TABLE cache (key text PRIMARY KEY, value text);
-- seed:
INSERT INTO cache VALUES ('k', 'v');
-- check: SELECT value FROM cache WHERE key = 'k' => v
-- up contains: SET UNLOGGED

-- scenario: create a table in a new schema
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);

-- scenario: drop a schema with its table
-- options: allow-data-loss
-- from:
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY);
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);

-- scenario: create a partitioned table with partitions
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');

-- scenario: add a partition
-- from:
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- to:
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
-- seed:
INSERT INTO events VALUES (1, '2026-05-01');
-- check: SELECT count(*) FROM events => 1

-- scenario: drop a partition
-- options: allow-data-loss
-- from:
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
-- to:
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- scenario: create a list-partitioned table with a default partition
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_other PARTITION OF orders DEFAULT;

-- scenario: create an inheriting table
-- from:
CREATE TABLE base (id bigint PRIMARY KEY, at timestamptz);
-- to:
CREATE TABLE base (id bigint PRIMARY KEY, at timestamptz);
CREATE TABLE child (note text) INHERITS (base);

-- scenario: drop several tables that reference each other
-- options: allow-data-loss
-- from:
CREATE TABLE a (id bigint PRIMARY KEY, b_id bigint);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a (id));
ALTER TABLE a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id);
CREATE TABLE keep (id bigint PRIMARY KEY);
-- to:
CREATE TABLE keep (id bigint PRIMARY KEY);

-- scenario: create two tables that reference each other
-- from:
CREATE TABLE keep (id bigint PRIMARY KEY);
-- to:
CREATE TABLE keep (id bigint PRIMARY KEY);
CREATE TABLE a (id bigint PRIMARY KEY, b_id bigint);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a (id));
ALTER TABLE a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id);

-- ===== Columns =====

-- scenario: add a nullable column
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, note text);
-- seed:
INSERT INTO t VALUES (1);
-- check: SELECT count(*) FROM t => 1

-- scenario: add a column with a constant default
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, active boolean NOT NULL DEFAULT true);
-- seed:
INSERT INTO t VALUES (1);
-- check: SELECT active FROM t WHERE id = 1 => true => -

-- scenario: add a timestamp column defaulting to now
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());

-- scenario: add an array column
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, tags text[] NOT NULL DEFAULT '{}');

-- scenario: add an identity column to a new table and a jsonb column to an old one
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, data jsonb);
CREATE TABLE u (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);

-- scenario: drop a column is refused without permission
-- options: allow-data-loss refused-without-permission
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, legacy text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
-- seed:
INSERT INTO t VALUES (1, 'x');
-- check: SELECT count(*) FROM t => 1

-- scenario: widen a varchar without a rewrite
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, name varchar(50));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name varchar(200));
-- seed:
INSERT INTO t VALUES (1, 'Ada');
-- check: SELECT name FROM t => Ada
-- up contains: no row is rewritten

-- scenario: varchar to text
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, name varchar(50));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
-- seed:
INSERT INTO t VALUES (1, 'Ada');
-- check: SELECT name FROM t => Ada

-- scenario: integer to bigint keeps values
-- from:
CREATE TABLE t (id integer PRIMARY KEY, qty integer NOT NULL);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty bigint NOT NULL);
-- seed:
INSERT INTO t VALUES (1, 2147483647);
-- check: SELECT qty FROM t => 2147483647
-- up contains: rewrites the table

-- scenario: smallint to integer
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n smallint);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
-- seed:
INSERT INTO t VALUES (1, 7);
-- check: SELECT n FROM t => 7

-- scenario: narrowing bigint to integer is refused without permission
-- options: allow-data-loss refused-without-permission
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n bigint);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
-- seed:
INSERT INTO t VALUES (1, 5);
-- check: SELECT n FROM t => 5

-- scenario: numeric precision grows in place
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, amount numeric(10,2));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, amount numeric(14,2));
-- seed:
INSERT INTO t VALUES (1, 12.34);
-- check: SELECT amount FROM t => 12.34

-- scenario: text to integer with a cast
-- options: allow-data-loss refused-without-permission
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, code integer);
-- seed:
INSERT INTO t VALUES (1, '42');
-- check: SELECT code FROM t => 42

-- scenario: timestamp to timestamptz
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz);
-- up contains: TimeZone

-- scenario: json to jsonb
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, doc json);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, doc jsonb);
-- seed:
INSERT INTO t VALUES (1, '{"a": 1}');
-- check: SELECT doc->>'a' FROM t => 1

-- scenario: set a default
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, status text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, status text DEFAULT 'new');

-- scenario: drop a default
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, status text DEFAULT 'new');
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, status text);

-- scenario: change a default
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, retries integer NOT NULL DEFAULT 3);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, retries integer NOT NULL DEFAULT 5);

-- scenario: set not null through a validated check
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text NOT NULL);
-- seed:
INSERT INTO t VALUES (1, 'a@example.com');
-- check: SELECT email FROM t => a@example.com
-- up contains: CHECK (email IS NOT NULL) NOT VALID
-- up contains: VALIDATE CONSTRAINT

-- scenario: set not null offline
-- options: offline
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text NOT NULL);
-- up contains: SET NOT NULL

-- scenario: drop not null
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text NOT NULL);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text);

-- scenario: serial column becomes an identity and keeps counting
-- from:
CREATE TABLE t (id serial PRIMARY KEY, name text);
-- to:
CREATE TABLE t (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text);
-- seed:
INSERT INTO t (name) VALUES ('a'), ('b');
-- check: SELECT max(id) FROM t => 2

-- scenario: drop an identity
-- from:
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name text);

-- scenario: identity always to by default
-- from:
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);

-- scenario: add a generated column
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, price numeric(10,2), qty integer);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, price numeric(10,2), qty integer, total numeric GENERATED ALWAYS AS (price * qty) STORED);
-- seed:
INSERT INTO t VALUES (1, 2.50, 4);
-- check: SELECT total FROM t => 10.00 => -

-- scenario: change a generated expression
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, b integer, s integer GENERATED ALWAYS AS (a + b) STORED);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, b integer, s integer GENERATED ALWAYS AS (a * b) STORED);
-- seed:
INSERT INTO t (id, a, b) VALUES (1, 2, 3);
-- check: SELECT s FROM t => 6 => 5

-- scenario: a generated column becomes plain
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, d integer GENERATED ALWAYS AS (a * 2) STORED);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, d integer);
-- up contains: DROP EXPRESSION

-- scenario: change a column's collation
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name text COLLATE "C");
-- seed:
INSERT INTO t VALUES (1, 'x');
-- check: SELECT name FROM t => x

-- scenario: add a NOT NULL column with a default to a table with rows
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, plan text NOT NULL DEFAULT 'free');
-- seed:
INSERT INTO t VALUES (1), (2);
-- check: SELECT count(*) FROM t WHERE plan = 'free' => 2 => -

-- scenario: add several columns at once
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, a text, b integer DEFAULT 0, c date, d numeric(8,3), e uuid DEFAULT gen_random_uuid());

-- scenario: change a type and its default together
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n integer DEFAULT 1);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, n bigint DEFAULT 10);

-- scenario: char to varchar
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, code char(3));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, code varchar(3));
-- seed:
INSERT INTO t VALUES (1, 'abc');
-- check: SELECT code FROM t => abc

-- scenario: real to double precision
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, x real);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, x double precision);

-- scenario: integer to numeric
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, x integer);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, x numeric(12,2));
-- seed:
INSERT INTO t VALUES (1, 5);
-- check: SELECT x FROM t => 5.00 => 5

-- ===== Constraints =====

-- scenario: add a primary key to a table with rows, online
-- from:
CREATE TABLE t (id bigint NOT NULL, name text);
-- to:
CREATE TABLE t (id bigint NOT NULL, name text, CONSTRAINT t_pkey PRIMARY KEY (id));
-- seed:
INSERT INTO t VALUES (1, 'a'), (2, 'b');
-- check: SELECT count(*) FROM t => 2
-- up contains: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_pkey
-- up contains: PRIMARY KEY USING INDEX t_pkey

-- scenario: add a primary key offline
-- options: offline
-- from:
CREATE TABLE t (id bigint NOT NULL);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: drop a primary key
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint NOT NULL);

-- scenario: change a primary key's columns
-- from:
CREATE TABLE t (a bigint NOT NULL, b bigint NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a));
-- to:
CREATE TABLE t (a bigint NOT NULL, b bigint NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a, b));
-- seed:
INSERT INTO t VALUES (1, 1), (2, 1);
-- check: SELECT count(*) FROM t => 2

-- scenario: change a primary key that foreign keys reference
-- from:
CREATE TABLE p (id bigint NOT NULL, code text NOT NULL, CONSTRAINT p_pkey PRIMARY KEY (id));
CREATE TABLE c (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id));
-- to:
CREATE TABLE p (id bigint NOT NULL, code text NOT NULL, CONSTRAINT p_pkey PRIMARY KEY (id) INCLUDE (code));
CREATE TABLE c (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id));
-- seed:
INSERT INTO p VALUES (1, 'x');
INSERT INTO c VALUES (1, 1);
-- check: SELECT count(*) FROM c => 1

-- scenario: add a unique constraint online
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text, CONSTRAINT t_email_key UNIQUE (email));
-- seed:
INSERT INTO t VALUES (1, 'a'), (2, 'b');
-- up contains: UNIQUE USING INDEX

-- scenario: drop a unique constraint
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text UNIQUE);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text);

-- scenario: unique nulls not distinct
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text, CONSTRAINT t_email_key UNIQUE NULLS NOT DISTINCT (email));

-- scenario: a deferrable unique constraint
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, position integer);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, position integer, CONSTRAINT t_position_key UNIQUE (position) DEFERRABLE INITIALLY DEFERRED);

-- scenario: a multi-column unique constraint with include
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, b integer, c text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, b integer, c text, CONSTRAINT t_a_b_key UNIQUE (a, b) INCLUDE (c));

-- scenario: add a check online
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer, CONSTRAINT t_qty_check CHECK (qty >= 0));
-- seed:
INSERT INTO t VALUES (1, 3);
-- up contains: NOT VALID
-- up contains: VALIDATE CONSTRAINT t_qty_check

-- scenario: add a check offline
-- options: offline
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer CHECK (qty >= 0));

-- scenario: drop a check
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer CHECK (qty >= 0));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer);

-- scenario: change a check's expression
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer, CONSTRAINT t_qty_check CHECK (qty >= 0));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer, CONSTRAINT t_qty_check CHECK (qty >= 0 AND qty < 1000));

-- scenario: a check that stays not valid
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer);
ALTER TABLE t ADD CONSTRAINT t_qty_check CHECK (qty > 0) NOT VALID;

-- scenario: validate a not valid check
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer);
ALTER TABLE t ADD CONSTRAINT t_qty_check CHECK (qty > 0) NOT VALID;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer, CONSTRAINT t_qty_check CHECK (qty > 0));

-- scenario: a check with IN list
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, status text NOT NULL);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, status text NOT NULL, CONSTRAINT t_status_check CHECK (status IN ('new', 'paid', 'shipped')));

-- scenario: add a foreign key online
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- to:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
-- seed:
INSERT INTO users VALUES (1);
INSERT INTO orders VALUES (1, 1);
-- up contains: NOT VALID
-- up contains: VALIDATE CONSTRAINT orders_user_id_fkey

-- scenario: add a foreign key offline
-- options: offline
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- to:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));

-- scenario: drop a foreign key
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
-- to:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);

-- scenario: change a foreign key's delete action
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
-- to:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id) ON DELETE CASCADE);

-- scenario: a deferrable foreign key with on update
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- to:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED);

-- scenario: a composite foreign key with match full
-- from:
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id bigint PRIMARY KEY, a integer, b integer);
-- to:
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id bigint PRIMARY KEY, a integer, b integer, CONSTRAINT c_a_b_fkey FOREIGN KEY (a, b) REFERENCES p (a, b) MATCH FULL);

-- scenario: a self-referencing foreign key
-- from:
CREATE TABLE nodes (id bigint PRIMARY KEY, parent_id bigint);
-- to:
CREATE TABLE nodes (id bigint PRIMARY KEY, parent_id bigint REFERENCES nodes (id));

-- scenario: a foreign key to a new table
-- from:
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);
-- to:
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));

-- scenario: a foreign key to a new unique key
-- from:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE invites (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE invites (id bigint PRIMARY KEY, email text REFERENCES users (email));

-- scenario: validate a not valid foreign key
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- to:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));

-- scenario: add an exclusion constraint
-- from:
CREATE TABLE bookings (id bigint PRIMARY KEY, during tstzrange NOT NULL);
-- to:
CREATE TABLE bookings (id bigint PRIMARY KEY, during tstzrange NOT NULL, CONSTRAINT bookings_during_excl EXCLUDE USING gist (during WITH &&));

-- scenario: drop an exclusion constraint
-- from:
CREATE TABLE bookings (id bigint PRIMARY KEY, during tstzrange NOT NULL, CONSTRAINT bookings_during_excl EXCLUDE USING gist (during WITH &&));
-- to:
CREATE TABLE bookings (id bigint PRIMARY KEY, during tstzrange NOT NULL);

-- scenario: a constraint renamed keeps its index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text, CONSTRAINT old_email_key UNIQUE (email));
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text, CONSTRAINT t_email_key UNIQUE (email));
-- up contains: RENAME CONSTRAINT old_email_key TO t_email_key

-- ===== Indexes =====

-- scenario: create an index concurrently
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
CREATE INDEX t_email_idx ON t (email);
-- up contains: CREATE INDEX CONCURRENTLY IF NOT EXISTS t_email_idx

-- scenario: create an index offline
-- options: offline
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
CREATE INDEX t_email_idx ON t (email);

-- scenario: drop an index concurrently
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
CREATE INDEX t_email_idx ON t (email);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- up contains: DROP INDEX CONCURRENTLY

-- scenario: a partial index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, deleted_at timestamptz, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, deleted_at timestamptz, email text);
CREATE UNIQUE INDEX t_email_live_idx ON t (email) WHERE deleted_at IS NULL;

-- scenario: change a partial index's predicate
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, status text);
CREATE INDEX t_open_idx ON t (id) WHERE status = 'open';
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, status text);
CREATE INDEX t_open_idx ON t (id) WHERE status IN ('open', 'pending');

-- scenario: an expression index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, email text);
CREATE UNIQUE INDEX t_lower_email_idx ON t (lower(email));

-- scenario: an index with include columns
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, user_id bigint, total numeric);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, user_id bigint, total numeric);
CREATE INDEX t_user_id_idx ON t (user_id) INCLUDE (total);

-- scenario: a gin index on jsonb
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, doc jsonb);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, doc jsonb);
CREATE INDEX t_doc_idx ON t USING gin (doc jsonb_path_ops);

-- scenario: a brin index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz);
CREATE INDEX t_at_idx ON t USING brin (at);

-- scenario: a hash index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, token text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, token text);
CREATE INDEX t_token_idx ON t USING hash (token);

-- scenario: a descending index with nulls first
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz);
CREATE INDEX t_at_idx ON t (at DESC NULLS LAST, id);

-- scenario: an index with an operator class
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name text_pattern_ops);

-- scenario: an index with a collation
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name COLLATE "C");

-- scenario: a unique index becomes plain
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
CREATE UNIQUE INDEX t_code_idx ON t (code);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
CREATE INDEX t_code_idx ON t (code);

-- scenario: an index renamed
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
CREATE INDEX old_code_idx ON t (code);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
CREATE INDEX t_code_idx ON t (code);
-- up contains: ALTER INDEX public.old_code_idx RENAME TO t_code_idx

-- scenario: an index on a new table is built plainly
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint REFERENCES a (id));
CREATE INDEX b_a_id_idx ON b (a_id);

-- scenario: an index on a partitioned table
-- from:
CREATE TABLE m (id bigint NOT NULL, at date NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- to:
CREATE TABLE m (id bigint NOT NULL, at date NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX m_v_idx ON m (v);

-- scenario: an index comment
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
CREATE INDEX t_code_idx ON t (code);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
CREATE INDEX t_code_idx ON t (code);
COMMENT ON INDEX t_code_idx IS 'lookups by code';

-- ===== Enums =====

-- scenario: create an enum and a column using it
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id bigint PRIMARY KEY, mood mood);

-- scenario: add an enum value at the end
-- from:
CREATE TYPE status AS ENUM ('new', 'paid');
CREATE TABLE t (id bigint PRIMARY KEY, status status NOT NULL DEFAULT 'new');
-- to:
CREATE TYPE status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE t (id bigint PRIMARY KEY, status status NOT NULL DEFAULT 'new');
-- seed:
INSERT INTO t VALUES (1, 'paid');
-- check: SELECT status FROM t => paid
-- up contains: ADD VALUE IF NOT EXISTS 'shipped' AFTER 'paid'

-- scenario: add an enum value before another
-- from:
CREATE TYPE status AS ENUM ('new', 'shipped');
-- to:
CREATE TYPE status AS ENUM ('new', 'paid', 'shipped');
-- up contains: ADD VALUE IF NOT EXISTS 'paid' BEFORE 'shipped'

-- scenario: add several enum values in place
-- from:
CREATE TYPE size AS ENUM ('m');
-- to:
CREATE TYPE size AS ENUM ('xs', 's', 'm', 'l', 'xl');

-- scenario: remove an enum value rebuilds the type and keeps the rows
-- options: allow-data-loss refused-without-permission
-- from:
CREATE TYPE status AS ENUM ('new', 'legacy', 'paid');
CREATE TABLE t (id bigint PRIMARY KEY, status status NOT NULL DEFAULT 'new');
-- to:
CREATE TYPE status AS ENUM ('new', 'paid');
CREATE TABLE t (id bigint PRIMARY KEY, status status NOT NULL DEFAULT 'new');
-- seed:
INSERT INTO t VALUES (1, 'paid'), (2, 'new');
-- check: SELECT string_agg(status::text, ',' ORDER BY id) FROM t => paid,new

-- scenario: reorder enum values
-- from:
CREATE TYPE priority AS ENUM ('high', 'low', 'medium');
CREATE TABLE t (id bigint PRIMARY KEY, p priority);
-- to:
CREATE TYPE priority AS ENUM ('low', 'medium', 'high');
CREATE TABLE t (id bigint PRIMARY KEY, p priority);
-- seed:
INSERT INTO t VALUES (1, 'medium');
-- check: SELECT p FROM t => medium

-- scenario: rebuild an enum used by an index and a view
-- options: allow-data-loss
-- from:
CREATE TYPE status AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id bigint PRIMARY KEY, s status);
CREATE INDEX t_s_idx ON t (s);
CREATE VIEW t_bs AS SELECT id FROM t WHERE s = 'b';
-- to:
CREATE TYPE status AS ENUM ('b', 'a');
CREATE TABLE t (id bigint PRIMARY KEY, s status);
CREATE INDEX t_s_idx ON t (s);
CREATE VIEW t_bs AS SELECT id FROM t WHERE s = 'b';
-- seed:
INSERT INTO t VALUES (1, 'b');
-- check: SELECT count(*) FROM t_bs => 1

-- scenario: drop an enum no column uses
-- from:
CREATE TYPE old_kind AS ENUM ('x');
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: an enum in another schema
-- from:
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id bigint PRIMARY KEY);
-- to:
CREATE SCHEMA shop;
CREATE TYPE shop.state AS ENUM ('open', 'closed');
CREATE TABLE shop.orders (id bigint PRIMARY KEY, state shop.state NOT NULL DEFAULT 'open');

-- scenario: an enum comment
-- from:
CREATE TYPE status AS ENUM ('new');
-- to:
CREATE TYPE status AS ENUM ('new');
COMMENT ON TYPE status IS 'order lifecycle';

-- scenario: a column changes from text to an enum
-- options: allow-data-loss
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, status text);
-- to:
CREATE TYPE status AS ENUM ('new', 'paid');
CREATE TABLE t (id bigint PRIMARY KEY, status status);
-- seed:
INSERT INTO t VALUES (1, 'paid');
-- check: SELECT status FROM t => paid

-- ===== Domains =====

-- scenario: create a domain and use it
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE DOMAIN email AS text CHECK (VALUE ~ '@');
CREATE TABLE t (id bigint PRIMARY KEY, contact email);

-- scenario: drop a domain
-- from:
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: add a check to a domain
-- from:
CREATE DOMAIN code AS text;
-- to:
CREATE DOMAIN code AS text CONSTRAINT code_check CHECK (length(VALUE) = 3);

-- scenario: drop a domain's check
-- from:
CREATE DOMAIN code AS text CONSTRAINT code_check CHECK (length(VALUE) = 3);
-- to:
CREATE DOMAIN code AS text;

-- scenario: set a domain default
-- from:
CREATE DOMAIN counter AS integer;
-- to:
CREATE DOMAIN counter AS integer DEFAULT 0;

-- scenario: drop a domain default
-- from:
CREATE DOMAIN counter AS integer DEFAULT 0;
-- to:
CREATE DOMAIN counter AS integer;

-- scenario: a domain becomes not null
-- from:
CREATE DOMAIN name_text AS text;
-- to:
CREATE DOMAIN name_text AS text NOT NULL;

-- ===== Sequences =====

-- scenario: create a sequence
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE SEQUENCE invoice_numbers;

-- scenario: drop a sequence
-- from:
CREATE SEQUENCE invoice_numbers;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: a sequence as integer
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE SEQUENCE small_numbers AS integer;

-- scenario: change a sequence's type
-- from:
CREATE SEQUENCE numbers AS integer;
-- to:
CREATE SEQUENCE numbers AS bigint;

-- scenario: a sequence used as a column default
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE SEQUENCE ticket_numbers;
CREATE TABLE t (id bigint PRIMARY KEY, number bigint NOT NULL DEFAULT nextval('ticket_numbers'));

-- scenario: add a serial column to a new table
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id serial PRIMARY KEY, name text);

-- scenario: a sequence owned by a column
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n bigint);
CREATE SEQUENCE t_n_seq;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, n bigint);
CREATE SEQUENCE t_n_seq OWNED BY t.n;

-- ===== Views =====

-- scenario: create a view
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
CREATE VIEW big_totals AS SELECT id, total FROM t WHERE total > 100;

-- scenario: drop a view
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE VIEW v AS SELECT id FROM t;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: change a view's query
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
CREATE VIEW big_totals AS SELECT id FROM t WHERE total > 100;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
CREATE VIEW big_totals AS SELECT id, total FROM t WHERE total > 1000;

-- scenario: a column type change under a view rebuilds the view
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, amount integer);
CREATE VIEW amounts AS SELECT id, amount FROM t;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, amount bigint);
CREATE VIEW amounts AS SELECT id, amount FROM t;
-- seed:
INSERT INTO t VALUES (1, 7);
-- check: SELECT amount FROM amounts => 7

-- scenario: a type change under a chain of views
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, amount integer);
CREATE VIEW v1 AS SELECT id, amount FROM t;
CREATE VIEW v2 AS SELECT id, amount * 2 AS doubled FROM v1;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, amount numeric(12,2));
CREATE VIEW v1 AS SELECT id, amount FROM t;
CREATE VIEW v2 AS SELECT id, amount * 2 AS doubled FROM v1;

-- scenario: dropping a column a view used rebuilds the view
-- options: allow-data-loss
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, a integer, b integer);
CREATE VIEW v AS SELECT id, a, b FROM t;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, a integer);
CREATE VIEW v AS SELECT id, a FROM t;

-- scenario: create a materialized view
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n, sum(total) AS total FROM t;

-- scenario: change a materialized view and keep its index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
CREATE MATERIALIZED VIEW totals AS SELECT id, total FROM t;
CREATE UNIQUE INDEX totals_id_idx ON totals (id);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
CREATE MATERIALIZED VIEW totals AS SELECT id, total * 2 AS total FROM t;
CREATE UNIQUE INDEX totals_id_idx ON totals (id);

-- scenario: a view comment
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE VIEW v AS SELECT id FROM t;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE VIEW v AS SELECT id FROM t;
COMMENT ON VIEW v IS 'every id';

-- scenario: a view in another schema over a public table
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE SCHEMA reporting;
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE VIEW reporting.ids AS SELECT id FROM public.t;

-- scenario: a view over a new table and a new function
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE TABLE b (id bigint PRIMARY KEY, price numeric);
CREATE FUNCTION with_tax(numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * 1.2 $$;
CREATE VIEW b_prices AS SELECT id, with_tax(price) AS gross FROM b;

-- scenario: a view keeps its comment when rebuilt
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
COMMENT ON VIEW v IS 'numbers';
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, n bigint);
CREATE VIEW v AS SELECT id, n FROM t;
COMMENT ON VIEW v IS 'numbers';

-- ===== Functions and procedures =====

-- scenario: create a sql function
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 1 $$;

-- scenario: create a plpgsql function
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE FUNCTION count_t() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT count(*) FROM t); END $$;

-- scenario: change a function's body
-- from:
CREATE FUNCTION greet(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'hi ' || $1 $$;
-- to:
CREATE FUNCTION greet(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'hello ' || $1 $$;
-- check: SELECT greet('ada') => hello ada => hi ada

-- scenario: change a function's volatility
-- from:
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS $$ SELECT 42 $$;
-- to:
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 42 $$;

-- scenario: change a function's return type
-- from:
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 42 $$;
-- to:
CREATE FUNCTION answer() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 42::bigint $$;

-- scenario: drop a function
-- from:
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 42 $$;
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: create a procedure
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE PROCEDURE purge() LANGUAGE sql AS $$ DELETE FROM t $$;

-- scenario: drop a procedure
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE PROCEDURE purge() LANGUAGE sql AS $$ DELETE FROM t $$;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: a function used in a column default
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE FUNCTION new_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;
CREATE TABLE t (id bigint PRIMARY KEY, code text DEFAULT new_code());

-- scenario: a function used in a check
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, code text);
-- to:
CREATE FUNCTION is_code(text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1 ~ '^[A-Z]{3}$' $$;
CREATE TABLE t (id bigint PRIMARY KEY, code text, CONSTRAINT t_code_check CHECK (is_code(code)));

-- scenario: an overloaded function
-- from:
CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * 2 $$;
-- to:
CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * 2 $$;
CREATE FUNCTION twice(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 || $1 $$;

-- scenario: a function comment
-- from:
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 42 $$;
-- to:
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 42 $$;
COMMENT ON FUNCTION answer() IS 'the answer';

-- ===== Triggers =====

-- scenario: create a trigger
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();

-- scenario: drop a trigger
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

-- scenario: change a trigger's events
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();

-- scenario: a trigger on update of columns
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, price numeric, changed_at timestamptz);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, price numeric, changed_at timestamptz);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_stamp BEFORE UPDATE OF price ON t FOR EACH ROW EXECUTE FUNCTION stamp();

-- scenario: a trigger function's body changes and the trigger stays
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
CREATE FUNCTION clamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := least(NEW.n, 10); RETURN NEW; END $$;
CREATE TRIGGER t_clamp BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION clamp();
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
CREATE FUNCTION clamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := least(NEW.n, 100); RETURN NEW; END $$;
CREATE TRIGGER t_clamp BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION clamp();

-- scenario: a statement-level trigger
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE TABLE audit (at timestamptz DEFAULT now());
CREATE FUNCTION note_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit DEFAULT VALUES; RETURN NULL; END $$;
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE TABLE audit (at timestamptz DEFAULT now());
CREATE FUNCTION note_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit DEFAULT VALUES; RETURN NULL; END $$;
CREATE TRIGGER t_note AFTER INSERT OR DELETE ON t FOR EACH STATEMENT EXECUTE FUNCTION note_change();

-- scenario: a trigger on a new table with its function
-- from:
CREATE TABLE a (id bigint PRIMARY KEY);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TABLE b (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now());
CREATE TRIGGER b_touch BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION touch();

-- ===== Row-level security and policies =====

-- scenario: enable row level security with a policy
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner ON docs USING (owner = current_user);

-- scenario: disable row level security
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);

-- scenario: force row level security
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;

-- scenario: change a policy's expression
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_read ON docs FOR SELECT USING (owner = current_user);
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_read ON docs FOR SELECT USING (owner = current_user OR public);

-- scenario: drop a policy
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner ON docs USING (owner = current_user);
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;

-- scenario: a restrictive policy with check
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_tenant ON docs AS RESTRICTIVE FOR ALL TO PUBLIC USING (tenant_id = current_setting('app.tenant')::bigint) WITH CHECK (tenant_id = current_setting('app.tenant')::bigint);

-- scenario: an insert policy
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, owner text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_insert ON docs FOR INSERT WITH CHECK (owner = current_user);

-- ===== Comments =====

-- scenario: add a table comment
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';

-- scenario: change a table comment
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
COMMENT ON TABLE t IS 'old words';
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
COMMENT ON TABLE t IS 'new words, with ''quotes''';

-- scenario: remove a table comment
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
COMMENT ON TABLE t IS 'going away';
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: a column comment
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, total numeric);
COMMENT ON COLUMN t.total IS 'in cents';

-- scenario: a schema comment
-- from:
CREATE SCHEMA billing;
-- to:
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'money';

-- ===== Schemas and extensions =====

-- scenario: create a schema
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE SCHEMA archive;

-- scenario: drop an empty schema
-- from:
CREATE SCHEMA archive;
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- scenario: create an extension and use it in an index
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, name text);
-- to:
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE t (id bigint PRIMARY KEY, name text);
CREATE INDEX t_name_trgm_idx ON t USING gin (name gin_trgm_ops);

-- scenario: drop an extension
-- from:
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);

-- ===== Renames =====

-- scenario: rename a table and keep its rows
-- from:
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- to:
CREATE TABLE accounts ( -- strata:renamed-from users
  id bigint PRIMARY KEY,
  email text
);
-- seed:
INSERT INTO users VALUES (1, 'a@example.com');
-- check: SELECT count(*) FROM pg_class WHERE relname IN ('users', 'accounts') => 1
-- up contains: RENAME TO accounts

-- scenario: rename a column and keep its values
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, mail text);
-- to:
CREATE TABLE t (
  id bigint PRIMARY KEY,
  email text -- strata:renamed-from mail
);
-- seed:
INSERT INTO t VALUES (1, 'a@example.com');
-- check: SELECT count(*) FROM t WHERE coalesce(to_jsonb(t)->>'email', to_jsonb(t)->>'mail') = 'a@example.com' => 1
-- up contains: RENAME COLUMN mail TO email

-- scenario: rename a table that foreign keys reference
-- from:
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
-- to:
CREATE TABLE accounts (id bigint PRIMARY KEY); -- strata:renamed-from users
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES accounts (id));
-- seed:
INSERT INTO users VALUES (1);
INSERT INTO orders VALUES (1, 1);
-- check: SELECT count(*) FROM orders => 1

-- scenario: rename a referenced column
-- from:
CREATE TABLE users (uid bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (uid));
-- to:
CREATE TABLE users (
  id bigint, -- strata:renamed-from uid
  CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id));

-- scenario: rename a table with a serial key
-- from:
CREATE TABLE users (id serial PRIMARY KEY, name text);
-- to:
CREATE TABLE people ( -- strata:renamed-from users
  id serial PRIMARY KEY,
  name text
);
-- seed:
INSERT INTO users (name) VALUES ('a');
-- check: SELECT count(*) FROM pg_class WHERE relname IN ('users_id_seq', 'people_id_seq') => 1

-- scenario: rename a table with an identity key
-- from:
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
-- to:
CREATE TABLE people ( -- strata:renamed-from users
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text
);

-- scenario: rename a column used by an index and a check
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, qty integer CHECK (qty >= 0));
CREATE INDEX t_qty_idx ON t (qty);
-- to:
CREATE TABLE t (
  id bigint PRIMARY KEY,
  quantity integer, -- strata:renamed-from qty
  CONSTRAINT t_qty_check CHECK (quantity >= 0)
);
CREATE INDEX t_qty_idx ON t (quantity);
-- up contains: RENAME COLUMN qty TO quantity

-- scenario: rename a column and widen it
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
-- to:
CREATE TABLE t (
  id bigint PRIMARY KEY,
  amount bigint -- strata:renamed-from n
);
-- seed:
INSERT INTO t VALUES (1, 5);
-- check: SELECT coalesce(to_jsonb(t)->>'amount', to_jsonb(t)->>'n') FROM t => 5

-- scenario: a rename in another schema
-- from:
CREATE SCHEMA app;
CREATE TABLE app.users (id bigint PRIMARY KEY);
-- to:
CREATE SCHEMA app;
CREATE TABLE app.members (id bigint PRIMARY KEY); -- strata:renamed-from users

-- scenario: rename a column a view reads
-- from:
CREATE TABLE t (id bigint PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
-- to:
CREATE TABLE t (
  id bigint PRIMARY KEY,
  total integer -- strata:renamed-from n
);
CREATE VIEW v AS SELECT id, total FROM t;

-- ===== Together =====

-- scenario: a typical feature migration
-- from:
CREATE TYPE invoice_status AS ENUM ('draft', 'sent');
CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint NOT NULL, status invoice_status NOT NULL DEFAULT 'draft', total integer);
-- to:
CREATE TYPE invoice_status AS ENUM ('draft', 'sent', 'paid');
CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, CONSTRAINT accounts_email_key UNIQUE (email));
CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), status invoice_status NOT NULL DEFAULT 'draft', total bigint NOT NULL, paid_at timestamptz);
CREATE INDEX invoices_account_id_idx ON invoices (account_id);
CREATE INDEX invoices_unpaid_idx ON invoices (account_id) WHERE status <> 'paid';
-- seed:
INSERT INTO accounts (email) VALUES ('a@example.com');
INSERT INTO invoices (account_id, total) VALUES (1, 100);
-- check: SELECT total FROM invoices => 100

-- scenario: split a table's concerns into a new table
-- from:
CREATE TABLE users (id bigint PRIMARY KEY, name text);
-- to:
CREATE TABLE users (id bigint PRIMARY KEY, name text);
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, bio text, avatar_url text);

-- scenario: soft delete with a partial unique index
-- from:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, CONSTRAINT users_email_key UNIQUE (email));
-- to:
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_live_idx ON users (email) WHERE deleted_at IS NULL;

-- scenario: timestamps and their trigger everywhere
-- from:
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
-- to:
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TABLE notes (id bigint PRIMARY KEY, body text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
-- seed:
INSERT INTO notes VALUES (1, 'x');
-- check: SELECT body FROM notes => x

-- scenario: everything at once offline
-- options: offline allow-data-loss
-- from:
CREATE TABLE a (id bigint PRIMARY KEY, x integer, legacy text);
CREATE TABLE gone (id bigint PRIMARY KEY);
CREATE INDEX a_x_idx ON a (x);
-- to:
CREATE TABLE a (id bigint PRIMARY KEY, x bigint NOT NULL DEFAULT 0, y text UNIQUE, CONSTRAINT a_x_check CHECK (x >= 0));
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint NOT NULL REFERENCES a (id));
CREATE INDEX a_x_idx ON a (x DESC);
CREATE VIEW a_ids AS SELECT id FROM a;

-- scenario: add a NOT NULL column without a default online
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);
-- up contains: ADD COLUMN IF NOT EXISTS name text;
-- up contains: CHECK (name IS NOT NULL) NOT VALID

-- ===== Sequence options =====

-- scenario: a sequence with every option
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE SEQUENCE order_numbers AS integer INCREMENT BY 10 MINVALUE 100 MAXVALUE 1000000 START WITH 1000 CACHE 20 CYCLE;

-- scenario: change a sequence's increment and cycle
-- from:
CREATE SEQUENCE numbers INCREMENT BY 1;
-- to:
CREATE SEQUENCE numbers INCREMENT BY 5 CYCLE;
-- up contains: INCREMENT BY 5

-- scenario: a sequence's options back to their defaults
-- from:
CREATE SEQUENCE numbers INCREMENT BY 3 MINVALUE 5 MAXVALUE 500 START WITH 7 CACHE 10 CYCLE;
-- to:
CREATE SEQUENCE numbers;

-- scenario: a descending sequence
-- from:
CREATE TABLE t (id bigint PRIMARY KEY);
-- to:
CREATE TABLE t (id bigint PRIMARY KEY);
CREATE SEQUENCE countdown INCREMENT BY -1;

-- ===== Function signatures and options (parameter names, defaults, RETURNS TABLE, SECURITY, SET) =====

-- scenario: a function keeps its parameter names, defaults and options
-- from:
CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL);
-- to:
CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL);
CREATE FUNCTION account_owner(p_account bigint, p_fallback text DEFAULT 'nobody') RETURNS text LANGUAGE sql STABLE STRICT PARALLEL SAFE
  SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT coalesce((SELECT owner FROM accounts WHERE id = p_account), p_fallback) $$;
-- seed:
INSERT INTO accounts VALUES (1, 'ada');
-- up contains: p_account bigint, p_fallback text DEFAULT 'nobody'
-- check: SELECT account_owner(1) || '/' || account_owner(2) || '/' || array_to_string(proargnames, ',') FROM pg_proc WHERE proname = 'account_owner' => ada/nobody/p_account,p_fallback => -

-- scenario: a renamed parameter needs a drop and a create
-- from:
CREATE FUNCTION add_tax(p_amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p_amount * 1.2 $$;
-- to:
CREATE FUNCTION add_tax(p_net numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT p_net * 1.2 $$;
-- up contains: DROP FUNCTION IF EXISTS public.add_tax(numeric);
-- check: SELECT add_tax(10) || '/' || array_to_string(proargnames, ',') FROM pg_proc WHERE proname = 'add_tax' => 12.0/p_net => 12.0/p_amount

-- scenario: a changed RETURNS TABLE needs a drop and a create
-- from:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);
CREATE FUNCTION order_totals() RETURNS TABLE(id bigint, total numeric) LANGUAGE sql STABLE AS $$ SELECT id, total FROM orders $$;
-- to:
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);
CREATE FUNCTION order_totals() RETURNS TABLE(order_id bigint, total numeric, doubled numeric) LANGUAGE sql STABLE AS $$ SELECT id, total, total * 2 FROM orders $$;
-- seed:
INSERT INTO orders VALUES (1, 5);
-- check: SELECT count(*) FROM order_totals() => 1

-- scenario: security definer and settings change in place
-- from:
CREATE FUNCTION whoami() RETURNS text LANGUAGE sql AS $$ SELECT current_user::text $$;
-- to:
CREATE FUNCTION whoami() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ SELECT current_user::text $$;
-- up contains: CREATE OR REPLACE FUNCTION public.whoami() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path TO 'pg_catalog'

-- scenario: a removed default needs a drop and a create
-- from:
CREATE FUNCTION page_size(p_size integer DEFAULT 20) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT p_size $$;
-- to:
CREATE FUNCTION page_size(p_size integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT p_size $$;
-- up contains: DROP FUNCTION IF EXISTS public.page_size(integer);

-- ===== Indexes of materialized views =====

-- scenario: an index added to and changed on a materialized view that stays
-- from:
CREATE TABLE items (id bigint PRIMARY KEY, sku text NOT NULL, price numeric NOT NULL);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, sku, price FROM items;
CREATE INDEX item_prices_sku_idx ON item_prices (sku);
-- to:
CREATE TABLE items (id bigint PRIMARY KEY, sku text NOT NULL, price numeric NOT NULL);
CREATE MATERIALIZED VIEW item_prices AS SELECT id, sku, price FROM items;
CREATE UNIQUE INDEX item_prices_id_idx ON item_prices (id);
CREATE INDEX item_prices_sku_idx ON item_prices (sku, price);
-- seed:
INSERT INTO items VALUES (1, 'a', 2);
-- up contains: CREATE UNIQUE INDEX IF NOT EXISTS item_prices_id_idx ON public.item_prices (id);
-- check: SELECT count(*) FROM pg_indexes WHERE tablename = 'item_prices' => 2 => 1

-- ===== Trigger conditions and arguments =====

-- scenario: a trigger gains a WHEN condition and function arguments
-- from:
CREATE TABLE docs (id bigint PRIMARY KEY, body text, version integer NOT NULL DEFAULT 0);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := NEW.version + TG_ARGV[0]::int; RETURN NEW; END $$;
CREATE TRIGGER docs_bump BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION bump('1');
-- to:
CREATE TABLE docs (id bigint PRIMARY KEY, body text, version integer NOT NULL DEFAULT 0);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := NEW.version + TG_ARGV[0]::int; RETURN NEW; END $$;
CREATE TRIGGER docs_bump BEFORE UPDATE ON docs FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION bump('10', 'it''s');
-- seed:
INSERT INTO docs VALUES (1, 'a', 0);
-- up contains: WHEN (old.body IS DISTINCT FROM new.body) EXECUTE FUNCTION public.bump('10', 'it''s')
-- check: SELECT pg_get_triggerdef(oid) LIKE '%WHEN%' FROM pg_trigger WHERE tgname = 'docs_bump' => true => false

-- ===== Storage parameters (reloptions) =====

-- scenario: storage parameters of a table, an index and a materialized view
-- from:
CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL) WITH (autovacuum_vacuum_scale_factor = 0.2);
CREATE INDEX events_kind_idx ON events (kind);
CREATE MATERIALIZED VIEW event_kinds AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
-- to:
CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE INDEX events_kind_idx ON events (kind) WITH (fillfactor = 90);
CREATE MATERIALIZED VIEW event_kinds WITH (fillfactor = 50) AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
-- seed:
INSERT INTO events VALUES (1, 'a');
-- up contains: ALTER TABLE public.events SET (autovacuum_enabled = 'false', fillfactor = '70'), RESET (autovacuum_vacuum_scale_factor);
-- up contains: ALTER MATERIALIZED VIEW public.event_kinds SET (fillfactor = '50');
-- check: SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'events_kind_idx' => fillfactor=90 => NULL

-- ===== Identity options =====

-- scenario: an identity's sequence options, on a new table and changed on an existing one
-- from:
CREATE TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 5) PRIMARY KEY, title text);
-- to:
CREATE TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY (INCREMENT BY 10 CACHE 6 MAXVALUE 1000000) PRIMARY KEY, title text);
CREATE TABLE queues (id integer GENERATED BY DEFAULT AS IDENTITY (START WITH 100) PRIMARY KEY, name text);
-- seed:
INSERT INTO tickets (title) VALUES ('a'), ('b');
-- up contains: ALTER TABLE public.tickets ALTER COLUMN id SET INCREMENT BY 10 SET MAXVALUE 1000000 SET CACHE 6;
-- check: SELECT (SELECT seqincrement || '/' || seqcache FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('tickets', 'id')::regclass) || '/' || (SELECT count(*) FROM tickets) => 10/6/2 => 1/5/2
