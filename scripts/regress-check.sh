#!/usr/bin/env bash
# Robustness: every file of PostgreSQL 15's regression SQL goes through `strata schema`,
# `strata review`, `strata lint` and `strata docs` with no crash (signal) and no hang (timeout). Syntax errors
# are expected and reported; exit codes 0, 1 and 2 are all answers.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${STRATA:-$root/.build/release/strata}
sql=$(bash "$root/scripts/fetch-pg-regress.sh") || exit 2
files=0; clean=0; with_errors=0; failures=0; errors_total=0
for file in "$sql"/*.sql; do
  files=$((files + 1))
  stderr=$(timeout 60 "$bin" schema "$file" 2>&1 >/dev/null)
  code=$?
  case $code in
    0) clean=$((clean + 1)) ;;
    2) with_errors=$((with_errors + 1)); errors_total=$((errors_total + $(grep -c 'syntax-error' <<<"$stderr"))) ;;
    124) echo "HANG: $file"; failures=$((failures + 1)) ;;
    *) echo "CRASH (exit $code): $file"; echo "$stderr" | tail -3; failures=$((failures + 1)) ;;
  esac
  docs="$root/benchmarks/out/regress-docs"
  for command in review lint docs; do
    extra=(); [ "$command" = docs ] && { rm -rf "$docs"; extra=(--out "$docs"); }
    timeout 60 "$bin" "$command" "$file" "${extra[@]}" >/dev/null 2>"$root/benchmarks/out/regress-stderr.txt"
    code=$?
    if [ "$code" -eq 124 ]; then echo "HANG: strata $command $file"; failures=$((failures + 1))
    elif [ "$code" -gt 2 ]; then echo "CRASH (exit $code): strata $command $file"; tail -3 "$root/benchmarks/out/regress-stderr.txt"; failures=$((failures + 1)); fi
  done
done
echo "regress: $files files, $clean clean, $with_errors with syntax errors ($errors_total statements libpg_query rejects), $failures crashes or hangs in schema, review, lint or docs"
[ "$failures" -eq 0 ]
