#!/usr/bin/env bash
# Writes the warning-or-error findings of `strata review` on every schema in a folder as one
# TSV for a blind judge: id, file, line, severity, rule, object, message, fix (newlines as ⏎).
# Usage: benchmarks/corpus/findings-for-judge.sh <folder of .sql files> <out.tsv>
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${STRATA:-$root/.build/debug/strata}
folder=${1:?folder of .sql files (benchmarks/corpus/fetch-dev.sh prints it)}
out=${2:?output tsv}
[ -d "$folder" ] || { echo "skipped: $folder does not exist (run benchmarks/corpus/fetch-dev.sh)" >&2; exit 0; }
: > "$out.tmp"
for file in "$folder"/*.sql; do
  { "$bin" review "$file" --format json || [ $? -eq 1 ]; } | python3 -c '
import json, sys, os
name = os.path.basename(sys.argv[1])
for f in json.load(sys.stdin)["findings"]:
    if f["severity"] == "info": continue
    clean = lambda s: (s or "").replace("\t", " ").replace("\n", " ⏎ ")
    print(name, f["line"], f["severity"], f["rule"], f["object"] or "", clean(f["message"]), clean(f.get("fix")), sep="\t")
' "$file" >> "$out.tmp"
done
awk 'BEGIN{OFS="\t"; print "# id","file","line","severity","rule","object","message","fix"} {print NR, $0}' "$out.tmp" > "$out"
rm -f "$out.tmp"
echo "$(($(wc -l < "$out") - 1)) findings in $out"
