#!/usr/bin/env python3
"""How often `strata diff` (and migra, when installed) writes a right migration for the schema-diff
tools' own test cases, judged by applying it and comparing catalogs with pg_dump.

The cases come from benchmarks/peer_diff_cases.py (migra's, pg-schema-diff's and sqldef's suites,
fetched for evaluation only and never committed): CASES/<source>/<case>/{from,to}.sql + meta.json.
Without that folder this script says so and exits 0 without measuring.

For each case, on a throwaway cluster of its own: `from.sql` and `to.sql` are loaded into two
databases (a case whose SQL this server refuses is "not loadable", not counted); each tool's
migration is applied to a copy of the first, and the copy's `pg_dump --schema-only` must equal the
second's. Dumps are normalized the same way for every tool: comments and SET lines dropped,
statements sorted, a table's column lines sorted (column order is not judged). The verdicts are
per tool and mode: strata database to database (`--from URL --to URL`), strata file to file, migra.

Held out: a case whose name hashes (sha1) to 0 modulo 3 belongs to the held-out third, measured
and never tuned on; `--part tune|held-out|all` picks which cases run.

    python3 benchmarks/peer_diff.py --cases benchmarks/out/peer-cases --strata .build/release/strata \
        [--migra benchmarks/out/venv/bin/migra] [--part held-out] [--limit 60] [--out benchmarks/out/peer-diff.json]
"""
import argparse, hashlib, json, os, random, re, shutil, subprocess, sys, tempfile, time

def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)

class Cluster:
    def __init__(self):
        bins = sorted(d for d in os.listdir('/usr/lib/postgresql') if os.path.isdir(f'/usr/lib/postgresql/{d}/bin'))
        self.bin = f'/usr/lib/postgresql/{bins[-1]}/bin'
        self.dir = tempfile.mkdtemp(prefix='strata-peer-')
        os.chmod(self.dir, 0o755)
        self.as_pg = ['runuser', '-u', 'postgres', '--'] if os.getuid() == 0 else []
        if os.getuid() == 0:
            shutil.chown(self.dir, 'postgres', 'postgres')
        run(self.as_pg + [f'{self.bin}/initdb', '-D', f'{self.dir}/data', '-U', 'bench', '-A', 'trust', '--no-sync'], check=True)
        run(self.as_pg + [f'{self.bin}/pg_ctl', '-D', f'{self.dir}/data', '-l', f'{self.dir}/log', '-w', '-o',
                          f"-k {self.dir} -c listen_addresses='' -c fsync=off -c max_connections=50", 'start'], check=True)
        self.available = set(self.scalar('postgres', 'SELECT string_agg(name, \',\') FROM pg_available_extensions').split(','))

    def url(self, db):
        return f'postgresql://bench@/{db}?host={self.dir}&port=5432'

    def psql(self, db, sql=None, file=None):
        args = [f'{self.bin}/psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', self.dir, '-U', 'bench', '-d', db]
        args += ['-f', file] if file else ['-c', sql]
        return run(args)

    def scalar(self, db, sql):
        return run([f'{self.bin}/psql', '-X', '-A', '-t', '-h', self.dir, '-U', 'bench', '-d', db, '-c', sql]).stdout.strip()

    def dump(self, db):
        out = run([f'{self.bin}/pg_dump', '-s', '-O', '-h', self.dir, '-U', 'bench', db])
        return normalize(out.stdout) if out.returncode == 0 else None

    def stop(self):
        run(self.as_pg + [f'{self.bin}/pg_ctl', '-D', f'{self.dir}/data', '-m', 'immediate', 'stop'])
        shutil.rmtree(self.dir, ignore_errors=True)

def normalize(text):
    lines = [l for l in text.split('\n') if l.strip() and not l.startswith('--') and not l.startswith('SET ')
             and not l.startswith('SELECT pg_catalog.set_config') and not l.startswith('\\')]
    statements, current = [], []
    for line in lines:
        current.append(line.rstrip())
        if line.rstrip().endswith(';'):
            statements.append(current)
            current = []
    if current:
        statements.append(current)
    result = []
    for statement in statements:
        if statement[0].startswith('CREATE TABLE') and statement[-1].strip().startswith(')'):
            body = sorted(l.strip().rstrip(',') for l in statement[1:-1])
            statement = [statement[0]] + body + [statement[-1]]
        result.append('\n'.join(statement))
    return '\n'.join(sorted(result))

def held_out(name):
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 3 == 0

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--cases', required=True)
    parser.add_argument('--strata', required=True)
    parser.add_argument('--migra')
    parser.add_argument('--part', default='all', choices=['all', 'tune', 'held-out'])
    parser.add_argument('--limit', type=int, default=0, help='at most this many cases per source (a seeded sample)')
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--only', help='regex over source/case')
    parser.add_argument('--out')
    options = parser.parse_args()
    if not os.path.isdir(options.cases):
        print(f'peer_diff: no cases at {options.cases}: run benchmarks/peer_diff_cases.py with the fetched suites first; nothing measured', file=sys.stderr)
        return 0
    cases = []
    for source in sorted(os.listdir(options.cases)):
        folder = os.path.join(options.cases, source)
        if not os.path.isdir(folder):
            continue
        names = sorted(n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n, 'from.sql')))
        names = [n for n in names if options.part == 'all' or (options.part == 'held-out') == held_out(f'{source}/{n}')]
        if options.only:
            names = [n for n in names if re.search(options.only, f'{source}/{n}')]
        if options.limit and len(names) > options.limit:
            names = sorted(random.Random(options.seed).sample(names, options.limit))
        cases += [(source, n) for n in names]
    # A copy of the binary: a rebuild during a long run must not change or break what is measured.
    copy = os.path.join(tempfile.mkdtemp(prefix='strata-peer-bin-'), 'strata')
    shutil.copy2(options.strata, copy)
    options.strata = copy
    cluster = Cluster()
    tools = ['strata-db', 'strata-files'] + (['migra'] if options.migra else [])
    results = []
    try:
        for number, (source, name) in enumerate(cases):
            path = os.path.join(options.cases, source, name)
            meta = json.load(open(os.path.join(path, 'meta.json')))
            verdict = {'source': source, 'case': name, 'class': name.split('__')[0] if '__' in name else source}
            missing = [e for e in meta.get('extensions', []) if e not in cluster.available]
            if missing:
                verdict['skipped'] = 'extension not available: ' + ', '.join(missing)
                results.append(verdict)
                continue
            for role in meta.get('roles', []):
                cluster.psql('postgres', f"DO $$ BEGIN EXECUTE format('CREATE ROLE %I', {quote(role)}); EXCEPTION WHEN duplicate_object THEN NULL; END $$")
            base = f'c{number}'
            loaded = True
            for side in ('from', 'to'):
                cluster.psql('postgres', f'CREATE DATABASE {base}_{side}')
                out = cluster.psql(f'{base}_{side}', file=os.path.join(path, f'{side}.sql'))
                if out.returncode != 0:
                    verdict['skipped'] = f'{side}.sql does not load: ' + out.stderr.strip().split('\n')[0][:200]
                    loaded = False
                    break
            if loaded:
                wanted = cluster.dump(f'{base}_to')
                for tool in tools:
                    verdict[tool] = judge(cluster, options, tool, base, path, wanted)
            for db in [f'{base}_from', f'{base}_to'] + [f'{base}_{t.replace("-", "_")}' for t in tools]:
                cluster.psql('postgres', f'DROP DATABASE IF EXISTS {db}')
            results.append(verdict)
            mark = ' '.join(f"{t}={verdict.get(t, {}).get('verdict', '-')}" for t in tools)
            print(f"[{number + 1}/{len(cases)}] {source}/{name}: {verdict.get('skipped') or mark}", file=sys.stderr)
    finally:
        cluster.stop()
    report(results, tools, options)
    return 0

def quote(text):
    return "'" + text.replace("'", "''") + "'"

def judge(cluster, options, tool, base, path, wanted):
    copy = f'{base}_{tool.replace("-", "_")}'
    cluster.psql('postgres', f'CREATE DATABASE {copy} TEMPLATE {base}_from')
    start = time.monotonic()
    if tool == 'strata-db':
        out = run([options.strata, 'diff', '--from', cluster.url(f'{base}_from'), '--to', cluster.url(f'{base}_to'), '--allow-data-loss'])
    elif tool == 'strata-files':
        out = run([options.strata, 'diff', '--from', os.path.join(path, 'from.sql'), '--to', os.path.join(path, 'to.sql'),
                   '--allow-data-loss', '--dev', 'none'])
    else:
        out = run([options.migra, '--unsafe', '--with-privileges', cluster.url(f'{base}_from').replace('postgresql://', 'postgresql+psycopg2://'),
                   cluster.url(f'{base}_to').replace('postgresql://', 'postgresql+psycopg2://')])
        if out.returncode == 2:  # migra: 2 means "differences found", the script is on stdout
            out = subprocess.CompletedProcess(out.args, 0, out.stdout, out.stderr)
    elapsed = time.monotonic() - start
    if out.returncode != 0:
        return {'verdict': 'no-plan', 'why': (out.stderr or out.stdout).strip()[:300], 'seconds': elapsed}
    script = os.path.join(cluster.dir, f'{copy}.sql')
    open(script, 'w').write(out.stdout)
    applied = cluster.psql(copy, file=script)
    if applied.returncode != 0:
        return {'verdict': 'fails', 'why': applied.stderr.strip()[:300], 'seconds': elapsed}
    got = cluster.dump(copy)
    if got != wanted:
        missing = sorted(set(wanted.split('\n')) - set(got.split('\n')))[:3]
        extra = sorted(set(got.split('\n')) - set(wanted.split('\n')))[:3]
        return {'verdict': 'differs', 'why': f'missing {missing} extra {extra}'[:400], 'seconds': elapsed}
    return {'verdict': 'right', 'seconds': elapsed}

def report(results, tools, options):
    counted = [r for r in results if 'skipped' not in r]
    print(f'\n{len(results)} cases, {len(counted)} counted, {len(results) - len(counted)} skipped ({options.part} part)')
    skipped = {}
    for r in results:
        if 'skipped' in r:
            reason = r['skipped'].split(':')[0]
            skipped[reason] = skipped.get(reason, 0) + 1
    for reason, count in sorted(skipped.items()):
        print(f'  skipped, {reason}: {count}')
    for tool in tools:
        by_source = {}
        for r in counted:
            by_source.setdefault(r['source'], []).append(r[tool]['verdict'] == 'right')
        total = sum(sum(v) for v in by_source.values())
        line = ', '.join(f'{s} {sum(v)}/{len(v)}' for s, v in sorted(by_source.items()))
        print(f'{tool}: {total}/{len(counted)} right ({100.0 * total / max(1, len(counted)):.1f}%): {line}')
    classes = {}
    for r in counted:
        for tool in tools:
            classes.setdefault(r['class'], {}).setdefault(tool, []).append(r[tool]['verdict'] == 'right')
    print('\nby class (right/counted per tool):')
    for name, per_tool in sorted(classes.items()):
        print(f'  {name}: ' + ', '.join(f'{t} {sum(v)}/{len(v)}' for t, v in per_tool.items()))
    if options.out:
        json.dump(results, open(options.out, 'w'), indent=1)

if __name__ == '__main__':
    sys.exit(main())
