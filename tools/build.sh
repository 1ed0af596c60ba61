#!/usr/bin/env bash
# Builds the app's two pages into one folder: index.html (the whole app) and embed.html (the
# VM tab alone, for NetBox's VM page to frame, without the router and the status page).
# trunk builds one page per run, so it runs twice. Installs the build tools on first use.
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
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"
embed_dist=$(mktemp -d)
trap 'rm -rf "$embed_dist"' EXIT
trunk build --release --public-url "$public_url" --dist "$dist"
trunk build embed.html --release --public-url "$public_url" --dist "$embed_dist"
mv "$embed_dist/index.html" "$dist/embed.html"
# Its script, wasm and boot script; the stylesheet is the same file, by the same name.
cp -n "$embed_dist"/* "$dist"/
