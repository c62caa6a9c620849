-- The same shop, written the way many real schemas are. `strata review` on this file
-- shows most of Strata's rules; each finding says what to change and prints the SQL.

CREATE TABLE "Customers" (
    id          serial PRIMARY KEY,
    email       varchar(255) NOT NULL,
    "fullName"  text,
    phone1      text,
    phone2      text,
    phone3      text,
    created_at  timestamp,
    updated_at  timestamp DEFAULT now(),
    deleted_at  timestamp,
    UNIQUE (email)
);

CREATE TABLE categories (
    id        integer PRIMARY KEY,
    parent_id integer REFERENCES categories (id),
    name      text NOT NULL,
    slug      text NOT NULL,
    UNIQUE (parent_id, slug)
);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id bigint REFERENCES categories (id),
    sku         char(12) NOT NULL,
    price       double precision NOT NULL,
    attributes  json,
    is_active   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_is_active_idx ON products (is_active);

CREATE TABLE orders (
    id             bigserial PRIMARY KEY,
    customer_id    integer NOT NULL REFERENCES "Customers" (id),
    customer_email text,
    status         varchar(20) NOT NULL,
    "order"        integer,
    public_uuid    char(36) NOT NULL,
    total          money,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_created_at_idx2 ON orders (created_at);
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_status_created_idx ON orders (status, created_at);

CREATE TABLE order_items (
    order_id   bigint REFERENCES orders (id),
    product_id bigint REFERENCES products (id),
    quantity   integer NOT NULL
);

CREATE TABLE reviews (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint NOT NULL,
    rating     integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL,
    row_data   jsonb,
    client_ip  varchar(45),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION apply_discount(p_order bigint, p_percent numeric) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orders SET total = total * (1 - p_percent / 100) WHERE id = p_order;
END
$$;

CREATE VIEW recent_orders AS SELECT * FROM orders WHERE created_at > now() - interval '7 days';
