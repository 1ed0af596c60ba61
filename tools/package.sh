#!/usr/bin/env bash
# Builds the NetBox plugin wheel, with the app's release build inside:
#   target/wheel/netbox_proxbox_ha-<version>-py3-none-any.whl
# The user installs it with pip into NetBox's venv: no Rust toolchain needed there.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk -F '"' '/^version = /{print $2; exit}' Cargo.toml)
plugin_version=$(awk -F '"' '/^version = /{print $2; exit}' netbox-plugin/pyproject.toml)
if [ "$version" != "$plugin_version" ]; then
  echo "package: Cargo.toml says $version, netbox-plugin/pyproject.toml says $plugin_version" >&2
  exit 1
fi
stage=target/plugin-build
rm -rf "$stage" target/wheel
mkdir -p "$stage"
cp -r netbox-plugin/. "$stage/"
# NetBox serves plugins under /plugins/<base_url>/; the plugin rewrites it under a BASE_PATH.
tools/build.sh --public-url /plugins/proxbox-ha/ --dist "$stage/netbox_proxbox_ha/app"
python3 -m pip wheel --quiet --disable-pip-version-check --no-deps --ignore-requires-python \
  -w target/wheel "$stage"
echo "wrote $(ls target/wheel/netbox_proxbox_ha-"$version"-py3-none-any.whl)"
