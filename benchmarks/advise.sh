#!/usr/bin/env bash
# `strata advise` against a decision-rule baseline in the spirit of Dexter's published rules (B-tree
# only, at most two columns, kept when it halves one query's cost; implemented in
# benchmarks/advise_bench.py): what-if workload cost (HypoPG) and real weighted runtime with no new
# index, the baseline's and Strata's, at two budgets, on generated data (1,000,000 orders,
# benchmarks/advise_data.sql) and a 12-query weighted workload (benchmarks/advise_workload.sql).
# Usage: benchmarks/advise.sh [small budget] [large budget]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
small=${1:-20MB}; large=${2:-200MB}

venv="$out/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import psycopg2" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q psycopg2-binary migra >&2
fi

. "$root/benchmarks/cluster.sh"
start_cluster advise "-F"
"$psql" -X -q -h "$dir" -U bench -d postgres -c "CREATE DATABASE advise"
"$psql" -X -q -h "$dir" -U bench -d advise -v ON_ERROR_STOP=1 -f "$root/benchmarks/advise_data.sql" >/dev/null
cp "$root/benchmarks/advise_workload.sql" "$out/advise_workload.sql"
"$venv/bin/python" "$root/benchmarks/advise_bench.py" "host=$dir user=bench dbname=advise" "$bin" "$out/advise_workload.sql" \
  "postgres://bench@/advise?host=$dir" "$small" "$large"
