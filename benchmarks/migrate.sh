#!/usr/bin/env bash
# Times `strata migrate up` of 1,000 small migrations against `psql -f` of the same statements
# concatenated into one file, on the same throwaway cluster (started here, always stopped), each
# run on a fresh database, best of 3. strata does more per migration: it lints the pending
# migrations first, takes the advisory lock, and runs each migration in its own transaction with
# its history row; psql runs each statement in autocommit.
# Usage: benchmarks/migrate.sh [count]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
count=${1:-1000}

. "$root/benchmarks/cluster.sh"
# SERVER_OPTIONS="-c fsync=off" measures with durability off (commits cost nothing; round trips dominate).
start_cluster migrate "${SERVER_OPTIONS:-}"

# The migrations, each small and lint-clean: a table with its index, then a column added to it
# (with a lock timeout, as lint asks); the same statements in one file.
migrations="$out/migrate-$count"; rm -rf "$migrations"; mkdir -p "$migrations"
concatenated="$out/migrate-$count.sql"; : > "$concatenated"
for i in $(seq 1 "$count"); do
  name=$(printf "%04d" "$i")
  if [ $((i % 2)) -eq 1 ]; then
    sql="CREATE TABLE t$i (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX t${i}_name_idx ON t$i (name);"
  else
    sql="SET lock_timeout = '2s';
ALTER TABLE t$((i - 1)) ADD COLUMN note text;"
  fi
  printf '%s\n' "$sql" > "$migrations/${name}_step_$i.up.sql"
  printf '%s\n' "$sql" >> "$concatenated"
done

n=0; db=""
fresh() { n=$((n + 1)); db="run_$n"; "$psql" -X -q -h "$dir" -U bench -d postgres -c "CREATE DATABASE $db" >/dev/null; }
best() { # best wall time of 3 runs; $1 is a function taking the database name; sets $result
  local best=""
  for _ in 1 2 3; do
    local start end t
    fresh
    start=$(date +%s.%N); "$1" "$db" >/dev/null; end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then best=$t; fi
  done
  result=$best
}
run_psql() { "$psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U bench -d "$1" -f "$concatenated"; }
run_strata() { "$bin" migrate up --dir "$migrations" --database "postgres://bench@/$1?host=$dir&port=5432"; }

echo "PostgreSQL: $("$pgbin/postgres" --version); $count migrations; server options: ${SERVER_OPTIONS:-defaults (fsync on)}"
best run_psql; psql_time=$result
best run_strata; strata_time=$result
# Both end with the same schema: compare what pg_dump prints (strata's history table aside).
last_psql="run_1"; last_strata="run_$n"
"$pgbin/pg_dump" -s -h "$dir" -U bench "$last_psql" | grep -v -e '^--' -e '^.restrict' -e '^.unrestrict' > "$out/migrate-psql.dump"
"$pgbin/pg_dump" -s -h "$dir" -U bench -T strata_migrations "$last_strata" | grep -v -e '^--' -e '^.restrict' -e '^.unrestrict' > "$out/migrate-strata.dump"
if diff -q "$out/migrate-psql.dump" "$out/migrate-strata.dump" >/dev/null; then same="identical"; else same="DIFFERENT"; fi
printf "psql -f (one file): %.2f s\nstrata migrate up:  %.2f s\nratio strata/psql:  %.2f\nschemas: %s\n" \
  "$psql_time" "$strata_time" "$(echo "$strata_time / $psql_time" | bc -l)" "$same"
