#!/usr/bin/env python3
"""Counts a module's public declarations and how many carry a doc comment (`///` or `/** */`
directly above, attributes between allowed). Usage: scripts/public-api.py Sources/StrataKit [--list]"""
import os, re, sys

DECL = re.compile(r'^\s*(@\w+(\([^)]*\))?\s+)*(public|open)\s+(?!import\b)(?!extension\b)')

def scan(root):
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith('.swift'):
                continue
            path = os.path.join(folder, name)
            lines = open(path, encoding='utf-8').read().split('\n')
            for index, line in enumerate(lines):
                if not DECL.match(line):
                    continue
                above = index - 1
                while above >= 0 and lines[above].strip().startswith('@'):
                    above -= 1
                text = lines[above].strip() if above >= 0 else ''
                documented = text.startswith('///') or text.endswith('*/')
                yield path, index + 1, line.strip(), documented

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else 'Sources/StrataKit'
    found = list(scan(root))
    documented = sum(1 for item in found if item[3])
    if '--list' in sys.argv:
        for path, line, text, doc in found:
            print(f"{path}:{line}: {'doc' if doc else 'NODOC'} {text[:100]}")
    share = 100.0 * documented / len(found) if found else 100.0
    print(f"{root}: {len(found)} public declarations, {documented} documented ({share:.0f}%)")

main()
