#!/usr/bin/env bash
# Real applications' PostgreSQL schemas, as Debian ships them, into benchmarks/out/corpus:
# webmail (Roundcube), DNS (PowerDNS), RADIUS accounting (FreeRADIUS), wiki (MediaWiki),
# monitoring (Zabbix); and, held out from the rules' tuning until their first run: monitoring
# (Icinga 2 IDO), RSS (Tiny Tiny RSS), backup (Bacula), ticketing (Request Tracker) and VoIP
# (Kamailio). Prints the folder. The packages are downloaded, never installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="$root/benchmarks/out/corpus"
if [ -f "$dest/kamailio.sql" ]; then echo "$dest"; exit 0; fi
mkdir -p "$dest"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
packages=(roundcube-core pdns-backend-pgsql freeradius-config mediawiki zabbix-server-pgsql
  icinga2-ido-pgsql tt-rss bacula-director-pgsql request-tracker5 kamailio-postgres-modules)
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
cp "$r/usr/share/icinga2-ido-pgsql/schema/pgsql.sql" "$dest/icinga2.sql"
cp "$r/usr/share/dbconfig-common/data/tt-rss/install/pgsql" "$dest/ttrss.sql"
cp "$r/usr/share/dbconfig-common/data/bacula-director-pgsql/install/pgsql" "$dest/bacula.sql"
cp "$r/usr/share/request-tracker5/etc/schema.Pg" "$dest/rt.sql"
# standard-create.sql makes the version table every other module's script inserts into.
cat "$r"/usr/share/kamailio/postgres/standard-create.sql > "$dest/kamailio.sql"
for part in "$r"/usr/share/kamailio/postgres/*-create.sql; do
  [ "$(basename "$part")" = standard-create.sql ] || cat "$part" >> "$dest/kamailio.sql"
done
echo "$dest"
