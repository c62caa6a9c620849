# Sourced by the benchmark scripts: `start_cluster NAME "SERVER OPTIONS"` initdb's a throwaway
# PostgreSQL cluster into /tmp/strata-bench-NAME-XXXXXX, starts it on a unix socket there (no TCP),
# and stops and deletes it when the script exits. Sets pgbin, psql, dir; user `bench`, port 5432.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "no PostgreSQL server programs (make deps installs them)"; exit 2; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql="$pgbin/psql"; [ -x "$psql" ] || psql=psql

start_cluster() {
  dir=$(mktemp -d "/tmp/strata-bench-$1-XXXXXX"); chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  trap 'as_pg "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT INT TERM
  as_pg "$pgbin/initdb" -D "$dir/data" -U bench -A trust --no-sync >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-k $dir -c listen_addresses='' $2" start >/dev/null
}
