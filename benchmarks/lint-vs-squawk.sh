#!/usr/bin/env bash
# `strata lint` against squawk (installed from PyPI into benchmarks/.venv) on the same corpus,
# PostgreSQL 15's regression SQL (219 files, 4 MB), in one run: wall time and peak memory, as ratios.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/benchmarks/out"; mkdir -p "$out"
bin=${STRATA:-$root/.build/release/strata}
[ -n "${STRATA:-}" ] || make -s -C "$root" release >&2
sql=$(bash "$root/scripts/fetch-pg-regress.sh")
venv="$root/benchmarks/.venv"
if [ ! -x "$venv/bin/squawk" ]; then python3 -m venv "$venv" && "$venv/bin/pip" install -q squawk-cli; fi
files=("$sql"/*.sql)
echo "corpus: ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes; squawk $("$venv/bin/squawk" --version 2>&1 | head -n 1)"

# One timed run: wall seconds, CPU seconds (user + system), peak RSS (KiB).
once() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S %M" -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  read -r user system rss < <(tail -n 1 "$out/time.txt")
  echo "$(echo "$end - $start" | bc) $(echo "$user + $system" | bc) $rss"
}

# The two tools take turns (ROUNDS rounds, default 5), so a slower or faster moment of the machine
# falls on both; best wall time, best CPU time and the largest peak RSS of each.
rounds=${ROUNDS:-5}
best() { sort -n | head -n 1; }
: > "$out/strata.txt"; : > "$out/squawk.txt"
for _ in $(seq "$rounds"); do
  once "$bin" lint "${files[@]}" >> "$out/strata.txt"
  once "$venv/bin/squawk" "${files[@]}" >> "$out/squawk.txt"
done
for tool in strata squawk; do
  read -r wall < <(cut -d' ' -f1 "$out/$tool.txt" | best)
  read -r cpu < <(cut -d' ' -f2 "$out/$tool.txt" | best)
  read -r rss < <(cut -d' ' -f3 "$out/$tool.txt" | sort -n | tail -n 1)
  printf -v "${tool}_wall" '%s' "$wall"; printf -v "${tool}_cpu" '%s' "$cpu"; printf -v "${tool}_rss" '%s' "$rss"
done
printf '%-8s wall %6.3f s  cpu %6.3f s  peak %7s KiB\n' strata "$strata_wall" "$strata_cpu" "$strata_rss" squawk "$squawk_wall" "$squawk_cpu" "$squawk_rss"
echo "strata/squawk: wall $(echo "scale=2; $strata_wall / $squawk_wall" | bc)   cpu $(echo "scale=2; $strata_cpu / $squawk_cpu" | bc)   peak memory $(echo "scale=2; $strata_rss / $squawk_rss" | bc)"
