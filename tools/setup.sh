#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there.
# Usage: tools/setup.sh [build|test]   (build: compiler tools only; test: also Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-test}
TRUNK_VERSION=0.21.14
LEPTOSFMT_VERSION=0.1.33
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding Rust component $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$want" = test ] && [ "$(leptosfmt --version 2>/dev/null)" != "leptosfmt $LEPTOSFMT_VERSION" ]; then
  say "installing leptosfmt $LEPTOSFMT_VERSION (formats view! macros; a few minutes)"
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly. Not --locked: its
# lockfile names a crate this registry lacks.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (a few minutes)"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

# wasm-opt 132 and the browser test drivers come from npm (lockfile in tests/e2e).
# Debian's binaryen (108) builds a wasm that crashes in the browser: never use it.
# npm writes node_modules/.package-lock.json on install: missing or older than the lockfile
# means the packages are not (all) there.
if [ ! -f tests/e2e/node_modules/.package-lock.json ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  say "installing npm packages in tests/e2e"
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

if [ "$want" = test ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

cargo fetch --quiet
say "tools ready"
