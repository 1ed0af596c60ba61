# proxbox-ha's tasks: `just --list` names them, `just <task>` runs one. `just ci` runs every
# stage fastest first (tools/test.sh, the README's test command, is `tools/setup.sh` + `just ci`),
# so a slip in formatting or a unit test stops the run before the long builds. Every stage
# installs what is missing first (`just setup`, tools/setup.sh; quick when all is there).

set shell := ["bash", "-euo", "pipefail", "-c"]

root := justfile_directory()
cache := env("XDG_CACHE_HOME", env("HOME") / ".cache") / "proxbox-ha"

# ruff from tools/setup.sh's venv, wasm-opt and Playwright from the browser suites' npm project.
export PATH := root / "tests/node_modules/.bin" + ":" + cache / "lint-venv/bin" + ":" + env("PATH")

# Never a whole toolchain behind the back of a task: tools/setup.sh adds what rust-toolchain.toml
# lists (see there).
export RUSTUP_AUTO_INSTALL := "0"

# The browser suites: Playwright Test (tests/playwright.config.mjs) where it is set up, else
# the node:test suites they replace.
e2e_command := "cd tests && npx playwright test --project=e2e"

tier_command := "cd tests && npx playwright test --project=tier"

# The NetBox releases before 4.7 that netbox-proxbox supports, tested from their source trees.
older_netbox := "4.5.9 4.6.8"

# The tasks, by name.
[private]
default:
    @just --list --unsorted

# Install what is missing (tools/setup.sh): Rust target and tools, npm packages, Chromium, linters.
setup:
    @tools/setup.sh test

# Every stage, fastest first; the first failure stops the run.
ci: lint unit fuzz browser e2e tier

# Formatting and lints: rustfmt, leptosfmt, clippy (native and wasm32), ruff, shellcheck.
lint: setup lint-rustfmt lint-leptosfmt lint-clippy lint-clippy-wasm lint-ruff lint-ruff-format lint-shell

# rustfmt (leaves `view!` bodies to leptosfmt).
[group('lint')]
lint-rustfmt:
    cargo fmt --all --check

# leptosfmt: the `view!` macros.
[group('lint')]
lint-leptosfmt:
    leptosfmt --check src tests >/dev/null || { leptosfmt --check src tests | grep -v '^✅'; exit 1; }

# clippy on the native targets: the model, the mock NetBox, the tests.
[group('lint')]
lint-clippy:
    cargo clippy --workspace --all-targets --quiet -- -D warnings

# clippy on wasm32: the app itself.
[group('lint')]
lint-clippy-wasm:
    cargo clippy -p proxbox-ha --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings

# ruff check: the NetBox plugin's and the tests' Python (rules in ruff.toml).
[group('lint')]
lint-ruff:
    ruff check --quiet netbox-plugin tests

# ruff format --check: the same files.
[group('lint')]
lint-ruff-format:
    ruff format --check --quiet netbox-plugin tests

# shellcheck: the scripts of tools/, the tier and CI.
[group('lint')]
lint-shell:
    shellcheck -x tools/*.sh tests/netbox/*.sh .ci/run

# Apply rustfmt, leptosfmt, ruff format and ruff's safe fixes.
fix:
    cargo fmt --all
    leptosfmt --quiet src tests
    ruff check --quiet --fix netbox-plugin tests
    ruff format --quiet netbox-plugin tests

# Install the lints as git pre-commit hooks (.pre-commit-config.yaml).
hooks: setup
    pre-commit install

# Native unit tests (the model, the mock NetBox) and a quick parser fuzz.
unit: setup
    cargo test --workspace

# The parser fuzz at CI's counts, in release mode: mutated payloads, proptest cases.
fuzz payloads="300000" cases="20000": setup
    FUZZ_PAYLOADS={{ payloads }} PROPTEST_CASES={{ cases }} cargo test --release --test fuzz_parsers -- --nocapture

# Component tests: wasm-bindgen-test in headless Chromium (tests/components.rs).
browser: setup
    CHROMEDRIVER=/usr/bin/chromedriver \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="{{ root }}/tests/webdriver.json" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
        cargo test --target wasm32-unknown-unknown --test components

# The release build under /proxbox-ha/, as a deployer would serve it, and the mock NetBox.
build-e2e: setup
    tools/build.sh --public-url /proxbox-ha/ --dist target/e2e-dist
    cargo build --quiet -p mock-netbox

# End-to-end tests: headless Chromium, the release build, the mock NetBox.
e2e: build-e2e
    {{ e2e_command }}

# On 4.7.3 (from the package registry): tier.sh up, the plugin's own tests by NetBox's test
# runner, every browser test on the real chain, an administrator's upgrade and uninstall.

# The real-NetBox tier on NetBox 4.7.3, then the plugin on 4.5.9 and 4.6.8 (`tier-release`).
tier: setup
    #!/usr/bin/env bash
    set -euo pipefail
    tests/netbox/tier.sh down
    trap 'tests/netbox/tier.sh down' EXIT
    tests/netbox/tier.sh up
    tests/netbox/tier.sh plugin-tests
    ({{ tier_command }})
    tests/netbox/tier.sh upgrade-test
    for version in {{ older_netbox }}; do just tier-release "$version"; done

# The plugin on one older NetBox release (4.5.9, 4.6.8) with the wheel and build of `just tier`.
[group('tier')]
tier-release version:
    #!/usr/bin/env bash
    set -euo pipefail
    export TIER_NETBOX={{ version }} TIER_BUILT=1
    tests/netbox/tier.sh down
    trap 'tests/netbox/tier.sh down' EXIT
    tests/netbox/tier.sh up
    tests/netbox/tier.sh plugin-tests
    ({{ tier_command }} netbox/plugin.spec.mjs)

# The benchmark: sizes, the mock NetBox up to 20,000 resources, the real NetBox.
bench:
    tools/bench.sh

# Build the app and serve it on the mock NetBox: http://127.0.0.1:8080/ha
demo:
    tools/demo.sh

# The NetBox plugin wheel, the release build inside: target/wheel/
package:
    tools/package.sh
