#!/usr/bin/env bash
# Times `strata diff` against migra (PyPI, the anchor for schema diffs) on the same pair of
# databases, in one run: 2,000 generated tables (8 columns, a foreign key and 2 indexes each) and
# 200 changes between the two sides (benchmarks/gen_changes.py), loaded into a throwaway cluster
# this script starts and stops. Best of 3 runs each; database to database, then strata's file to
# file. migra comes from PyPI into benchmarks/out/venv the first time.
# Usage: benchmarks/diff.sh [tables] [changes]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
tables=${1:-2000}; changes=${2:-200}

venv="$out/venv"
if [ ! -x "$venv/bin/migra" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q migra psycopg2-binary >&2
fi

. "$root/benchmarks/cluster.sh"
start_cluster diff "-F -c max_locks_per_transaction=1024"

best() { # best wall time of 3 runs of a command, in seconds (its exit status is not judged here)
  local best=""
  for _ in 1 2 3; do
    local start end t
    start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" -eq 1 ]; then best=$t; fi
  done
  echo "$best"
}

python3 "$root/benchmarks/gen_schema.py" "$tables" > "$out/diff-from.sql"
python3 "$root/benchmarks/gen_changes.py" "$changes" < "$out/diff-from.sql" > "$out/diff-to.sql"
for side in from to; do
  "$psql" -X -q -h "$dir" -U bench -d postgres -c "CREATE DATABASE diff_$side"
  "$psql" -X -q -h "$dir" -U bench -d "diff_$side" -v ON_ERROR_STOP=1 -f "$out/diff-$side.sql" >/dev/null
done
from="postgres://bench@/diff_from?host=$dir"; to="postgres://bench@/diff_to?host=$dir"

# Both tools must see the changes: count their statements once.
"$bin" diff --from "$from" --to "$to" --allow-data-loss --format text > "$out/diff-strata.txt"
"$venv/bin/migra" --unsafe "postgresql+psycopg2:///diff_from?host=$dir&user=bench" "postgresql+psycopg2:///diff_to?host=$dir&user=bench" > "$out/diff-migra.sql" || [ $? -eq 2 ]
echo "PostgreSQL: $("$pgbin/postgres" --version); migra $("$venv/bin/pip" show migra | awk '/^Version/ {print $2}')"
echo "strata: $(tail -n 1 "$out/diff-strata.txt"); migra: $(grep -c ';' "$out/diff-migra.sql") statements"

strata_db=$(best "$bin" diff --from "$from" --to "$to" --allow-data-loss)
migra_db=$(best "$venv/bin/migra" --unsafe "postgresql+psycopg2:///diff_from?host=$dir&user=bench" "postgresql+psycopg2:///diff_to?host=$dir&user=bench")
strata_files=$(best "$bin" diff --from "$out/diff-from.sql" --to "$out/diff-to.sql" --allow-data-loss)
printf '%d tables, %d changes: database to database: migra %.3f s | strata %.3f s (ratio %.3f) | strata file to file %.3f s\n' \
  "$tables" "$changes" "$migra_db" "$strata_db" "$(echo "scale=4; $strata_db / $migra_db" | bc)" "$strata_files"
