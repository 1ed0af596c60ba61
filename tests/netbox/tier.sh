#!/usr/bin/env bash
# The real-NetBox tier: NetBox (4.7.3 by default; TIER_NETBOX=4.5.9 or 4.6.8 for the older
# releases netbox-proxbox supports) + netbox-proxbox 0.0.29.post6 + this project's plugin wheel,
# on PostgreSQL and Redis from Debian, under gunicorn, behind nginx; the real proxbox-api
# 0.0.30.post2; two simulated Proxmox VE clusters (proxmox-sdk's mock behind the fault layer
# tests/netbox/pve/faults.py, over HTTPS); all on loopback. tier-netbox.sh and
# tier-backend.sh hold the two halves.
#   tests/netbox/tier.sh up            installs what is missing, starts everything (idempotent)
#   tests/netbox/tier.sh down          stops everything
#   tests/netbox/tier.sh pve-start C [FILE]  (re)starts simulated cluster C (prod, lab9; or
#                                      one described by FILE, as the benchmark's) if it is down
#   tests/netbox/tier.sh pve-stop C    stops it, as a cluster that went away
#   tests/netbox/tier.sh backend-start / backend-stop   the same for proxbox-api
#   tests/netbox/tier.sh plugin-tests  the plugin's in-package tests, by NetBox's test runner
#   tests/netbox/tier.sh upgrade-test  a newer wheel over an older one, then uninstalled
#   tests/netbox/tier.sh manage ARGS   NetBox's manage.py (`netbox` command) with ARGS
# TIER_BUILT=1: the wheel and the static build of an earlier `up` are used as they are (the
# release matrix builds once). Venvs are cached under ~/.cache/proxbox-ha, keyed by versions.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

export TIER_PG_PORT=${TIER_PG_PORT:-55432}
export TIER_REDIS_PORT=${TIER_REDIS_PORT:-56379}
NETBOX_PORT=${TIER_NETBOX_PORT:-58001}
BARE_PORT=${TIER_BARE_PORT:-58002}
BARE_NETBOX_PORT=${TIER_BARE_NETBOX_PORT:-58003}
NGINX_PORT=${TIER_NGINX_PORT:-58080}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/proxbox-ha
run=$root/target/netbox-tier
mkdir -p "$run" "$cache"
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

# shellcheck source=tests/netbox/tier-netbox.sh
. "$root/tests/netbox/tier-netbox.sh"
# shellcheck source=tests/netbox/tier-backend.sh
. "$root/tests/netbox/tier-backend.sh"

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

install_wheel() {
  if [ -z "${TIER_BUILT:-}" ]; then
    say "building the plugin wheel as the README says"
    recipe build-wheel | bash -e >"$run/build-wheel.log" 2>&1 || { tail -20 "$run/build-wheel.log"; return 1; }
  fi
  say "installing it into NetBox $NETBOX_VERSION as the README says"
  mkdir -p "$prefix/opt/netbox"
  ln -sfn "$venv" "$prefix/opt/netbox/venv"
  # As on a NetBox that never had it: the README's pip install of the same version would keep
  # an earlier build.
  "$venv/bin/pip" uninstall --quiet --yes netbox-proxbox-ha 2>/dev/null || true
  (cd target/wheel && recipe install-wheel | bash -e) >/dev/null
}

install_static() {
  if [ -n "${TIER_BUILT:-}" ]; then return; fi
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
  if [ -f "$dump" ]; then say "restoring NetBox $NETBOX_VERSION's migrated database from $dump"; fi
  restore_database netbox
}

# The plugin's own tests (netbox_proxbox_ha/tests, in its wheel) by NetBox's test runner, on a
# test database restored from the migrated dump: --keepdb then migrates nothing.
plugin_tests() {
  restore_database test_netbox
  nb test netbox_proxbox_ha --keepdb --noinput --parallel 1 -v 2
}

# Reloads both NetBoxes' gunicorn (new code and build after a pip change) and waits for them.
reload_netbox() {
  local name port
  for name in netbox bare; do
    kill -HUP "$(cat "$run/$name.pid")"
  done
  sleep 1
  for port in "$NETBOX_PORT" "$BARE_NETBOX_PORT"; do
    wait_for NetBox "http://127.0.0.1:$port/login/" "$run/netbox.log" 120
  done
}

# Whether nginx answers $2 for the build's file $1 (200, or 404 once it is gone).
expect_file() {
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/plugins/proxbox-ha/$1")
  [ "$status" = "$2" ] || { echo "upgrade test: /plugins/proxbox-ha/$1 answered $status, not $2" >&2; return 1; }
}

# An administrator's upgrade: an older release installed, this one over it with the README's
# pip command, then uninstalled, and installed again from the sdist. NetBox keeps working at each step, serves
# no file of the build it no longer has, and needs no migration.
upgrade_test() {
  local wheel older name version
  wheel=$(ls "$root"/target/wheel/netbox_proxbox_ha-*.whl)
  older=$run/upgrade/netbox_proxbox_ha-0.0.9-py3-none-any.whl
  mkdir -p "$run/upgrade"
  mapfile -t old_files < <(python3 "$root/tests/netbox/older_wheel.py" "$wheel" "$older")
  mapfile -t new_files < <(unzip -Z1 "$wheel" | sed -n 's|^netbox_proxbox_ha/app/\([^/]*-[0-9a-f]\{8,16\}\(_bg\)\{0,1\}\.[a-z]*\)$|\1|p')
  "$venv/bin/pip" uninstall --quiet --yes netbox-proxbox-ha
  "$venv/bin/pip" install --quiet "$older"
  reload_netbox
  for name in "${old_files[@]}"; do expect_file "$name" 200; done
  say "upgrade test: 0.0.9 installed, its ${#old_files[@]} files served"
  (cd "$(dirname "$wheel")" && recipe install-wheel | bash -e) >/dev/null
  reload_netbox
  for name in "${old_files[@]}"; do expect_file "$name" 404; done
  for name in "${new_files[@]}"; do expect_file "$name" 200; done
  nb migrate --check >"$run/upgrade/migrate.log" 2>&1 || { cat "$run/upgrade/migrate.log" >&2; return 1; }
  version=$("$venv/bin/pip" show netbox-proxbox-ha | sed -n 's/^Version: //p')
  [ "$version" = "$(basename "$wheel" | cut -d- -f2)" ] || { echo "upgrade test: pip shows $version" >&2; return 1; }
  say "upgrade test: the newer wheel over it serves only its own ${#new_files[@]} files; no migration"
  "$venv/bin/pip" uninstall --quiet --yes netbox-proxbox-ha
  # NetBox starts without a plugin in PLUGINS that is not installed only if it is taken out.
  echo 'PLUGINS = [p for p in PLUGINS if p != "netbox_proxbox_ha"]' >>"$(netbox_configuration)"
  reload_netbox
  expect_file "${new_files[0]}" 404
  nb check >"$run/upgrade/check.log" 2>&1 || { cat "$run/upgrade/check.log" >&2; return 1; }
  say "upgrade test: uninstalled, NetBox runs without it"
  # Installed again from the sdist this time (pip builds it, as from a source release).
  "$venv/bin/pip" install --quiet "${wheel%-py3-none-any.whl}.tar.gz"
  configure_netbox
  reload_netbox
  for name in "${new_files[@]}"; do expect_file "$name" 200; done
  say "upgrade test: installed from the sdist, every file served; passed"
}

start_redis() {
  if running redis; then return; fi
  redis-server --port "$TIER_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$run/redis.pid" --logfile "$run/redis.log"
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
            alias $(netbox_static)/;
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
            alias $(netbox_static)/;
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
    say "NetBox $NETBOX_VERSION behind nginx on http://127.0.0.1:$NGINX_PORT, without netbox-proxbox on :$BARE_PORT (logs in $run)"
    ;;
  down) stop ;;
  pve-start) start_pve "$2" "${3:-}" ;;
  pve-stop) stop_pid "pve-$2" ;;
  backend-start) start_backend ;;
  backend-stop) stop_pid backend ;;
  plugin-tests) plugin_tests ;;
  upgrade-test) upgrade_test ;;
  manage) shift; nb "$@" ;;
  *) echo "usage: $0 up|down|pve-start|pve-stop|backend-start|backend-stop|plugin-tests|upgrade-test|manage" >&2; exit 2 ;;
esac
