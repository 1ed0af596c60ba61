#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there.
# Usage: tools/setup.sh [build|test]   (build: compiler tools only; test: also Chromium, the
# task runner `just` and the lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-test}
TRUNK_VERSION=0.21.14
LEPTOSFMT_VERSION=0.1.33
JUST_VERSION=1.59.0
RUFF_VERSION=0.17.5
PRE_COMMIT_VERSION=4.7.0
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print; exit}' Cargo.lock)
# ruff and pre-commit (PyPI) live in a venv of their own; the justfile puts its bin/ on PATH.
lint_venv=${XDG_CACHE_HOME:-$HOME/.cache}/proxbox-ha/lint-venv
# The browser suites' npm project (Playwright, axe-core, and wasm-opt for the build).
npm_dir=tests

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Rust: rust-toolchain.toml names the toolchain (the machine's `stable`), its target and its
# components. Left to rustup, a listed target that is missing would make it "sync" the
# channel first, that is download the whole newest stable; so they are added here, to the
# installed toolchain by name, and no rustup call of this script installs on its own.
export RUSTUP_AUTO_INSTALL=0
toolchain=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
listed() { sed -n "s/^$1 = \[\(.*\)\]$/\1/p" rust-toolchain.toml | tr -d '",'; }
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  say "installing Rust toolchain $toolchain"
  rustup toolchain install "$toolchain" --profile minimal
fi
for target in $(listed targets); do
  if ! rustup target list --installed --toolchain "$toolchain" | grep -qx "$target"; then
    say "adding Rust target $target"
    rustup target add --toolchain "$toolchain" "$target"
  fi
done
for component in $(listed components); do
  if ! rustup component list --installed --toolchain "$toolchain" | grep -q "^$component-"; then
    say "adding Rust component $component"
    rustup component add --toolchain "$toolchain" "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$want" = test ] && [ "$(just --version 2>/dev/null)" != "just $JUST_VERSION" ]; then
  say "installing just $JUST_VERSION (the task runner: justfile; a few minutes)"
  cargo install just --version "$JUST_VERSION" --locked
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

if [ "$want" = test ] && {
  [ "$("$lint_venv/bin/ruff" --version 2>/dev/null)" != "ruff $RUFF_VERSION" ] ||
    [ "$("$lint_venv/bin/pre-commit" --version 2>/dev/null)" != "pre-commit $PRE_COMMIT_VERSION" ]
}; then
  say "installing ruff $RUFF_VERSION and pre-commit $PRE_COMMIT_VERSION (PyPI) in $lint_venv"
  python3 -m venv "$lint_venv"
  "$lint_venv/bin/pip" install --quiet --disable-pip-version-check \
    "ruff==$RUFF_VERSION" "pre-commit==$PRE_COMMIT_VERSION"
fi

# wasm-opt 132 and the browser test drivers come from npm (lockfile in $npm_dir), never a
# downloaded browser. Debian's binaryen (108) builds a wasm that crashes in the browser: never
# use it. npm writes node_modules/.package-lock.json on install: missing or older than the
# lockfile means the packages are not (all) there.
if [ ! -f "$npm_dir/node_modules/.package-lock.json" ] ||
  [ "$npm_dir/package-lock.json" -nt "$npm_dir/node_modules/.package-lock.json" ]; then
  say "installing npm packages in $npm_dir"
  (cd "$npm_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

debs=()
if [ "$want" = test ]; then
  [ -x /usr/bin/chromium ] || debs+=(chromium)
  [ -x /usr/bin/chromedriver ] || debs+=(chromium-driver)
  command -v shellcheck >/dev/null || debs+=(shellcheck)
fi
if [ ${#debs[@]} -gt 0 ]; then
  say "installing Debian ${debs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${debs[@]}" >/dev/null
fi

cargo fetch --quiet
say "tools ready"
