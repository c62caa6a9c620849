#!/usr/bin/env bash
# Rows per second of `strata fake` on the shop schema (examples/shop/schema.sql: foreign keys,
# CHECKs, unique and partial indexes, partitions, triggers) against `pgbench -i` (Debian's
# pgbench, the anchor for bulk data generation), in one throwaway cluster, in the same run.
# pgbench -i runs its default steps (drop, create tables, client-side generate + COPY, vacuum,
# primary keys); strata fake loads tables that keep every index, unique key, CHECK and trigger
# current row by row, and checks its foreign keys after the copy. Best of 3 runs each.
# Usage: benchmarks/fake.sh [rows per shop table] [pgbench scale]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
rows=${1:-100000}; scale=${2:-10}

. "$root/benchmarks/cluster.sh"
start_cluster fake "-F -c synchronous_commit=off -c max_wal_size=4GB"
pgbench=$(ls "$pgbin/pgbench" 2>/dev/null || command -v pgbench)

best() { # prints the best wall time (seconds) of 3 runs of "$@" after running setup_$1
  local best=""
  for _ in 1 2 3; do
    "setup_$1"
    local start end t
    start=$(date +%s.%N); "${@:2}" >"$dir/out" 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }; end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then best=$t; fi
  done
  echo "$best"
}
setup_strata() {
  "$psql" -X -q -h "$dir" -U bench -d postgres -c "DROP DATABASE IF EXISTS shop" -c "CREATE DATABASE shop"
  "$psql" -X -q -h "$dir" -U bench -d shop -v ON_ERROR_STOP=1 -f "$root/examples/shop/schema.sql" >/dev/null
}
setup_pgbench() {
  "$psql" -X -q -h "$dir" -U bench -d postgres -c "DROP DATABASE IF EXISTS pgb" -c "CREATE DATABASE pgb"
}

strata_time=$(best strata "$bin" fake --database "postgres://bench@/shop?host=$dir" --rows "$rows" --seed 1)
# strata fake's last line: "N rows in M tables" (the same for every run: one seed).
strata_rows=$(tail -n 1 "$dir/out" | awk '{print $1}')
pgbench_time=$(best pgbench "$pgbench" -i -q -s "$scale" -h "$dir" -U bench pgb)
pgbench_rows=$(( scale * 100000 + scale * 10 + scale ))

printf 'strata fake: %d rows in %.3f s (%.0f rows/s) | pgbench -i -s %d: %d rows in %.3f s (%.0f rows/s) | ratio %.3f\n' \
  "$strata_rows" "$strata_time" "$(echo "$strata_rows / $strata_time" | bc -l)" "$scale" "$pgbench_rows" "$pgbench_time" \
  "$(echo "$pgbench_rows / $pgbench_time" | bc -l)" "$(echo "($strata_rows / $strata_time) / ($pgbench_rows / $pgbench_time)" | bc -l)"
