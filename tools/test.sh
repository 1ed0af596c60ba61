#!/usr/bin/env bash
# Runs every test: native unit tests, browser component tests and end-to-end tests in
# headless Chromium against the release build served by the mock NetBox.
# Installs what is missing first (tools/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh test
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints (native and wasm32)"
cargo fmt --all --check
leptosfmt --check src tests >/dev/null || { leptosfmt --check src tests | grep -v '^✅'; exit 1; }
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p proxbox-ha --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings

step "native unit tests"
cargo test --workspace

step "browser component tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown --test components

step "release build under a sub-path (/proxbox-ha/), as a deployer would serve it"
tools/build.sh --public-url /proxbox-ha/ --dist target/e2e-dist
cargo build --quiet -p mock-netbox

step "end-to-end tests (headless Chromium, mock NetBox)"
node --test --test-reporter=spec --test-concurrency=1 tests/e2e/

step "real NetBox tier: NetBox 4.7.3 + netbox-proxbox 0.0.29.post6 + the plugin wheel, behind nginx"
tests/netbox/tier.sh down
trap 'tests/netbox/tier.sh down' EXIT
tests/netbox/tier.sh up
node --test --test-reporter=spec --test-concurrency=1 tests/netbox/
