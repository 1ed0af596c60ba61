#!/usr/bin/env bash
# Runs every test, in stages, fastest first, so that a formatting slip, a lint or a failing
# unit test stops the run before the long builds:
#   lint     cargo fmt, leptosfmt, clippy (native and wasm32), ruff, shellcheck
#   unit     cargo test --workspace: native unit tests and a quick parser fuzz
#   fuzz     the parser fuzz at 300,000 payloads, in release mode
#   browser  component tests: wasm-bindgen-test in headless Chromium
#   e2e      the release build under /proxbox-ha/, then end-to-end tests on the mock NetBox
#   tier     the real-NetBox tier (tests/netbox/tier.sh)
# The stages are tasks of the justfile (`just --list`; one alone: `just lint`): this is
# `just ci`. Installs what is missing first (tools/setup.sh, which also brings `just`).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh test
exec just ci
