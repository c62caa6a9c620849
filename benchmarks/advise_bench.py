#!/usr/bin/env python3
"""benchmarks/advise.sh's measurements: what-if workload cost (HypoPG) and real workload runtime with
no new indexes, with a decision-rule baseline in the spirit of Dexter's published rules, and with
`strata advise`, at two budgets. Usage: advise_bench.py DSN STRATA WORKLOAD URL SMALL_BUDGET LARGE_BUDGET"""
import json, re, statistics, subprocess, sys, time
import psycopg2

dsn, strata, workload_path, url, small, large = sys.argv[1:7]
conn = psycopg2.connect(dsn)
conn.autocommit = True
cur = conn.cursor()

def parse_workload(text):
    queries, weight = [], 1.0
    for chunk in text.split(";"):
        lines = [l for l in chunk.strip().splitlines()]
        sql = []
        for line in lines:
            m = re.match(r"\s*--\s*weight:\s*([0-9.]+)", line)
            if m: weight = float(m.group(1))
            elif not line.strip().startswith("--"): sql.append(line)
        if "".join(sql).strip():
            queries.append((" ".join(sql).strip(), weight)); weight = 1.0
    return queries

queries = parse_workload(open(workload_path).read())

def cost(sql):
    cur.execute("EXPLAIN (FORMAT JSON) " + sql)
    return cur.fetchone()[0][0]["Plan"]["Total Cost"]

def plan(sql):
    cur.execute("EXPLAIN (FORMAT JSON) " + sql)
    return cur.fetchone()[0][0]["Plan"]

def whatif(indexes):
    cur.execute("SELECT hypopg_reset()")
    for ddl in indexes: cur.execute("SELECT * FROM hypopg_create_index(%s)", (ddl,))
    total = sum(w * cost(q) for q, w in queries)
    cur.execute("SELECT hypopg_reset()")
    return total

def hypothetical_size(ddl):
    cur.execute("SELECT hypopg_reset()")
    cur.execute("SELECT indexrelid FROM hypopg_create_index(%s)", (ddl,))
    oid = cur.fetchone()[0]
    cur.execute("SELECT hypopg_relation_size(%s)", (oid,))
    size = cur.fetchone()[0]
    cur.execute("SELECT hypopg_reset()")
    return size

def scans(node, out):
    if node.get("Relation Name") and node["Node Type"] in ("Seq Scan", "Parallel Seq Scan") and node.get("Filter"):
        out.append((node["Relation Name"], node["Filter"]))
    for child in node.get("Plans", []): scans(child, out)
    return out

def baseline():
    """Dexter's rules: per query, B-tree candidates of one or two WHERE columns (no partial, no
    expression, no GIN), the cheapest kept only if it at least halves the query's cost."""
    chosen = []
    for sql, weight in queries:
        before = cost(sql)
        best = None
        for table, condition in scans(plan(sql), []):
            columns = list(dict.fromkeys(re.findall(r"\(*([a-z_][a-z0-9_]*)\)*(?:::\w+)? (?:=|<|>|<=|>=|~~) ", condition)))
            candidates = [[c] for c in columns] + [[a, b] for a in columns for b in columns if a != b]
            for keys in candidates:
                ddl = f"CREATE INDEX ON {table} ({', '.join(keys)})"
                cur.execute("SELECT hypopg_reset()")
                cur.execute("SELECT * FROM hypopg_create_index(%s)", (ddl,))
                after = cost(sql)
                cur.execute("SELECT hypopg_reset()")
                if best is None or after < best[1]: best = (ddl, after)
        if best and best[1] <= before * 0.5 and best[0] not in [c[0] for c in chosen]:
            chosen.append((best[0], weight * (before - best[1])))
    chosen.sort(key=lambda c: -c[1])
    return [ddl for ddl, _ in chosen]

def within(indexes, budget):
    result, used = [], 0
    for ddl in indexes:
        size = hypothetical_size(ddl)
        if used + size <= budget: result.append(ddl); used += size
    return result

def parse_bytes(text):
    units = {"GB": 1 << 30, "MB": 1 << 20, "KB": 1 << 10}
    for suffix, factor in units.items():
        if text.upper().endswith(suffix): return int(float(text[:-len(suffix)]) * factor)
    return int(text)

def strata_advice(budget):
    start = time.time()
    out = subprocess.run([strata, "advise", "--database", url, "--workload", workload_path, "--budget", budget, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return [i["sql"].replace("CONCURRENTLY IF NOT EXISTS ", "").rstrip(";") for i in json.loads(out)["indexes"]], time.time() - start

def runtime(indexes):
    built = []
    for n, ddl in enumerate(indexes):
        name = f"bench_idx_{n}"
        cur.execute(re.sub(r"^CREATE INDEX (\S+ )?ON", f"CREATE INDEX {name} ON", ddl)); built.append(name)
    cur.execute("ANALYZE")
    total = 0.0
    for sql, weight in queries:
        times = []
        for _ in range(5):
            start = time.perf_counter(); cur.execute(sql); cur.fetchall(); times.append(time.perf_counter() - start)
        total += weight * statistics.median(times) * 1000
    for name in built: cur.execute(f"DROP INDEX {name}")
    return total

none_cost = whatif([])
base_all = baseline()
none_time = runtime([])
print(f"workload: {len(queries)} queries; what-if cost with no new index {none_cost:.0f}; real weighted runtime {none_time:.1f} ms")
print(f"baseline (Dexter-style rules) proposes {len(base_all)} indexes: " + "; ".join(base_all))
for label, budget in (("small", small), ("large", large)):
    base = within(base_all, parse_bytes(budget))
    mine, seconds = strata_advice(budget)
    base_cost, mine_cost = whatif(base), whatif(mine)
    line = (f"budget {budget} ({label}): relative what-if cost: baseline {base_cost / none_cost:.3f} ({len(base)} indexes), "
            f"strata {mine_cost / none_cost:.3f} ({len(mine)} indexes, advice in {seconds:.2f} s)")
    if label == "large":
        base_time, mine_time = runtime(base), runtime(mine)
        line += f"; real weighted runtime: none {none_time:.1f} ms, baseline {base_time:.1f} ms, strata {mine_time:.1f} ms"
    print(line)
    print("  strata: " + "; ".join(mine))

# Advice time for 20 queries: the workload plus variants with other constants.
twenty = open(workload_path).read()
for n in range(1, 9):
    twenty += f"\n-- weight: 3\nSELECT id, total FROM orders WHERE tenant_id = {n * 11} AND status = 'paid' ORDER BY created_at DESC LIMIT 10;\n"
with open(workload_path + ".20", "w") as f: f.write(twenty)
start = time.time()
subprocess.run([strata, "advise", "--database", url, "--workload", workload_path + ".20", "--format", "json"], check=True, capture_output=True)
print(f"advice for {len(parse_workload(twenty))} queries: {time.time() - start:.2f} s")
