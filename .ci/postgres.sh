# Start the machine's PostgreSQL 15 cluster and create the portal's role and database (idempotent).
# Sourced by .ci/run and `make pg`; needs root (or the postgres user) on a Debian machine.
start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if ! pg_lsclusters -h | grep -q '^15 *main'; then
    pg_createcluster 15 main >/dev/null
  fi
  pg_lsclusters -h | grep -q '^15 *main .*online' || pg_ctlcluster 15 main start
  for _ in $(seq 1 30); do
    su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -qAt" <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gfmd') THEN
    CREATE ROLE gfmd LOGIN PASSWORD 'gfmd' CREATEDB;
  END IF;
END $$;
SQL
  su postgres -c "psql -qAtc \"select 1 from pg_database where datname='gfmd'\"" | grep -q 1 \
    || su postgres -c "createdb -O gfmd gfmd"
}
