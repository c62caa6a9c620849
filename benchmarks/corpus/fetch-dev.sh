#!/usr/bin/env bash
# A development corpus of real applications' PostgreSQL schemas, as Debian ships them, into
# benchmarks/out/corpus-dev/{tune,held-out}/<app>.sql. None of them is in fetch.sh's corpus.
#   coturn           WebRTC TURN/STUN relay: users, secrets, realms
#   davical          CalDAV/CardDAV calendar server (with its AWL base tables and functions)
#   ejabberd         XMPP chat server
#   glewlwyd         OAuth2 / OpenID Connect single sign-on server
#   gnokii-smsd      SMS gateway daemon: inbox/outbox
#   gnubg            GNU Backgammon match and statistics database
#   gnunet           GNUnet peer-to-peer framework: datastore, DHT cache, GNS name store
#   goiardi          Chef-compatible configuration-management server
#   hibiscus         home banking (Jameica/Hibiscus): accounts, transfers, statements
#   hipercontracer   network path/latency measurement (ping, traceroute) results
#   icinga-director  Icinga monitoring configuration management (Icinga Web 2 module)
#   kea              ISC Kea DHCP server: leases, hosts, configuration backend
#   ledgersmb        double-entry accounting/ERP (base schema, before its changes/ migrations)
#   mail-dmarc       DMARC aggregate-report store (Mail::DMARC)
#   nss-pgsql        Unix users/groups served to NSS (libnss-pgsql2 example schema)
#   oar              OAR HPC cluster batch scheduler: jobs, resources, queues
#   openqa           openQA OS test automation: jobs, workers, assets (latest DBIx deploy)
#   prelude          Prelude SIEM/IDS alert database (IDMEF)
#   rsyslog          syslog messages stored by rsyslog's ompgsql
#   spamassassin     SpamAssassin user prefs, auto-whitelist, Bayes, TxRep, short-URL cache
#   sylph-searcher   full-text search index of mail folders
#   theschwartz      TheSchwartz reliable job queue
#   tryton           Tryton ERP server core tables
#   ulogd2           netfilter firewall packet/flow logging
#   w1retap          1-Wire weather station sensor readings
# Each app goes to held-out/ if int(sha1(name),16) % 3 == 0, else to tune/: decided by the name
# alone, before anyone looks at the tool's output. Prints the folder. The packages are
# downloaded, never installed; a package that can't be downloaded is reported on stderr and its
# app left out (and the next run tries again).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest="$root/benchmarks/out/corpus-dev"

# app:package[,package...]
apps=(
  coturn:coturn
  davical:davical,libawl-php
  ejabberd:ejabberd
  glewlwyd:glewlwyd
  gnokii-smsd:gnokii-smsd-pgsql
  gnubg:gnubg-data
  gnunet:gnunet
  goiardi:goiardi
  hibiscus:hibiscus
  hipercontracer:hipercontracer
  icinga-director:icingaweb2-module-director
  kea:kea-admin
  ledgersmb:ledgersmb
  mail-dmarc:libmail-dmarc-perl
  nss-pgsql:libnss-pgsql2
  oar:oar-server
  openqa:openqa
  prelude:prelude-manager
  rsyslog:rsyslog-pgsql
  spamassassin:spamassassin
  sylph-searcher:sylph-searcher
  theschwartz:libtheschwartz-perl
  tryton:tryton-server
  ulogd2:ulogd2
  w1retap:w1retap-doc
)
names=() packages=()
declare -A needs
for a in "${apps[@]}"; do
  names+=("${a%%:*}")
  needs[${a%%:*}]=${a#*:}
  IFS=, read -r -a p <<<"${a#*:}"
  packages+=("${p[@]}")
done

# The split, by name only.
declare -A split
while read -r name part; do split[$name]=$part; done < <(python3 -c '
import hashlib, sys
for n in sys.argv[1:]:
    print(n, "held-out" if int(hashlib.sha1(n.encode()).hexdigest(), 16) % 3 == 0 else "tune")
' "${names[@]}")

done_already=1
for n in "${names[@]}"; do [ -s "$dest/${split[$n]}/$n.sql" ] || done_already=0; done
if [ "$done_already" = 1 ]; then echo "$dest"; exit 0; fi

rm -rf "$dest/tune" "$dest/held-out"
mkdir -p "$dest/tune" "$dest/held-out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir "$work/debs"; chmod 755 "$work/debs"

# One download for all; if that fails (stale lists, a package gone), update and go one by one.
missing=()
if ! (cd "$work/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1); then
  apt-get update -qq >&2 || true
  for p in "${packages[@]}"; do
    compgen -G "$work/debs/${p}_*.deb" >/dev/null && continue
    (cd "$work/debs" && apt-get download "$p" >/dev/null 2>&1) || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! fetch-dev.sh: COULD NOT DOWNLOAD these Debian packages: ${missing[*]}"
    echo "!!! The applications that need them are left out of $dest."
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  } >&2
fi
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
r="$work/root"

# Writes app $1's schema to stdout: the files it runs to create its database, in order
# (data-only files, CREATE DATABASE/USER scripts and upgrade scripts left out).
schema() {
  case "$1" in
    coturn) cat "$r/usr/share/coturn/schema.sql" ;;
    davical)
      # As dba/create-database.sh and update-davical-database run them.
      cat "$r/usr/share/awl/dba/awl-tables.sql" "$r/usr/share/awl/dba/schema-management.sql"
      local d="$r/usr/share/davical/dba"
      cat "$d/davical.sql" "$d/caldav_functions.sql" "$d/rrule_functions.sql" "$d"/views/*.sql ;;
    ejabberd) cat "$r/usr/share/ejabberd/sql/pg.sql" ;;
    glewlwyd) cat "$r/usr/share/dbconfig-common/data/glewlwyd/install/pgsql" ;;
    gnokii-smsd) cat "$r/usr/share/doc/gnokii-smsd-pgsql/sms.tables.pq.sql" ;;
    gnubg) cat "$r/usr/share/gnubg/gnubg.sql" ;;
    gnunet)
      # versioning.sql makes the _v schema the others register in. namecache-0001.sql is left
      # out: it creates schema "datacache" again (an upstream slip) and fails beside datacache.
      local g="$r/usr/share/gnunet/sql"
      cat "$g/versioning.sql" "$g/datacache-0001.sql" "$g/datastore-0001.sql" "$g/namestore-0001.sql" ;;
    goiardi) cat "$r/usr/share/goiardi/sql-files/sql-files/goiardi-schema-postgres.sql" ;;
    hibiscus) cat "$r/usr/share/jameica/plugins/hibiscus/sql/postgresql-create.sql" ;;
    hipercontracer)
      local h="$r/usr/share/doc/hipercontracer/examples/SQL"
      cat "$h/schema.sql" "$h/procedures.sql" ;;
    icinga-director) cat "$r/usr/share/icingaweb2/modules/director/schema/pgsql.sql" ;;
    kea) cat "$r/usr/share/kea/scripts/pgsql/dhcpdb_create.pgsql" ;;
    ledgersmb) cat "$r/usr/share/ledgersmb/sql/Pg-database.sql" ;;
    mail-dmarc) cat "$r/usr/share/perl5/auto/share/dist/Mail-DMARC/mail_dmarc_schema.pgsql" ;;
    nss-pgsql) cat "$r/usr/share/doc/libnss-pgsql2/examples/dbschema.sql" ;;
    oar) cat "$r/usr/lib/oar/database/pg_structure.sql" ;;
    openqa)
      # The newest DBIx::Class::DeploymentHandler deploy step: its version table, then the schema.
      local o
      o=$(ls -d "$r"/usr/share/openqa/dbicdh/PostgreSQL/deploy/[0-9]* | sort -V | tail -n 1)
      cat "$o/001-auto-__VERSION.sql" "$o/001-auto.sql" ;;
    prelude) cat "$r/usr/share/dbconfig-common/data/prelude-manager/install/pgsql" ;;
    rsyslog) cat "$r/usr/share/dbconfig-common/data/rsyslog-pgsql/install/pgsql" ;;
    spamassassin)
      local s="$r/usr/share/doc/spamassassin/sql"
      cat "$s/userpref_pg.sql" "$s/awl_pg.sql" "$s/bayes_pg.sql" "$s/txrep_pg.sql" \
        "$s/decodeshorturl_pg.sql" ;;
    sylph-searcher) cat "$r/usr/share/sylph-searcher/sql/create.sql" ;;
    theschwartz) cat "$r/usr/share/doc/libtheschwartz-perl/schema-postgres.sql" ;;
    tryton) cat "$r/usr/lib/python3/dist-packages/trytond/backend/postgresql/init.sql" ;;
    ulogd2) gunzip -c "$r/usr/share/doc/ulogd2/pgsql-ulogd2.sql.gz" ;;
    w1retap) cat "$r/usr/share/doc/w1retap/mksenst.sql" ;;
    *) echo "fetch-dev.sh: no recipe for $1" >&2; return 1 ;;
  esac
}

failed=()
for n in "${names[@]}"; do
  out="$dest/${split[$n]}/$n.sql"
  lacking=()
  IFS=, read -r -a p <<<"${needs[$n]}"
  for q in "${p[@]}"; do compgen -G "$work/debs/${q}_*.deb" >/dev/null || lacking+=("$q"); done
  if [ ${#lacking[@]} -gt 0 ]; then
    failed+=("$n"); echo "fetch-dev.sh: $n needs ${lacking[*]}, not downloaded" >&2; continue
  fi
  set +e
  (set -e; schema "$n") > "$out.tmp" 2>"$work/err"
  rc=$?
  set -e
  if [ "$rc" = 0 ] && [ -s "$out.tmp" ]; then
    mv "$out.tmp" "$out"
  else
    rm -f "$out.tmp"; failed+=("$n")
    echo "fetch-dev.sh: could not extract $n's schema: $(head -n 1 "$work/err")" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "!!! fetch-dev.sh: LEFT OUT of the corpus: ${failed[*]}" >&2
fi
echo "$dest"
