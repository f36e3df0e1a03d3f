#!/usr/bin/env bash
# Re-creates book/_vendor/ from the npm registry, so the website loads nothing from other hosts.
# The result is committed; run this only to change a version. Needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
MATHJAX=3.2.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mathjax@$MATHJAX" >/dev/null && tar xzf "mathjax-$MATHJAX.tgz")
dest=book/_vendor/mathjax
rm -rf "$dest"
mkdir -p "$dest/output/chtml/fonts"
# the combined TeX + MathML input / CommonHTML output build, and the web fonts it loads next to itself
cp "$work/package/es5/tex-mml-chtml.js" "$dest/"
cp -r "$work/package/es5/output/chtml/fonts/woff-v2" "$dest/output/chtml/fonts/"
cp "$work/package/LICENSE" "$dest/LICENSE"
echo "mathjax $MATHJAX (npm)" > "$dest/VERSION"
echo "vendored into $dest"
