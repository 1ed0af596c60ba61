#!/usr/bin/env bash
# The benchmark (not a test; see README "Performance"). Prints:
#  1. transfer sizes of both pages against their budgets, and the mock-NetBox timings
#     (RUNS=5 SIZES=10,100,1000,5000,20000);
#  2. against the real NetBox tier (started here, tests/netbox/tier.sh): the HA live tab and
#     the status page at 2,000 resources against netbox-proxbox's own pages (RUNS=7).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh test
tools/build.sh --dist target/bench-dist
cargo build --quiet --release -p mock-netbox
cargo build --quiet -p mock-netbox
# wasm-opt comes from npm (tools/setup.sh): the browser suites' project, tests/.
export PATH="$PWD/tests/node_modules/.bin:$PATH"
MOCK_BINARY=target/release/mock-netbox node tests/e2e/bench.mjs
echo
tests/netbox/tier.sh up >/dev/null
node tests/netbox/bench.mjs
