#!/usr/bin/env bash
# Re-creates book/_vendor/ (MathJax) and book/_extra/slides/reveal/ (reveal.js, for the session decks of
# tools/make_slides.py) from the npm registry, so the website and the slides load nothing from other hosts.
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

# reveal.js for the slides: the script, its CSS, the white theme and the web fonts that theme loads
REVEAL=5.2.1
(cd "$work" && npm pack --silent "reveal.js@$REVEAL" >/dev/null && mkdir reveal && tar xzf "reveal.js-$REVEAL.tgz" -C reveal)
dest=book/_extra/slides/reveal
rm -rf "$dest"
mkdir -p "$dest/theme/fonts/source-sans-pro"
cp "$work/reveal/package/dist/reveal.js" "$work/reveal/package/dist/reveal.css" "$work/reveal/package/LICENSE" "$dest/"
cp "$work/reveal/package/dist/theme/white.css" "$dest/theme/"
mkdir -p "$dest/plugin/notes"  # the speaker view (key S)
cp "$work/reveal/package/plugin/notes/notes.js" "$dest/plugin/notes/"
cp "$work/reveal/package/dist/theme/fonts/source-sans-pro/"{source-sans-pro.css,*.woff,LICENSE} "$dest/theme/fonts/source-sans-pro/"
echo "reveal.js $REVEAL (npm)" > "$dest/VERSION"
echo "vendored into $dest"
