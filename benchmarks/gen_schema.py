#!/usr/bin/env python3
"""Writes a schema of N tables: 8 columns, a foreign key and 2 indexes each (benchmarks only)."""
import sys

def main() -> None:
    count = int(sys.argv[1])
    out = sys.stdout
    for i in range(count):
        parent = f"REFERENCES t{i - 1} (id)" if i > 0 else ""
        out.write(
            f"CREATE TABLE t{i} (\n"
            f"    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            f"    parent_id bigint {parent},\n"
            f"    name text NOT NULL,\n"
            f"    status text NOT NULL CHECK (status IN ('new', 'active', 'archived', 'deleted')),\n"
            f"    amount numeric(12,2) NOT NULL DEFAULT 0,\n"
            f"    payload jsonb,\n"
            f"    created_at timestamptz NOT NULL DEFAULT now(),\n"
            f"    updated_at timestamptz NOT NULL DEFAULT now()\n"
            f");\n"
            f"CREATE INDEX t{i}_parent_id_idx ON t{i} (parent_id);\n"
            f"CREATE INDEX t{i}_name_created_at_idx ON t{i} (name, created_at);\n"
            f"COMMENT ON TABLE t{i} IS 'table number {i}';\n\n"
        )

if __name__ == "__main__":
    main()
