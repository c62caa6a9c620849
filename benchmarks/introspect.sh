#!/usr/bin/env bash
# Times `strata schema --database` against `pg_dump --schema-only` on the same database, in one
# run: 2,000 and 10,000 generated tables (8 columns, a foreign key and 2 indexes each), loaded
# into a throwaway cluster this script starts (and always stops). Best of 3 runs each.
# `--format sql` is the like-for-like comparison (both print DDL); `--format json` (the default)
# is timed too. The JSON output must equal `strata schema` of the generating SQL file.
# Usage: benchmarks/introspect.sh [small] [large]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
small=${1:-2000}; large=${2:-10000}

. "$root/benchmarks/cluster.sh"
start_cluster pg "-F -c max_locks_per_transaction=1024"

best() { # best wall time of 3 runs of a command, in seconds
  local best=""
  for _ in 1 2 3; do
    local start end t
    start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then best=$t; fi
  done
  echo "$best"
}

echo "PostgreSQL: $("$pgbin/postgres" --version)"
for n in $small $large; do
  db="bench_$n"
  "$psql" -X -q -h "$dir" -U bench -d postgres -c "CREATE DATABASE $db"
  python3 "$root/benchmarks/gen_schema.py" "$n" > "$out/schema-$n.sql"
  "$psql" -X -q -h "$dir" -U bench -d "$db" -v ON_ERROR_STOP=1 -f "$out/schema-$n.sql" >/dev/null
  url="postgres://bench@/$db?host=$dir"
  sql_time=$(best "$bin" schema --database "$url" --format sql)
  json_time=$(best "$bin" schema --database "$url" --format json)
  dump_time=$(best "$pgbin/pg_dump" --schema-only -h "$dir" -U bench -d "$db")
  "$bin" schema --database "$url" --format json > "$out/live-$n.json"
  "$bin" schema "$out/schema-$n.sql" --format json > "$out/file-$n.json"
  same=$(cmp -s "$out/live-$n.json" "$out/file-$n.json" && echo "identical to the file's model" || echo "DIFFERS from the file's model")
  printf '%6d tables: pg_dump --schema-only %6.3f s | strata --format sql %6.3f s (ratio %.2f) | --format json %6.3f s (ratio %.2f) | JSON %s\n' \
    "$n" "$dump_time" "$sql_time" "$(echo "scale=4; $sql_time / $dump_time" | bc)" "$json_time" "$(echo "scale=4; $json_time / $dump_time" | bc)" "$same"
done
