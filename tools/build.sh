#!/usr/bin/env bash
# Builds the app's three pages into one folder: index.html (the whole app), ha.html (the HA
# Status page alone, for NetBox's menu entry) and embed.html (the VM tab alone, for NetBox's VM
# page to frame); the last two without the router. trunk builds one page per run, so it runs
# three times. Installs the build tools on first use.
#   tools/build.sh [--public-url /proxbox-ha/] [--dist dist]
set -euo pipefail
cd "$(dirname "$0")/.."
public_url=/
dist=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --public-url) public_url=$2; shift 2 ;;
    --dist) dist=$2; shift 2 ;;
    *) echo "usage: tools/build.sh [--public-url PATH] [--dist DIR]" >&2; exit 2 ;;
  esac
done
tools/setup.sh build >/dev/null
# wasm-opt comes from npm (tools/setup.sh): the browser suites' project, tests/.
export PATH="$PWD/tests/node_modules/.bin:$PATH"
page_dist=$(mktemp -d)
trap 'rm -rf "$page_dist"' EXIT
trunk build --release --public-url "$public_url" --dist "$dist"
for page in ha.html embed.html; do
  rm -rf "${page_dist:?}"/*
  trunk build "$page" --release --public-url "$public_url" --dist "$page_dist"
  mv "$page_dist/index.html" "$dist/$page"
  # Its script, wasm and boot script; the stylesheet is the same file, by the same name.
  cp -n "$page_dist"/* "$dist"/
done
# Brotli and gzip copies of the hashed files, for servers that hand them out as they are (the
# NetBox plugin, nginx's gzip_static and brotli_static): nothing compresses them on the way.
cargo run --quiet --release -p precompress -- "$dist"
