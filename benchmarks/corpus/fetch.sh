#!/usr/bin/env bash
# Real applications' PostgreSQL schemas, as Debian ships them, into benchmarks/out/corpus:
# webmail (Roundcube), DNS (PowerDNS), RADIUS accounting (FreeRADIUS), wiki (MediaWiki),
# monitoring (Zabbix). Prints the folder. The packages are downloaded, never installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="$root/benchmarks/out/corpus"
if [ -f "$dest/zabbix.sql" ]; then echo "$dest"; exit 0; fi
mkdir -p "$dest"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
packages=(roundcube-core pdns-backend-pgsql freeradius-config mediawiki zabbix-server-pgsql)
(cd "$work" && apt-get download "${packages[@]}" >/dev/null 2>&1) || {
  apt-get update -qq >&2 && (cd "$work" && apt-get download "${packages[@]}" >/dev/null)
}
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
r="$work/root"
cp "$r/usr/share/roundcube/SQL/postgres.initial.sql" "$dest/roundcube.sql"
cp "$r/usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql" "$dest/powerdns.sql"
cp "$(find "$r" -path '*sql/main/postgresql/schema.sql' | head -n 1)" "$dest/freeradius.sql"
cp "$r/usr/share/mediawiki/maintenance/postgres/tables-generated.sql" "$dest/mediawiki.sql"
gunzip -c "$r/usr/share/zabbix-server-pgsql/schema.sql.gz" > "$dest/zabbix.sql"
echo "$dest"
