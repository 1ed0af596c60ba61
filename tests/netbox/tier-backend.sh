# The backend half of the real-NetBox tier, sourced by tier.sh: proxbox-api 0.0.30.post2 in its
# own venv, and the simulated Proxmox VE clusters (proxmox-sdk's mock from the same venv behind
# the fault layer tests/netbox/pve/faults.py), over HTTPS on loopback.
# shellcheck shell=bash disable=SC2154  # root, run, cache and say come from tier.sh

PROXBOX_API_VERSION=0.0.30.post2
backend_venv=$cache/proxbox-api-$PROXBOX_API_VERSION
export TIER_BACKEND_PORT=${TIER_BACKEND_PORT:-58800}
# The simulated clusters: one file each in tests/netbox/pve/, which also names its port.
PVE_CLUSTERS=()
for file in "$root"/tests/netbox/pve/*.json; do PVE_CLUSTERS+=("$(basename "$file" .json)"); done

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
