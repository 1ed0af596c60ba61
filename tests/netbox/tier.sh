#!/usr/bin/env bash
# The real-NetBox tier: NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 + this project's plugin
# wheel, on PostgreSQL and Redis from Debian, under gunicorn, behind nginx; all on loopback.
#   tests/netbox/tier.sh up     installs what is missing, starts everything (idempotent)
#   tests/netbox/tier.sh down   stops everything
# The migrated database is cached as a pg_dump under ~/.cache/proxbox-ha, keyed by versions.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

NETBOX_VERSION=4.7.3
PROXBOX_VERSION=0.0.29.post6
export TIER_PG_PORT=${TIER_PG_PORT:-55432}
export TIER_REDIS_PORT=${TIER_REDIS_PORT:-56379}
NETBOX_PORT=${TIER_NETBOX_PORT:-58001}
BARE_PORT=${TIER_BARE_PORT:-58002}
BARE_NETBOX_PORT=${TIER_BARE_NETBOX_PORT:-58003}
NGINX_PORT=${TIER_NGINX_PORT:-58080}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/proxbox-ha
venv=$cache/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION
dump=$cache/netbox-$NETBOX_VERSION-proxbox-$PROXBOX_VERSION.pgdump
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
  command -v curl >/dev/null || missing+=(curl)
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
  install -d -o "$( [ "$(id -u)" = 0 ] && echo postgres || id -un)" "$run/pg" "$run/pg-socket"
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
    [ -f "$run/$name.pid" ] && kill "$(cat "$run/$name.pid")" 2>/dev/null || true
  done
  [ -d "$run/pg" ] && as_postgres $pg_bin/pg_ctl -D "$run/pg" -m fast stop >/dev/null 2>&1 || true
  rm -f "$run"/*.pid
}

case "${1:-}" in
  up)
    install_packages
    install_netbox
    install_wheel
    start_postgres
    start_redis
    install_static
    configure_netbox
    start_gunicorn "$NETBOX_PORT" netbox
    TIER_WITHOUT_PROXBOX=1 start_gunicorn "$BARE_NETBOX_PORT" bare
    start_nginx
    say "NetBox behind nginx on http://127.0.0.1:$NGINX_PORT, without netbox-proxbox on :$BARE_PORT (logs in $run)"
    ;;
  down) stop ;;
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
