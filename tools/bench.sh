#!/usr/bin/env bash
# The benchmark: builds the release app and a release mock NetBox, then measures in headless
# Chromium and prints one table (see README, "Performance"). RUNS=5 SIZES=10,100,1000,5000,20000
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh test
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"
tools/build.sh --dist target/bench-dist
cargo build --quiet --release -p mock-netbox
MOCK_BINARY=target/release/mock-netbox node tests/e2e/bench.mjs
