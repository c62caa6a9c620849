#!/usr/bin/env python3
"""Recall of `strata review` against an architect's own list, written before anyone read
Strata's output (benchmarks/corpus/architect-heldout.tsv: file, table, column_or_index,
problem_class, reason). An item is found when a finding of a rule that answers its class names
the same table (and, for a column or index item, that column or index).

usage: recall.py <folder of the .sql files> [--strata .build/debug/strata] [--list architect.tsv]
Skips loudly when the folder is missing (benchmarks/corpus/fetch-dev.sh fetches it)."""
import argparse, collections, json, os, subprocess, sys

# Which rules answer which of the architect's classes. Written from the class names alone.
ANSWERS = {
    "missing-primary-key": {"missing-primary-key"},
    "missing-foreign-key": {"missing-foreign-key", "polymorphic-reference"},
    "unindexed-foreign-key": {"fk-missing-index"},
    "redundant-index": {"redundant-index", "duplicate-index", "redundant-unique", "index-led-by-unique-key"},
    "float-money": {"money-as-float"},
    "timestamp-without-time-zone": {"prefer-timestamptz"},
    "integer-epoch": {"epoch-integer-timestamp"},
    "int4-key-overflow": {"prefer-bigint-key", "sequence-near-exhaustion"},
    "nullable-unique": {"nullable-unique-column"},
    "missing-unique": {"natural-key-not-unique", "missing-primary-key"},
    "serial-foreign-key-column": {"prefer-identity", "foreign-sequence-default", "fk-type-mismatch"},
    "missing-not-null": set(),
    "nullable-boolean": set(),
    "missing-check": {"enum-like-text-without-check"},
}

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--strata", default=".build/debug/strata")
    parser.add_argument("--list", default=os.path.join(os.path.dirname(__file__), "architect-heldout.tsv"))
    args = parser.parse_args()
    if not os.path.isdir(args.folder):
        print(f"skipped: {args.folder} does not exist (run benchmarks/corpus/fetch-dev.sh)", file=sys.stderr)
        return 0
    items = [l.rstrip("\n").split("\t") for l in open(args.list) if l.strip() and not l.startswith("#")]
    findings = collections.defaultdict(list)
    for name in sorted({i[0] for i in items}):
        out = subprocess.run([args.strata, "review", os.path.join(args.folder, name), "--format", "json"], capture_output=True, text=True)
        for f in json.loads(out.stdout)["findings"]:
            findings[name].append(f)
    per_class = collections.defaultdict(lambda: [0, 0, 0])
    found_any = found_warning = 0
    missed = []
    for file, table, member, klass, _reason in items:
        bare = table.split(".")[-1].lower()
        member = member.lower()
        def matches(f):
            if f["rule"] not in ANSWERS.get(klass, set()): return False
            text = ((f.get("object") or "") + " " + f["message"]).lower()
            if bare not in text: return False
            return member == "-" or member in text
        hits = [f for f in findings[file] if matches(f)]
        warn = [f for f in hits if f["severity"] != "info"]
        per_class[klass][0] += 1
        if hits: per_class[klass][1] += 1; found_any += 1
        else: missed.append((file, table, member, klass))
        if warn: per_class[klass][2] += 1; found_warning += 1
    total = len(items)
    print(f"architect's items: {total}; found at any severity: {found_any} ({100*found_any/total:.0f}%); at warning or error: {found_warning} ({100*found_warning/total:.0f}%)")
    for klass, (n, a, w) in sorted(per_class.items(), key=lambda x: -x[1][0]):
        print(f"  {klass:30} {n:3} items  {a:3} found  {w:3} at warning+")
    print("missed:")
    for m in missed: print("  " + " ".join(m))

if __name__ == "__main__":
    sys.exit(main())
