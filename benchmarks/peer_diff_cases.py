#!/usr/bin/env python3
"""Extract schema-diff test cases from peer projects' own test suites.

Sources: migra (djrobstep/migra), pg-schema-diff (stripe/pg-schema-diff) and
sqldef (sqldef/sqldef, PostgreSQL tests only).  Their repositories are fetched
as bare git snapshots FOR EVALUATION ONLY and are NEVER COMMITTED: this script
reads them with `git --git-dir DIR show HEAD:path` and writes only into OUTDIR
(e.g. benchmarks/out/peer-cases, which is git-ignored).  Nothing from those
projects is copied into this repository.

Layout: OUTDIR/<source>/<case>/{from.sql,to.sql,meta.json[,expected.sql]}
Usage:  peer_diff_cases.py [--migra DIR] [--pg-schema-diff DIR] [--sqldef DIR] --out OUTDIR
"""
import argparse, ast, collections, json, os, re, shutil, subprocess, sys

EXT_RE = re.compile(r'(?i)\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?("[^"]+"|[\w-]+)')
IDENT = r'"(?:[^"]|"")+"|[\w-]+'
ROLE_RE = re.compile(r'(?is)\b(?:grant\b[^;]*?\bto|revoke\b[^;]*?\bfrom|owner\s+to|policy\b[^;]*?\bto)'
                     r'\s+((?:%s)(?:\s*,\s*(?:%s))*)' % (IDENT, IDENT))
BUILTIN_ROLES = {"public", "current_user", "session_user", "current_role", "postgres"}
skipped = collections.Counter()
written = collections.Counter()

def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True,
                          capture_output=True, text=True).stdout

def ls(gitdir):
    return git(gitdir, "ls-tree", "-r", "--name-only", "HEAD").splitlines()

def show(gitdir, path):
    return git(gitdir, "show", "HEAD:" + path)

def sanitize(name):
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")
    return s[:100] or "case"

def unquote(ident):
    return ident[1:-1].replace('""', '"') if ident.startswith('"') else ident

def scan(sql):
    """Extensions and (non-builtin) roles a schema text refers to."""
    exts = sorted({unquote(m).lower() for m in EXT_RE.findall(sql)})
    roles = set()
    for group in ROLE_RE.findall(sql):
        roles.update(unquote(r) for r in re.findall(IDENT, group) if r.lower() not in ("with", "grant"))
    return exts, sorted(roles)

def emit(out, source, name, from_sql, to_sql, meta, expected=None, used=set()):
    d = sanitize(name)
    key = (source, d.lower())
    n = 2
    while key in used:
        d = "%s-%d" % (sanitize(name), n); key = (source, d.lower()); n += 1
    used.add(key)
    path = os.path.join(out, source, d)
    os.makedirs(path, exist_ok=True)
    exts, roles = scan(from_sql + "\n" + to_sql)
    meta = {"source": source, "name": name, "dir": d, **meta}
    meta["extensions"] = sorted(set(meta.get("extensions", [])) | set(exts))
    meta["roles"] = sorted(r for r in set(meta.get("roles", [])) | set(roles) if r.lower() not in BUILTIN_ROLES)
    for fn, text in (("from.sql", from_sql), ("to.sql", to_sql), ("expected.sql", expected)):
        if text is not None:
            with open(os.path.join(path, fn), "w") as f:
                f.write(text if text.endswith("\n") or not text else text + "\n")
    meta["has_expected"] = expected is not None
    with open(os.path.join(path, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    written[source] += 1

def skip(source, reason, name):
    skipped[(source, reason)] += 1
    print("  skip %s/%s: %s" % (source, name, reason), file=sys.stderr)

# ---------------------------------------------------------------- migra
# Options migra's tests/test_migra.py passes per fixture (do_fixture_test kwargs).
MIGRA_OPTS = {"singleschema": {"schema": "goodschema"},
              "excludeschema": {"exclude_schema": "excludedschema"},
              "singleschema_ext": {"create_extensions_only": True},
              "extversions": {"ignore_extension_versions": False}}

def do_migra(gitdir, out):
    files = set(ls(gitdir))
    suite = show(gitdir, "tests/test_migra.py") if "tests/test_migra.py" in files else ""
    cases = sorted({p.split("/")[2] for p in files if p.startswith("tests/FIXTURES/") and p.count("/") == 3})
    for c in cases:
        base = "tests/FIXTURES/%s/" % c
        if base + "a.sql" not in files or base + "b.sql" not in files:
            skip("migra", "missing a.sql/b.sql", c); continue
        meta = {"file": base + "{a,b}.sql", "expects_error": False,
                "in_suite": bool(re.search(r"\b%s\b" % re.escape(c), suite)),
                "tool_options": MIGRA_OPTS.get(c, {"with_privileges": True})}
        exp = show(gitdir, base + "expected.sql") if base + "expected.sql" in files else None
        emit(out, "migra", c, show(gitdir, base + "a.sql"), show(gitdir, base + "b.sql"), meta, exp)

# ---------------------------------------------------------------- pg-schema-diff
GO_TOKEN = re.compile(r'\s+|//[^\n]*|/\*.*?\*/|`[^`]*`|"(?:\\.|[^"\\\n])*"|'
                      r"'(?:\\.|[^'\\\n])*'|[A-Za-z0-9_.]+|.", re.S)

def go_tokens(src):
    return [t for t in (m.group(0) for m in GO_TOKEN.finditer(src))
            if not t.isspace() and not t.startswith("//") and not t.startswith("/*")]

def go_str(tok):
    return tok[1:-1] if tok.startswith("`") else ast.literal_eval(tok)

def go_value(toks):
    """[]string{...} -> list, "x" -> str, anything else -> raw Go text."""
    strs, cat = [], False
    for t in toks:
        if t[0] in "`\"":
            if cat and strs: strs[-1] += go_str(t)
            else: strs.append(go_str(t))
            cat = False
        elif t == "+": cat = True
    if toks[:3] == ["[", "]", "string"] or toks == ["nil"]:
        return strs
    if len(toks) == 1 and strs:
        return strs[0]
    return " ".join(toks)

def go_cases(src):
    """Yield dicts of field -> value for each acceptanceTestCase struct literal."""
    toks = go_tokens(src)
    i = 0
    while i < len(toks) - 1:
        if toks[i] == "acceptanceTestCase" and toks[i + 1] == "{":
            i, depth, case, field, val = i + 2, 1, None, None, []
            while depth:
                t = toks[i]
                if depth == 2 and field is None and toks[i + 1] == ":":
                    field, val = t, []; i += 2; continue
                if t in "{[(":
                    depth += 1
                    if depth == 2 and t == "{": case = {}; i += 1; continue
                elif t in "}])":
                    depth -= 1
                if depth == 2 and t == "," or depth == 1 and case is not None and t == "}":
                    if field: case[field] = go_value(val)
                    field = None
                    if depth == 1: yield case; case = None
                elif field is not None:
                    val.append(t)
                i += 1
        i += 1

def join_ddl(stmts):
    parts = []
    for s in stmts:
        s = s.strip("\n").rstrip()
        if s and not s.endswith(";"):
            s += "\n;" if s.splitlines()[-1].lstrip().startswith("--") else ";"
        if s: parts.append(s)
    return "\n\n".join(parts)

def do_pgsd(gitdir, out):
    d = "internal/migration_acceptance_tests/"
    for path in sorted(p for p in ls(gitdir) if p.startswith(d) and p.endswith("_cases_test.go")):
        stem = path[len(d):-len("_cases_test.go")]
        for c in go_cases(show(gitdir, path)):
            name = c.get("name", "?")
            full = "%s/%s" % (stem, name)
            if "expectedPlanErrorIs" in c or "expectedPlanErrorContains" in c:
                skip("pg-schema-diff", "expects_error", full); continue
            if any(k in c and not isinstance(c[k], list) for k in ("oldSchemaDDL", "newSchemaDDL", "roles")):
                skip("pg-schema-diff", "DDL not a Go string-list literal", full); continue
            new, note = c.get("newSchemaDDL", []), None
            if "planFactory" in c and "dirSchemaSourcePlanFactory" in c["planFactory"]:
                new, note = c.get("expectedDBSchemaDDL", []), "target read from a schema dir; to.sql is expectedDBSchemaDDL"
            opts = c.get("planOpts", "")
            if stem == "data_packing": opts = (opts + " diff.WithDataPackNewTables()").strip()
            meta = {"name": name, "group": stem, "file": path, "expects_error": False,
                    "roles": [unquote(r) for r in c.get("roles", [])],
                    "expect_empty_plan": c.get("expectEmptyPlan") == "true",
                    "hazards": re.findall(r"MigrationHazardType(\w+)", c.get("expectedHazardTypes", "")),
                    "plan_opts": opts, "plan_factory": c.get("planFactory", ""),
                    "expected_db_schema_differs": "expectedDBSchemaDDL" in c and note is None,
                    "statements_from": len(c.get("oldSchemaDDL", [])), "statements_to": len(new)}
            if note: meta["note"] = note
            exp = c.get("expectedPlanDDL")
            emit(out, "pg-schema-diff", "%s__%s" % (stem, name), join_ddl(c.get("oldSchemaDDL", [])),
                 join_ddl(new), meta, join_ddl(exp) if isinstance(exp, list) else None)

# ---------------------------------------------------------------- sqldef
def do_sqldef(gitdir, out):
    import yaml  # PyYAML
    paths = sorted(p for p in ls(gitdir) if re.fullmatch(r"cmd/psqldef/tests[^/]*\.ya?ml", p))
    for path in paths:
        data = yaml.safe_load(show(gitdir, path)) or {}
        for name, c in data.items():
            if not isinstance(c, dict):
                skip("sqldef", "not a test case", name); continue
            if "aurora_dsql" in path:
                skip("sqldef", "other database (Aurora DSQL)", name); continue
            if c.get("error") is not None:
                skip("sqldef", "expects_error", name); continue
            fl = c.get("flavor", "")
            if fl and fl.lstrip("!") not in ("pgvector",):
                skip("sqldef", "other flavor (%s)" % fl, name); continue
            cur, des = c.get("current") or "", c.get("desired") or ""
            meta = {"file": path, "expects_error": False, "flavor": fl,
                    "min_version": str(c.get("min_version", "")), "max_version": str(c.get("max_version", "")),
                    "roles": list(c.get("managed_roles") or []), "user": c.get("user", ""),
                    "enable_drop": c.get("enable_drop", True),
                    "legacy_ignore_quotes": c.get("legacy_ignore_quotes", True),
                    "offline_only": bool(c.get("offline")), "config": c.get("config") or {},
                    "manage": c.get("manage") or {},
                    "sqldef_annotations": "@rename" in des or "@rename" in cur}
            if fl == "pgvector": meta["extensions"] = ["vector"]
            if meta["user"]:  # see createTestDatabase in cmd/psqldef/psqldef_test.go
                meta["setup_note"] = ("suite applies SQL as LOGIN role %s with search_path 'foo, public' "
                                      "and a schema foo it created: unqualified objects land in foo" % meta["user"])
            up = c.get("up", c.get("output"))
            if up is None and cur.strip() == des.strip():
                up = ""  # idempotency-only case with identical schemas
            meta["idempotency_only"] = c.get("up") is None and c.get("output") is None
            emit(out, "sqldef", name, cur, des, meta, up)

def guard_outdir(out):
    """Refuse an OUTDIR inside a git work tree unless git ignores it (never add peer files to a repo)."""
    probe = os.path.abspath(out)
    while not os.path.isdir(probe): probe = os.path.dirname(probe)
    inside = subprocess.run(["git", "-C", probe, "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True)
    if inside.stdout.strip() == "true" and subprocess.run(
            ["git", "-C", probe, "check-ignore", "-q", os.path.abspath(out)]).returncode != 0:
        sys.exit("refusing: %s is inside a git work tree and not git-ignored" % out)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--migra"); ap.add_argument("--pg-schema-diff", dest="pgsd")
    ap.add_argument("--sqldef"); ap.add_argument("--out", required=True)
    a = ap.parse_args()
    guard_outdir(a.out)
    missing = {}
    for src, gitdir, fn in (("migra", a.migra, do_migra), ("pg-schema-diff", a.pgsd, do_pgsd),
                            ("sqldef", a.sqldef, do_sqldef)):
        if not gitdir:
            missing[src] = "no --%s DIR given" % src
        elif not os.path.isdir(gitdir):
            missing[src] = "%s is not a directory" % gitdir
        if src in missing:
            print("!!! SKIPPING SOURCE %s: %s" % (src, missing[src]), file=sys.stderr); continue
        shutil.rmtree(os.path.join(a.out, src), ignore_errors=True)
        os.makedirs(os.path.join(a.out, src))
        rev = git(gitdir, "rev-parse", "HEAD").strip()
        print("%s: reading %s @ %s" % (src, gitdir, rev[:12]), file=sys.stderr)
        fn(gitdir, a.out)
        with open(os.path.join(a.out, src, "SOURCE.json"), "w") as f:
            json.dump({"source": src, "gitdir": gitdir, "commit": rev}, f, indent=2)
    print("\nSummary (written to %s):" % a.out)
    for src in ("migra", "pg-schema-diff", "sqldef"):
        print("  %-15s %4d cases%s" % (src, written[src], "  (SOURCE SKIPPED: %s)" % missing[src] if src in missing else ""))
        for (s, reason), n in sorted(skipped.items()):
            if s == src: print("  %-15s %4d skipped: %s" % ("", n, reason))


if __name__ == "__main__":
    main()
