#!/usr/bin/env bash
# Times `strata seed` of 100,000 reference rows (two tables, the second referencing the first by
# its natural key) against a hand-written `INSERT ... ON CONFLICT DO UPDATE` script of the same
# rows through `psql -1 -f`, on the same throwaway cluster: the first run into empty tables, then
# the second run of each on its own database (strata writes nothing; the script rewrites every row).
# Usage: benchmarks/seed.sh [rows]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=$(realpath "${STRATA:-$root/.build/release/strata}")
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
rows=${1:-100000}

. "$root/benchmarks/cluster.sh"
start_cluster seed "${SERVER_OPTIONS:-}"

schema="$out/seed-schema.sql"
cat > "$schema" <<'SQL'
CREATE TABLE regions (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE places (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL UNIQUE, region_id bigint NOT NULL REFERENCES regions, name text NOT NULL, population integer NOT NULL);
SQL
seeds="$out/seeds-$rows"; rm -rf "$seeds"; mkdir -p "$seeds/common"
script="$out/seed-$rows.sql"
python3 - "$rows" "$seeds/common" "$script" <<'PY'
import sys
rows, folder, script = int(sys.argv[1]), sys.argv[2], sys.argv[3]
regions = 100
with open(f"{folder}/regions.csv", "w") as f, open(script, "w") as s:
    f.write("# key: code\ncode,name\n")
    s.write("INSERT INTO regions (code, name) VALUES\n")
    s.write(",\n".join(f"('r{i}', 'Region {i}')" for i in range(regions)))
    s.write("\nON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;\n")
    for i in range(regions): f.write(f"r{i},Region {i}\n")
with open(f"{folder}/places.csv", "w") as f, open(script, "a") as s:
    f.write("# key: code\ncode,region,name,population\n")
    for start in range(0, rows, 1000):
        chunk = range(start, min(rows, start + 1000))
        s.write("INSERT INTO places (code, region_id, name, population) VALUES\n")
        s.write(",\n".join(f"('p{i}', (SELECT id FROM regions WHERE code = 'r{i % regions}'), 'Place {i}', {i * 7 % 100000})" for i in chunk))
        s.write("\nON CONFLICT (code) DO UPDATE SET region_id = EXCLUDED.region_id, name = EXCLUDED.name, population = EXCLUDED.population;\n")
        for i in chunk: f.write(f"p{i},r{i % regions},Place {i},{i * 7 % 100000}\n")
PY

database() { "$psql" -X -q -h "$dir" -U bench -d postgres -c "CREATE DATABASE $1" >/dev/null; "$psql" -X -q -h "$dir" -U bench -d "$1" -f "$schema" >/dev/null; }
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null || { echo "failed: $*" >&2; exit 2; }; end=$(date +%s.%N); echo "$end - $start" | bc; }
run_psql() { "$psql" -X -q -1 -v ON_ERROR_STOP=1 -h "$dir" -U bench -d "$1" -f "$script"; }
run_strata() { (cd "$out" && "$bin" seed --dir "$seeds" --env production --database "postgres://bench@/$1?host=$dir&port=5432"); }

database with_psql; database with_strata
psql_first=$(timed run_psql with_psql); psql_second=$(timed run_psql with_psql)
strata_first=$(timed run_strata with_strata); strata_second=$(timed run_strata with_strata)
# Both databases hold the same rows.
dump() { "$psql" -X -A -t -h "$dir" -U bench -d "$1" -c "SELECT md5(string_agg(p.code || r.code || p.name || p.population, ',' ORDER BY p.code)) FROM places p JOIN regions r ON r.id = p.region_id"; }
[ "$(dump with_psql)" = "$(dump with_strata)" ] && same=identical || same=DIFFERENT
echo "PostgreSQL: $("$pgbin/postgres" --version); $rows places + 100 regions; server options: ${SERVER_OPTIONS:-defaults (fsync on)}"
printf "first run:  psql script %.2f s, strata seed %.2f s, ratio strata/psql %.2f\n" "$psql_first" "$strata_first" "$(echo "$strata_first / $psql_first" | bc -l)"
printf "second run: psql script %.2f s, strata seed %.2f s, psql/strata %.1fx\n" "$psql_second" "$strata_second" "$(echo "$psql_second / $strata_second" | bc -l)"
echo "rows: $same"
