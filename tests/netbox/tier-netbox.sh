# The NetBox half of the real-NetBox tier, sourced by tier.sh: NetBox $TIER_NETBOX (4.7.3 by
# default, from PyPI; 4.5.9 and 4.6.8 from the public NetBox trees at those tags, as NetBox's own
# guide installs from source) with netbox-proxbox 0.0.29.post6, in a Python 3.12 venv cached by
# version; its configuration, its migrated database and its gunicorn.
# shellcheck shell=bash disable=SC2154  # root, run, cache, prefix, recipe, say come from tier.sh

NETBOX_VERSION=${TIER_NETBOX:-4.7.3}
PROXBOX_VERSION=0.0.29.post6
venv=$cache/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION
# The migrated database of each version, committed (plain SQL, gzip: about 115 KB; migrating an
# empty database takes 11 to 15 minutes of CPU); else migrated once and kept in the cache.
dump=$root/tests/netbox/dumps/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION.sql.gz
[ -f "$dump" ] || dump=$cache/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION.sql.gz
# 4.7.x is on PyPI; the older releases only as source archives (../shared/netbox/ here).
case "$NETBOX_VERSION" in
  4.7.*) src="" ;;
  # Under the run's folder, not the cache: nginx's workers serve its static files.
  *) src=$run/netbox-src-$NETBOX_VERSION ;;
esac
export NETBOX_ROOT=$run/netbox

# NetBox's manage.py: the `netbox` command of the PyPI package, or the source tree's.
nb() {
  if [ -n "$src" ]; then "$venv/bin/python" "$src/netbox/manage.py" "$@"; else "$venv/bin/netbox" "$@"; fi
}

netbox_configuration() {
  if [ -n "$src" ]; then echo "$src/netbox/netbox/configuration.py"; else echo "$NETBOX_ROOT/conf/configuration.py"; fi
}

netbox_static() {
  if [ -n "$src" ]; then echo "$src/netbox/static"; else echo "$NETBOX_ROOT/static"; fi
}

find_python312() {
  local candidate
  for candidate in python3.12 "$(pyenv root 2>/dev/null || true)"/versions/3.12*/bin/python3 \
    "$HOME"/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
      command -v "$candidate"
      return
    fi
  done
  echo "NetBox $NETBOX_VERSION needs Python >= 3.12, and none was found (python3.12, pyenv)" >&2
  return 1
}

# The source archive of NetBox $NETBOX_VERSION, checked against its SHA256SUMS.
netbox_archive() {
  local dir
  for dir in "${NETBOX_SOURCES:-}" "$root/../shared/netbox" /work/shared/netbox; do
    if [ -n "$dir" ] && [ -f "$dir/netbox-$NETBOX_VERSION.tar.gz" ]; then
      (cd "$dir" && grep " netbox-$NETBOX_VERSION.tar.gz\$" SHA256SUMS | sha256sum --check --quiet) >&2
      echo "$dir/netbox-$NETBOX_VERSION.tar.gz"
      return
    fi
  done
  echo "NetBox $NETBOX_VERSION is not on PyPI, and its source archive netbox-$NETBOX_VERSION.tar.gz" \
    "was found neither in \$NETBOX_SOURCES nor in ../shared/netbox/" >&2
  return 1
}

install_netbox() {
  if [ -n "$src" ] && [ ! -f "$src/netbox/manage.py" ]; then
    local archive
    archive=$(netbox_archive)
    rm -rf "$src"
    mkdir -p "$src"
    tar -xzf "$archive" -C "$src" --strip-components=1
  fi
  [ -f "$venv/.installed" ] && return
  say "installing NetBox $NETBOX_VERSION and netbox-proxbox $PROXBOX_VERSION (3 to 5 minutes, once)"
  rm -rf "$venv"
  "$(find_python312)" -m venv "$venv"
  local pip=("$venv/bin/pip" install --quiet --disable-pip-version-check)
  if [ -n "$src" ]; then
    # psycopg[c] in NetBox's pinned requirements compiles against libpq (install_packages).
    "${pip[@]}" -r "$src/requirements.txt" "netbox-proxbox==$PROXBOX_VERSION"
  else
    "${pip[@]}" "netbox==$NETBOX_VERSION" "netbox-proxbox==$PROXBOX_VERSION"
  fi
  "$venv/bin/pip" check >/dev/null
  touch "$venv/.installed"
}

# NetBox's database: the migrated one restored (seconds), or migrated once and kept.
restore_database() {
  local database=$1 psql=(as_postgres "$pg_bin/psql" -q -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres)
  as_postgres "$pg_bin/dropdb" --if-exists -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres "$database"
  as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres "$database"
  [ -f "$dump" ] || return 0
  gunzip -c "$dump" | "${psql[@]}" -v ON_ERROR_STOP=1 -d "$database" >/dev/null
}

configure_netbox() {
  local configuration
  configuration=$(netbox_configuration)
  mkdir -p "$(dirname "$configuration")"
  if [ -z "$src" ] && [ ! -f "$NETBOX_ROOT/conf/__init__.py" ]; then : >"$NETBOX_ROOT/conf/__init__.py"; fi
  { cat "$root/tests/netbox/configuration.py"; recipe configuration; cat "$root/tests/netbox/tier-tail.py"; } \
    >"$configuration"
  if [ ! -f "$dump" ]; then
    say "migrating an empty database (11 to 15 minutes of CPU, once; then kept in $dump)"
    nb migrate --no-input >"$run/migrate.log"
    as_postgres "$pg_bin/pg_dump" -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres --no-owner \
      --no-privileges netbox | gzip -9 -n >"$dump.new"
    mv "$dump.new" "$dump"
  fi
  # A plugin that brings migrations would need them here; this one has none (checked).
  nb migrate --check >/dev/null || nb migrate --no-input >"$run/migrate.log"
  nb collectstatic --no-input >/dev/null
}

# gunicorn serving NetBox on $1 with a pid file named $2; extra environment before the call.
start_gunicorn() {
  local port=$1 name=$2
  if running "$name"; then return; fi
  local chdir=()
  if [ -n "$src" ]; then chdir=(--chdir "$src/netbox"); fi
  "$venv/bin/gunicorn" "${chdir[@]}" --daemon --pid "$run/$name.pid" --bind "127.0.0.1:$port" \
    --workers 3 --threads 3 --timeout 120 --error-logfile "$run/$name.log" \
    --access-logfile "$run/$name-access.log" netbox.wsgi
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/login/" && return
    sleep 0.5
  done
  echo "NetBox did not start; see $run/$name.log" >&2
  return 1
}
