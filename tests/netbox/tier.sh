#!/usr/bin/env bash
# The real-NetBox tier: NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 + this project's plugin
# wheel, on PostgreSQL and Redis from Debian, under gunicorn, behind nginx; the real
# proxbox-api 0.0.30.post2; two simulated Proxmox VE clusters (proxmox-sdk's mock behind the
# fault layer tests/netbox/pve/faults.py, over HTTPS); all on loopback.
#   tests/netbox/tier.sh up            installs what is missing, starts everything (idempotent)
#   tests/netbox/tier.sh down          stops everything
#   tests/netbox/tier.sh pve-start C [FILE]  (re)starts simulated cluster C (prod, lab9; or
#                                      one described by FILE, as the benchmark's) if it is down
#   tests/netbox/tier.sh pve-stop C    stops it, as a cluster that went away
#   tests/netbox/tier.sh backend-start / backend-stop   the same for proxbox-api
#   tests/netbox/tier.sh plugin-tests  the plugin's in-package tests, by NetBox's test runner
# The migrated database is cached as a pg_dump under ~/.cache/proxbox-ha, keyed by versions,
# as are the venvs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

NETBOX_VERSION=4.7.3
PROXBOX_VERSION=0.0.29.post6
PROXBOX_API_VERSION=0.0.30.post2
export TIER_PG_PORT=${TIER_PG_PORT:-55432}
export TIER_REDIS_PORT=${TIER_REDIS_PORT:-56379}
NETBOX_PORT=${TIER_NETBOX_PORT:-58001}
BARE_PORT=${TIER_BARE_PORT:-58002}
BARE_NETBOX_PORT=${TIER_BARE_NETBOX_PORT:-58003}
NGINX_PORT=${TIER_NGINX_PORT:-58080}
export TIER_BACKEND_PORT=${TIER_BACKEND_PORT:-58800}
# The simulated clusters: one file each in tests/netbox/pve/, which also names its port.
PVE_CLUSTERS=()
for file in tests/netbox/pve/*.json; do PVE_CLUSTERS+=("$(basename "$file" .json)"); done
cache=${XDG_CACHE_HOME:-$HOME/.cache}/proxbox-ha
venv=$cache/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION
dump=$cache/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION.pgdump
backend_venv=$cache/proxbox-api-$PROXBOX_API_VERSION
run=$root/target/netbox-tier
mkdir -p "$run"
export NETBOX_ROOT=$run/netbox
pg_bin=/usr/lib/postgresql/15/bin
# The README's deploy recipes run with /opt pointed here.
prefix=$run

recipe() { python3 "$root/tests/netbox/recipe.py" "$1" "$prefix"; }

# Whether the process of pid file $run/$1.pid is alive.
running() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

say() { printf '\033[1m[netbox tier]\033[0m %s\n' "$*"; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
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

install_packages() {
  local missing=()
  [ -x $pg_bin/initdb ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || missing+=(nginx)
  dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
  dpkg -s libnginx-mod-http-brotli-static >/dev/null 2>&1 || missing+=(libnginx-mod-http-brotli-static)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_netbox() {
  if [ ! -x "$venv/bin/netbox" ]; then
    say "installing netbox==$NETBOX_VERSION netbox-proxbox==$PROXBOX_VERSION (about 3 minutes)"
    rm -rf "$venv"
    "$(find_python312)" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "netbox==$NETBOX_VERSION" "netbox-proxbox==$PROXBOX_VERSION"
  fi
}

install_backend() {
  if [ ! -x "$backend_venv/bin/uvicorn" ]; then
    say "installing proxbox-api==$PROXBOX_API_VERSION (with proxmox-sdk's simulated Proxmox VE; about a minute)"
    rm -rf "$backend_venv"
    "$(find_python312)" -m venv "$backend_venv"
    "$backend_venv/bin/pip" install --quiet --disable-pip-version-check "proxbox-api==$PROXBOX_API_VERSION"
  fi
}

# The simulated clusters serve HTTPS only (proxbox-api always dials https://host:port/api2/json),
# with a self-signed certificate; their NetBox endpoints say verify_ssl: false.
make_certificate() {
  [ -f "$run/pve-tls/cert.pem" ] && return
  mkdir -p "$run/pve-tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$run/pve-tls/key.pem" -out "$run/pve-tls/cert.pem" 2>/dev/null
}

# Starts simulated cluster $1 (seeded from tests/netbox/pve/$1.json, or the file $2) unless
# it runs.
start_pve() {
  local name=$1 file=${2:-$root/tests/netbox/pve/$1.json} port
  [ -f "$file" ] || { echo "no simulated cluster $name" >&2; return 2; }
  port=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' "$file")
  running "pve-$name" && return
  PVE_CLUSTER_FILE="$file" setsid "$backend_venv/bin/uvicorn" faults:app \
    --app-dir "$root/tests/netbox/pve" --host 127.0.0.1 --port "$port" --no-access-log \
    --ssl-keyfile "$run/pve-tls/key.pem" --ssl-certfile "$run/pve-tls/cert.pem" \
    >"$run/pve-$name.log" 2>&1 </dev/null &
  echo $! >"$run/pve-$name.pid"
  wait_for "simulated cluster $name" "https://127.0.0.1:$port/__faults/writes" "$run/pve-$name.log" 60
}

# Starts proxbox-api on its database under $run (made at start; kept across restarts within
# one run, so its key and endpoint rows survive a backend-stop/backend-start).
start_backend() {
  running backend && return
  mkdir -p "$run/proxbox-api"
  # TESTING or PYTEST_CURRENT_TEST would silently switch proxbox-api to its in-process mock.
  env -u TESTING -u PYTEST_CURRENT_TEST \
    PROXBOX_DATABASE_PATH="$run/proxbox-api/proxbox.sqlite" \
    PROXBOX_ENCRYPTION_KEY="proxbox-ha-tier-encryption-key-0123456789" \
    PROXBOX_SKIP_NETBOX_BOOTSTRAP=1 PROXBOX_ENSURE_NETBOX_OBJECTS=false PROXMOX_API_MODE=real \
    PROXBOX_RATE_LIMIT=100000 PROXBOX_AUTH_LOCKOUT_THRESHOLD=100 \
    PROXBOX_AUTH_LOCKOUT_SOURCE_THRESHOLD=100000 \
    setsid "$backend_venv/bin/python" -m uvicorn proxbox_api.main:app --no-proxy-headers \
    --host 127.0.0.1 --port "$TIER_BACKEND_PORT" >>"$run/proxbox-api.log" 2>&1 </dev/null &
  echo $! >"$run/backend.pid"
  # It mounts routes generated from five Proxmox schemas first: about a minute.
  wait_for proxbox-api "http://127.0.0.1:$TIER_BACKEND_PORT/health" "$run/proxbox-api.log" 240
  # A new database wants its first API key; NetBox's FastAPI endpoint record carries the same.
  if curl -fs "http://127.0.0.1:$TIER_BACKEND_PORT/auth/bootstrap-status" | grep -q '"needs_bootstrap":true'; then
    curl -fs -X POST -H 'content-type: application/json' \
      -d "{\"api_key\": \"$(cat "$run/proxbox-api.key")\", \"label\": \"netbox tier\"}" \
      "http://127.0.0.1:$TIER_BACKEND_PORT/auth/register-key" >/dev/null
  fi
}

# Waits until $2 answers (up to $4 seconds) for service $1, whose log is $3.
wait_for() {
  local deadline=$((SECONDS + $4))
  until curl -fsk -o /dev/null "$2"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$1 did not start; the end of $3:" >&2
      tail -20 "$3" >&2
      return 1
    fi
    sleep 0.5
  done
}

# Stops the process of pid file $run/$1.pid (its whole process group) and waits for it.
stop_pid() {
  running "$1" || { rm -f "$run/$1.pid"; return 0; }
  local pid
  pid=$(cat "$run/$1.pid")
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$run/$1.pid"
}

install_wheel() {
  say "building and installing the plugin wheel as the README says"
  recipe build-wheel | bash -e >"$run/build-wheel.log" 2>&1 || { tail -20 "$run/build-wheel.log"; return 1; }
  mkdir -p "$prefix/opt/netbox"
  ln -sfn "$venv" "$prefix/opt/netbox/venv"
  # As on a NetBox that never had it: the README's pip install of the same version would keep
  # an earlier build.
  "$venv/bin/pip" uninstall --quiet --yes netbox-proxbox-ha 2>/dev/null || true
  (cd target/wheel && recipe install-wheel | bash -e) >/dev/null
}

install_static() {
  say "building the app for static hosting as the README says"
  recipe static-build | bash -e >/dev/null
}

start_postgres() {
  if as_postgres $pg_bin/pg_ctl -D "$run/pg" status >/dev/null 2>&1; then return; fi
  rm -rf "$run/pg"
  local owner
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then owner=postgres; fi
  install -d -o "$owner" "$run/pg" "$run/pg-socket"
  as_postgres $pg_bin/initdb -D "$run/pg" -U postgres --auth=trust >/dev/null
  as_postgres $pg_bin/pg_ctl -D "$run/pg" -l "$run/pg/server.log" -w start \
    -o "-h 127.0.0.1 -p $TIER_PG_PORT -k $run/pg-socket" >/dev/null
  as_postgres $pg_bin/createdb -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres netbox
  if [ -f "$dump" ]; then
    say "restoring the migrated database from $dump"
    as_postgres $pg_bin/pg_restore -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres -d netbox --no-owner <"$dump"
  fi
}

start_redis() {
  if running redis; then return; fi
  redis-server --port "$TIER_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$run/redis.pid" --logfile "$run/redis.log"
}

configure_netbox() {
  mkdir -p "$NETBOX_ROOT/conf"
  [ -f "$NETBOX_ROOT/conf/__init__.py" ] || : > "$NETBOX_ROOT/conf/__init__.py"
  { cat tests/netbox/configuration.py; recipe configuration; cat tests/netbox/tier-tail.py; } \
    >"$NETBOX_ROOT/conf/configuration.py"
  if [ ! -f "$dump" ]; then
    say "migrating an empty database (about 11 minutes, once; then cached)"
    "$venv/bin/netbox" migrate --no-input >"$run/migrate.log"
    mkdir -p "$cache"
    as_postgres $pg_bin/pg_dump -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres -Fc netbox >"$dump.new"
    mv "$dump.new" "$dump"
  else
    # A newer plugin wheel may bring migrations of its own (today it has none).
    "$venv/bin/netbox" migrate --no-input >"$run/migrate.log"
  fi
  "$venv/bin/netbox" collectstatic --no-input >/dev/null
}

# The plugin's own tests (netbox_proxbox_ha/tests, in its wheel) by NetBox's test runner, on a
# test database restored from the migrated dump: --keepdb then migrates nothing.
plugin_tests() {
  as_postgres $pg_bin/dropdb --if-exists -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres test_netbox
  as_postgres $pg_bin/createdb -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres test_netbox
  as_postgres $pg_bin/pg_restore -h 127.0.0.1 -p "$TIER_PG_PORT" -U postgres -d test_netbox --no-owner <"$dump"
  "$venv/bin/netbox" test netbox_proxbox_ha --keepdb --noinput --parallel 1 -v 2
}

# gunicorn on $1 with a pid file named $2; extra environment before the call.
start_gunicorn() {
  local port=$1 name=$2
  if running "$name"; then return; fi
  "$venv/bin/gunicorn" --daemon --pid "$run/$name.pid" --bind "127.0.0.1:$port" \
    --workers 3 --threads 3 --timeout 120 --error-logfile "$run/$name.log" \
    --access-logfile "$run/$name-access.log" netbox.wsgi
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/login/" && return
    sleep 0.5
  done
  echo "NetBox did not start; see $run/$name.log" >&2
  return 1
}

start_nginx() {
  if running nginx; then return; fi
  mkdir -p "$run/nginx-tmp"
  cat >"$run/nginx.conf" <<CONF
pid $run/nginx.pid;
# As Debian's own nginx.conf: the dynamic modules its packages install (brotli_static).
include /etc/nginx/modules-enabled/*.conf;
error_log $run/nginx-error.log;
events {}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $run/nginx-access.log;
    client_body_temp_path $run/nginx-tmp/body;
    proxy_temp_path $run/nginx-tmp/proxy;
    fastcgi_temp_path $run/nginx-tmp/fastcgi;
    uwsgi_temp_path $run/nginx-tmp/uwsgi;
    scgi_temp_path $run/nginx-tmp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
$(recipe nginx | sed 's/^/        /')
        location /static/ {
            alias $NETBOX_ROOT/static/;
        }
        location / {
            proxy_pass http://127.0.0.1:$NETBOX_PORT;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
    # The same NetBox without netbox-proxbox.
    server {
        listen 127.0.0.1:$BARE_PORT;
        location /static/ {
            alias $NETBOX_ROOT/static/;
        }
        location / {
            proxy_pass http://127.0.0.1:$BARE_NETBOX_PORT;
            proxy_set_header Host \$http_host;
        }
    }
}
CONF
  nginx -c "$run/nginx.conf"
}

stop() {
  for name in nginx netbox bare redis; do
    if [ -f "$run/$name.pid" ]; then kill "$(cat "$run/$name.pid")" 2>/dev/null || true; fi
  done
  stop_pid backend
  # Every simulated cluster, the benchmark's too.
  for pid_file in "$run"/pve-*.pid; do
    if [ -e "$pid_file" ]; then stop_pid "$(basename "$pid_file" .pid)"; fi
  done
  if [ -d "$run/pg" ]; then as_postgres $pg_bin/pg_ctl -D "$run/pg" -m fast stop >/dev/null 2>&1 || true; fi
  rm -f "$run"/*.pid
}

case "${1:-}" in
  up)
    install_packages
    install_netbox
    install_backend
    make_certificate
    for name in "${PVE_CLUSTERS[@]}"; do start_pve "$name"; done
    # A new proxbox-api database and key for every run.
    if ! running backend; then
      rm -rf "$run/proxbox-api" "$run/proxbox-api.log"
      mkdir -p "$run/proxbox-api"
      od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$run/proxbox-api.key"
    fi
    (start_backend) &
    backend_starting=$!
    install_wheel
    start_postgres
    start_redis
    install_static
    configure_netbox
    start_gunicorn "$NETBOX_PORT" netbox
    TIER_WITHOUT_PROXBOX=1 start_gunicorn "$BARE_NETBOX_PORT" bare
    start_nginx
    wait "$backend_starting"
    say "NetBox behind nginx on http://127.0.0.1:$NGINX_PORT, without netbox-proxbox on :$BARE_PORT (logs in $run)"
    ;;
  down) stop ;;
  pve-start) start_pve "$2" "${3:-}" ;;
  pve-stop) stop_pid "pve-$2" ;;
  backend-start) start_backend ;;
  backend-stop) stop_pid backend ;;
  plugin-tests) plugin_tests ;;
  # The migrated database alone, without the plugin wheel: fills the cache.
  database)
    install_packages
    install_netbox
    start_postgres
    start_redis
    TIER_PLUGINS=netbox_proxbox configure_netbox
    ;;
  *) echo "usage: $0 up|down|database" >&2; exit 2 ;;
esac
