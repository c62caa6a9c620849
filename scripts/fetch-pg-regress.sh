#!/usr/bin/env bash
# Fetches PostgreSQL 15's regression SQL (src/test/regress/sql) from Debian's source package
# into benchmarks/out/pg-regress, for the robustness check and the benchmarks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/benchmarks/out/pg-regress"
if [ -d "$dest/sql" ] && [ "$(ls "$dest/sql" | wc -l)" -gt 100 ]; then echo "$dest/sql"; exit 0; fi
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if ! apt-get source --print-uris postgresql-15 >/dev/null 2>&1; then
  # Debian's deb-src for the same suites as the binary sources.
  $sudo_cmd tee /etc/apt/sources.list.d/strata-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $sudo_cmd apt-get update -qq >&2
fi
command -v dpkg-source >/dev/null || $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The newest version listed is not always on the mirror yet: try each one.
fetched=""
for version in $(apt-cache showsrc postgresql-15 | awk '/^Version:/ {print $2}' | sort -rV | uniq); do
  if (cd "$work" && apt-get source --download-only -qq "postgresql-15=$version" >&2 2>/dev/null); then fetched=$version; break; fi
  rm -f "$work"/*
done
[ -n "$fetched" ] || { echo "could not download postgresql-15's source package" >&2; exit 1; }
tarball=$(ls "$work"/postgresql-15_*.orig.tar.* | head -n 1)
mkdir -p "$dest"
tar -xf "$tarball" -C "$work" --wildcards '*/src/test/regress/sql/*'
rm -rf "$dest/sql"
mv "$work"/postgresql-15*/src/test/regress/sql "$dest/sql"
echo "$dest/sql"
