#!/usr/bin/env bash
# Writes Sources/strata/lint.order: the functions a `strata lint` run executes. The lint binary's
# link places them together (lld --symbol-ordering-file; `make release` compiles with one section
# per function), so a run maps about 4.7 MB of code instead of 7.4 MB: resident memory, not
# speed, is what this buys. Run it again after large changes to lint's code path; a
# stale list costs memory, never correctness (names no longer in the binary are skipped).
# Needs valgrind: callgrind records every function that runs, however briefly.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "lint-order: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
make -s -C "$root" release >&2
sql=$(bash "$root/scripts/fetch-pg-regress.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is all callgrind needs.
strip --strip-debug "$root/.build/release/strata" -o "$work/strata"
profile() { valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$1" "$work/strata" "${@:2}" >/dev/null 2>&1 || true; }
profile corpus lint "$sql"/*.sql
profile folder lint "$root/examples/migrations"
profile json lint --format json "$root/examples/migrations" "$sql/create_table.sql"
profile sarif lint --format sarif "$sql/alter_table.sql"
profile github lint --format github "$sql/create_index.sql"
profile rules rules
# Which names to list. A local helper may have one name in many objects (outlined copies, value
# witnesses, `objectdestroy`) and the list names a symbol, not a copy: every copy moves forward.
# That is cheap for objects built here (one section per function) but not for the toolchain's
# static libraries, whose code sits in one large section per object: a name also defined there
# would drag that whole section along, so such names are left out.
static=$(dirname "$(readlink -f "$(command -v swiftc)")")/../lib/swift_static/linux
nm --defined-only "$work/strata" | awk '{ print $3 }' | sort > "$work/defined"
uniq -u "$work/defined" > "$work/listable"
nm --defined-only "$static"/*.a 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u > "$work/toolchain"
uniq -d "$work/defined" | comm -23 - "$work/toolchain" >> "$work/listable"
# Sorted by name: the set is what matters for resident memory, and a sorted list changes only
# where the code did when the script runs again.
cat "$work"/cg.* | sed -nE 's/^c?fn=\([0-9]+\) (.*)$/\1/p' | sed -E "s/'[0-9]+$//" | LC_ALL=C sort -u \
  | grep -Fxf "$work/listable" > "$root/Sources/strata/lint.order"
# The build does not know the list is an input of the link: link again with the new one.
rm -f "$root/.build/release/strata"
make -s -C "$root" release >&2
echo "lint-order: $(wc -l < "$root/Sources/strata/lint.order") functions in Sources/strata/lint.order; .build/release/strata linked with it" >&2
