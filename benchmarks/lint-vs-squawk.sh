#!/usr/bin/env bash
# `strata lint` against squawk (installed from PyPI into benchmarks/.venv) on the same corpus,
# PostgreSQL 15's regression SQL (219 files, 4 MB), in one run: wall time and peak memory, as ratios.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -x "$bin" ] || (cd "$root" && swift build -c release >&2)
sql=$(bash "$root/scripts/fetch-pg-regress.sh")
venv="$root/benchmarks/.venv"
if [ ! -x "$venv/bin/squawk" ]; then python3 -m venv "$venv" && "$venv/bin/pip" install -q squawk-cli; fi
files=("$sql"/*.sql)
echo "corpus: ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes; squawk $("$venv/bin/squawk" --version 2>&1 | head -n 1)"

# Best of 3 wall times; peak RSS of the last run (KiB).
run() {
  local best=999999 rss=0
  for _ in 1 2 3; do
    local start end wall
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$out/rss.txt" "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    if (( $(echo "$wall < $best" | bc) )); then best=$wall; fi
    rss=$(tail -n 1 "$out/rss.txt")
  done
  echo "$best $rss"
}

read -r strata_wall strata_rss < <(run "$bin" lint "${files[@]}")
read -r squawk_wall squawk_rss < <(run "$venv/bin/squawk" "${files[@]}")
printf '%-10s %8.3f s %10s KiB\n' strata "$strata_wall" "$strata_rss" squawk "$squawk_wall" "$squawk_rss"
echo "time strata/squawk: $(echo "scale=2; $strata_wall / $squawk_wall" | bc)   peak memory strata/squawk: $(echo "scale=2; $strata_rss / $squawk_rss" | bc)"
