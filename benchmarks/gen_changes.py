#!/usr/bin/env python3
"""Reads a gen_schema.py schema on stdin and writes it with CHANGES changes (benchmarks only):
columns added, defaults changed, indexes added and dropped, checks changed, tables added and
dropped, in equal shares, spread over the tables."""
import re
import sys

def main() -> None:
    changes = int(sys.argv[1])
    text = sys.stdin.read()
    tables = re.findall(r"CREATE TABLE t(\d+) \(", text)
    count = len(tables)
    kinds = 6
    per_kind = changes // kinds
    step = max(1, count // (per_kind + 1))
    picks = [i * step + 1 for i in range(per_kind)]
    for n in picks:  # a new column
        text = text.replace(f"CREATE TABLE t{n} (\n", f"CREATE TABLE t{n} (\n    note_{n} text,\n", 1)
    for n in picks:  # a changed default
        text = re.sub(rf"(CREATE TABLE t{n} \((?:.|\n)*?amount numeric\(12,2\) NOT NULL DEFAULT )0", r"\g<1>1", text, count=1)
    for n in picks:  # an index added
        text += f"CREATE INDEX t{n}_status_idx ON t{n} (status);\n"
    for n in picks:  # an index dropped
        text = text.replace(f"CREATE INDEX t{n + 2}_name_created_at_idx ON t{n + 2} (name, created_at);\n", "", 1)
    for n in picks:  # a check changed
        text = re.sub(rf"(CREATE TABLE t{n + 3} \((?:.|\n)*?'deleted')\)", r"\g<1>, 'merged')", text, count=1)
    rest = changes - 5 * per_kind
    for i in range(rest):  # new tables
        text += f"CREATE TABLE extra_{i} (id bigint PRIMARY KEY, t_id bigint REFERENCES t{i + 1} (id), label text NOT NULL);\n"
    sys.stdout.write(text)

if __name__ == "__main__":
    main()
