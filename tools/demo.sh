#!/usr/bin/env bash
# Builds the app and serves it on the mock NetBox with a realistic two-cluster scenario.
# PORT=8080 SCENARIO=demo tools/demo.sh   (scenarios: tools/mock-netbox/scenarios/, or /__mock/)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
tools/build.sh
cargo build --quiet -p mock-netbox
echo
echo "  Proxbox HA on a mock NetBox:  http://127.0.0.1:$port/ha"
echo "  Switch scenarios:             http://127.0.0.1:$port/__mock/"
echo
exec target/debug/mock-netbox --port "$port" --dist dist --scenario "${SCENARIO:-demo}"
