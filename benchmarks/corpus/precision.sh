#!/usr/bin/env bash
# Precision of `strata review` on real applications' schemas (benchmarks/corpus/fetch.sh): every
# finding is matched with its verdict in benchmarks/corpus/labels.tsv (file, line, rule, object).
# Prints, per rule and in total, how many findings are real, debatable, wrong or not yet labelled,
# for findings at warning or above (what fails a build) and for info; then labels whose finding is
# no longer reported.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${STRATA:-$root/.build/debug/strata}
corpus=$(bash "$root/benchmarks/corpus/fetch.sh")
findings=$(mktemp); trap 'rm -f "$findings"' EXIT
for file in "$corpus"/*.sql; do
  { "$bin" review "$file" --format json || [ $? -eq 1 ]; } | python3 -c '
import json, sys, os
name = os.path.basename(sys.argv[1])
for f in json.load(sys.stdin)["findings"]:
    print(name, f["line"], f["rule"], f["object"] or "", f["severity"], sep="\t")
' "$file" >> "$findings"
done
python3 - "$findings" "$root/benchmarks/corpus/labels.tsv" <<'PY'
import sys, collections
findings = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
labels = {}
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip(): continue
    f, n, rule, obj, verdict, reason = line.rstrip("\n").split("\t")
    labels[(f, n, rule, obj)] = verdict
seen = set()
table = collections.defaultdict(collections.Counter)
for f, n, rule, obj, severity in findings:
    key = (f, n, rule, obj); seen.add(key)
    band = "info" if severity == "info" else "warning+"
    verdict = labels.get(key, "unlabelled")
    table[(band, rule)][verdict] += 1
    table[(band, "TOTAL")][verdict] += 1
    held_out = f in ("icinga2.sql", "ttrss.sql", "bacula.sql", "rt.sql", "kamailio.sql")
    table[(band, "TOTAL held-out apps" if held_out else "TOTAL tuned-on apps")][verdict] += 1
for band in ("warning+", "info"):
    print(f"{band}: rule, findings, real, debatable, wrong, unlabelled, precision (real / labelled)")
    for (b, rule), c in sorted(table.items(), key=lambda x: (x[0][1].startswith("TOTAL"), x[0][1])):
        if b != band: continue
        labelled = c["real"] + c["debatable"] + c["wrong"]
        precision = f"{100 * c['real'] / labelled:.0f}%" if labelled else "-"
        print(f"  {rule:34} {sum(c.values()):4} {c['real']:4} {c['debatable']:4} {c['wrong']:4} {c['unlabelled']:4}  {precision}")
stale = [k for k in labels if k not in seen]
print(f"labels without a finding any more: {len(stale)}")
for k in stale[:20]: print("  " + " ".join(k) + " (" + labels[k] + ")")
PY
