#!/usr/bin/env bash
# Times `strata review` on generated 5,000- and 10,000-table schemas (linearity), reports where
# the time goes (parse, decode, interpret, rules), and runs squawk (the linter users know) on
# the same file in the same run as the anchor. Usage: benchmarks/review.sh [tables]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
small=${1:-5000}; large=$((small * 2))

# Peak RSS (KiB) and wall seconds of a command, via GNU time when present.
measure() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -f "%M" -o "$out/rss.txt" "$@" >/dev/null 2>"$out/stderr.txt" || true
    rss=$(tail -n 1 "$out/rss.txt")
  else
    "$@" >/dev/null 2>"$out/stderr.txt" || true; rss="?"
  fi
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc)
  printf '%-34s %8.3f s %10s KiB\n' "$label" "$wall" "$rss"
}

for n in $small $large; do python3 "$root/benchmarks/gen_schema.py" "$n" > "$out/schema-$n.sql"; done
echo "files: $(wc -l < "$out/schema-$small.sql") and $(wc -l < "$out/schema-$large.sql") lines"

measure "strata review ($small tables)" "$bin" review "$out/schema-$small.sql" --timings
small_wall=$wall; small_rss=$rss; cat "$out/stderr.txt"
measure "strata review ($large tables)" "$bin" review "$out/schema-$large.sql" --timings
large_wall=$wall; cat "$out/stderr.txt"
echo "linearity: $(echo "scale=2; $large_wall / $small_wall" | bc)x time for 2x tables"

# The anchor: squawk from PyPI in a local virtual environment, same file, same run.
venv="$root/benchmarks/.venv"
if [ ! -x "$venv/bin/squawk" ]; then
  python3 -m venv "$venv" >/dev/null && "$venv/bin/pip" install -q squawk-cli >/dev/null 2>&1 || echo "squawk-cli could not be installed; anchor skipped"
fi
if [ -x "$venv/bin/squawk" ]; then
  measure "squawk ($small tables)" timeout 600 "$venv/bin/squawk" "$out/schema-$small.sql"
  echo "peak memory strata/squawk: $(echo "scale=2; $small_rss / $rss" | bc)"
  echo "ratio strata/squawk time ($small tables): $(echo "scale=4; $small_wall / $wall" | bc) (squawk takes $(echo "scale=1; $wall / $small_wall" | bc)x as long)"
fi
