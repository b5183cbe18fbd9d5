#!/usr/bin/env bash
# with_postgres.sh CMD [ARGS...]
#
# Runs CMD with a throwaway PostgreSQL server: creates a cluster in a temporary directory
# (initdb), starts it listening on a Unix socket only (no TCP, no network), exports
# SAKIMORI_TEST_PG_URL pointing at it, runs CMD, then stops the server and removes the
# directory, also when CMD fails or the script is interrupted. Exits with CMD's status, or
# 77 (the ctest "skipped" code) when no PostgreSQL server binaries are installed
# (Debian: apt-get install postgresql). When run as root, the server runs as the
# unprivileged user `nobody` (PostgreSQL refuses to run as root).
#
# Environment: SAKIMORI_PG_BINDIR overrides the directory holding initdb and pg_ctl.
set -euo pipefail

if [ $# -eq 0 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

find_bindir() {
  if [ -n "${SAKIMORI_PG_BINDIR:-}" ]; then
    echo "$SAKIMORI_PG_BINDIR"
    return
  fi
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

bindir="$(find_bindir)"
if [ -z "$bindir" ]; then
  echo "with_postgres.sh: no PostgreSQL server found (install Debian's postgresql);" \
       "skipping" >&2
  exit 77
fi

# The server's user: ourselves, or nobody when we are root.
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  as_server=(runuser -u nobody --)
fi

# A short path: the socket path must fit in 107 bytes.
tmp="$(mktemp -d /tmp/sakimori-pg.XXXXXX)"
data="$tmp/data"
sock="$tmp/sock"
mkdir -p "$sock"
chmod 755 "$tmp"
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$tmp" "$sock"
fi

cleanup() {
  local rc=$?
  if [ -f "$data/postmaster.pid" ]; then
    (cd "$tmp" && "${as_server[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop \
       >/dev/null 2>&1) || true
  fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Any port number works: with no TCP listener it only names the socket file in $sock.
port=$(( 20000 + RANDOM % 20000 ))
cd "$tmp"
if ! "${as_server[@]}" "$bindir/initdb" -D "$data" -U sakimori -A trust -E UTF8 --locale=C \
       --no-sync >"$tmp/initdb.log" 2>&1; then
  cat "$tmp/initdb.log" >&2
  exit 1
fi
if ! "${as_server[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 start \
       -o "-c listen_addresses='' -c unix_socket_directories='$sock' -p $port -c fsync=off \
           -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
  cat "$tmp/server.log" >&2
  exit 1
fi

export SAKIMORI_TEST_PG_URL="postgresql://sakimori@/postgres?host=$sock&port=$port"
cd "$OLDPWD"
set +e
"$@"
rc=$?
set -e
exit $rc
