#!/usr/bin/env bash
# Writes examples/queries/app.log: a throwaway PostgreSQL cluster logging every statement
# (log_min_duration_statement = 0, Debian's log_line_prefix) while pgbench runs app.sql, one
# request of the application, twice in each of two sessions with the extended protocol.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../benchmarks/cluster.sh"
start_cluster example "-c log_min_duration_statement=0 -c log_line_prefix='%m [%p] %q%u@%d '"
"$psql" -X -q -h "$dir" -U bench -d postgres -v ON_ERROR_STOP=1 -f "$here/schema.sql"
"$psql" -X -q -h "$dir" -U bench -d postgres -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO posts (author_id, title) SELECT 1 + g % 20, 'post ' || g FROM generate_series(1, 200) g;
INSERT INTO comments (post_id, body) SELECT 1 + g % 200, 'comment ' || g FROM generate_series(1, 2000) g;
INSERT INTO products (name) SELECT 'product ' || g FROM generate_series(1, 10) g;
INSERT INTO inventory (product_id, quantity) SELECT g, 1000 FROM generate_series(1, 10) g;
INSERT INTO currencies VALUES ('EUR', 1.08), ('USD', 1), ('GBP', 1.27);
SQL
pgbench=$(ls "$pgbin/pgbench" 2>/dev/null || command -v pgbench)
start=$(wc -l < "$dir/log")
"$pgbench" -n -h "$dir" -U bench -c 2 -j 1 -t 2 -M extended -f "$here/app.sql" postgres >/dev/null
as_pg "$pgbin/pg_ctl" -D "$dir/data" -w stop >/dev/null
# The application's part of the log: from the first pgbench statement, without the shutdown.
tail -n +"$((start + 1))" "$dir/log" | grep -v -E 'LOG:  (received|aborting|background|shutting|checkpoint|database system)' > "$here/app.log"
echo "wrote $here/app.log ($(wc -l < "$here/app.log") lines)"
