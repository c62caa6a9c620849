#!/usr/bin/env bash
# Throughput and memory of `strata queries` against pgBadger (Debian's `pgbadger`, the anchor for
# log reading) on the same stderr log, in the same run. The log is written by a real server: a
# throwaway cluster with log_min_duration_statement = 0 runs a scripted application workload
# (pgbench with N+1 loops, SELECT *, autocommit writes, in the simple and the extended protocol,
# so statements and `parameters:` details both appear), then the log is replicated to the size
# asked. Each tool reads it once, single process; /usr/bin/time gives wall time and peak memory.
# Memory is also measured on a quarter of the log: it must not grow with the log's size.
# Usage: benchmarks/queries.sh [log size in MB, default 1100] [workload seconds, default 20]
# Set QUERIES_LOG to a log written by an earlier run to reuse it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
size_mb=${1:-1100}; seconds=${2:-20}
command -v pgbadger >/dev/null || { echo "installing pgbadger" >&2; apt-get install -y -qq pgbadger >/dev/null; }
prefix='%m [%p] %q%u@%d '

. "$root/benchmarks/cluster.sh"
log=${QUERIES_LOG:-}
if [ -z "$log" ]; then
  start_cluster queries "-F -c synchronous_commit=off -c log_min_duration_statement=0 -c log_line_prefix='$prefix'"
  pgbench=$(ls "$pgbin/pgbench" 2>/dev/null || command -v pgbench)
  "$psql" -X -q -h "$dir" -U bench -d postgres -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint NOT NULL, title text NOT NULL);
CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint NOT NULL REFERENCES posts, body text NOT NULL);
CREATE INDEX ON comments (post_id);
CREATE TABLE products (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE inventory (product_id bigint PRIMARY KEY REFERENCES products, quantity integer NOT NULL);
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product_id bigint NOT NULL REFERENCES products,
                     customer_id bigint NOT NULL, quantity integer NOT NULL);
INSERT INTO posts SELECT g, g % 500, 'post ' || g FROM generate_series(1, 5000) g;
INSERT INTO comments SELECT g, 1 + g % 5000, 'comment ' || g FROM generate_series(1, 50000) g;
INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, 100) g;
INSERT INTO inventory SELECT g, 1000000 FROM generate_series(1, 100) g;
SQL
  cat > "$dir/app.sql" <<'SQL'
\set author random(0, 499)
SELECT id, title FROM posts WHERE author_id = :author;
\set p random(1, 5000)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 5000)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 5000)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 5000)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 5000)
SELECT id, body FROM comments WHERE post_id = :p;
\set p random(1, 5000)
SELECT id, body FROM comments WHERE post_id = :p;
SELECT * FROM posts WHERE id = :p;
\set product random(1, 100)
UPDATE inventory SET quantity = quantity - 1 WHERE product_id = :product;
INSERT INTO orders (product_id, customer_id, quantity) VALUES (:product, :author, 1);
BEGIN;
SELECT id, title FROM posts WHERE id = :p;
UPDATE inventory SET quantity = quantity + 1 WHERE product_id = :product;
COMMIT;
SQL
  "$pgbench" -n -h "$dir" -U bench -c 4 -j 2 -T "$((seconds / 2))" -M extended -f "$dir/app.sql" postgres >/dev/null
  "$pgbench" -n -h "$dir" -U bench -c 4 -j 2 -T "$((seconds - seconds / 2))" -M simple -f "$dir/app.sql" postgres >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -w stop >/dev/null
  log=$(mktemp /tmp/strata-queries-XXXXXX.log)
  # Replicated to the size asked: whole copies, so every session stays whole.
  while [ "$(stat -c %s "$log")" -lt $((size_mb * 1024 * 1024)) ]; do cat "$dir/log" >> "$log"; done
  echo "log: $log ($(du -m "$log" | cut -f1) MB from a $(du -m "$dir/log" | cut -f1) MB server log)" >&2
fi
bytes=$(stat -c %s "$log")
quarter=$(mktemp /tmp/strata-queries-quarter-XXXXXX.log)
head -c $((bytes / 4)) "$log" | sed '$d' > "$quarter"

measure() { # prints "seconds peak-kB" of "$@"
  /usr/bin/time -f "%e %M" -o "$log.time" "$@" >/dev/null 2>"$log.err" || [ $? -eq 1 ] || { cat "$log.err" >&2; exit 1; }
  tail -n 1 "$log.time"
}
read -r s_time s_mem < <(measure "$bin" queries "$log" --format json)
read -r q_time q_mem < <(measure "$bin" queries "$quarter" --format json)
read -r b_time b_mem < <(measure pgbadger --format stderr --prefix "$prefix" --jobs 1 --quiet --outfile "$log.html" "$log")
rm -f "$quarter" "$log.time" "$log.err" "$log.html"
mb=$(echo "$bytes / 1048576" | bc -l)
printf 'log %.0f MB | strata queries: %.2f s (%.1f MB/s), peak %.0f MB (%.0f MB on a quarter of the log) | pgbadger: %.2f s (%.1f MB/s), peak %.0f MB | throughput ratio %.2f\n' \
  "$mb" "$s_time" "$(echo "$mb / $s_time" | bc -l)" "$(echo "$s_mem / 1024" | bc -l)" "$(echo "$q_mem / 1024" | bc -l)" \
  "$b_time" "$(echo "$mb / $b_time" | bc -l)" "$(echo "$b_mem / 1024" | bc -l)" "$(echo "$b_time / $s_time" | bc -l)"
