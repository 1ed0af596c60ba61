#!/usr/bin/env bash
# Builds the NetBox plugin's wheel and sdist with `python -m build`, the app's release build
# inside (so nothing but pip is needed on the NetBox host):
#   target/wheel/netbox_proxbox_ha-<version>-py3-none-any.whl and netbox_proxbox_ha-<version>.tar.gz
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk -F '"' '/^version = /{print $2; exit}' Cargo.toml)
plugin_version=$(awk -F '"' '/^version = /{print $2; exit}' netbox-plugin/pyproject.toml)
if [ "$version" != "$plugin_version" ]; then
  echo "package: Cargo.toml says $version, netbox-plugin/pyproject.toml says $plugin_version" >&2
  exit 1
fi
# The build front end and backend, once, in a venv of their own (any Python 3; the package
# itself wants 3.12 where it is installed).
tools=${XDG_CACHE_HOME:-$HOME/.cache}/proxbox-ha/build-venv
if [ ! -x "$tools/bin/pyproject-build" ]; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check build "setuptools>=77"
fi
stage=target/plugin-build
rm -rf "$stage" target/wheel
mkdir -p "$stage"
# -L: the package's LICENSE is the repository's, by a link.
cp -rL netbox-plugin/. "$stage/"
rm -rf "$stage"/netbox_proxbox_ha/__pycache__ "$stage"/netbox_proxbox_ha/*/__pycache__
# NetBox serves plugins under /plugins/<base_url>/; the plugin rewrites it under a BASE_PATH.
tools/build.sh --public-url /plugins/proxbox-ha/ --dist "$stage/netbox_proxbox_ha/app"
"$tools/bin/python" -m build --no-isolation --outdir target/wheel "$stage" >/dev/null
echo "wrote $(ls target/wheel/netbox_proxbox_ha-"$version"-py3-none-any.whl target/wheel/netbox_proxbox_ha-"$version".tar.gz)"
