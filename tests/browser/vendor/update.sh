#!/usr/bin/env bash
# Re-creates tests/browser/vendor/ (axe-core, the accessibility checker the browser tests inject into
# every page) from the npm registry. The result is committed; run this only to change the version.
set -euo pipefail
cd "$(dirname "$0")"
AXE=4.14.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$AXE" >/dev/null && tar xzf "axe-core-$AXE.tgz")
cp "$work/package/axe.min.js" axe.min.js
cp "$work/package/LICENSE" LICENSE-axe-core
cp "$work/package/LICENSE-3RD-PARTY.txt" LICENSE-axe-core-3RD-PARTY.txt
echo "axe-core $AXE (npm)" > VERSION
echo "vendored axe-core $AXE into $(pwd)"
