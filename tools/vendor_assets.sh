#!/usr/bin/env bash
# Re-creates book/_vendor/ (KaTeX's stylesheet and fonts) and book/_extra/slides/reveal/ (reveal.js, for the session decks of
# tools/make_slides.py) from the npm registry, so the website and the slides load nothing from other hosts.
# The result is committed; run this only to change a version. Needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
# KaTeX's script comes with sphinxcontrib-katex (requirements.txt); its stylesheet and fonts must be the
# same version (sphinxcontrib.katex.katex_version). Only the woff2 fonts: every browser the theme
# supports reads woff2, so the woff/ttf fallbacks the stylesheet also names are never requested.
KATEX=0.16.22
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/katex"
(cd "$work" && npm pack --silent "katex@$KATEX" >/dev/null && tar xzf "katex-$KATEX.tgz" -C katex)
dest=book/_vendor/katex
rm -rf "$dest"
mkdir -p "$dest/fonts"
cp "$work/katex/package/dist/katex.min.css" "$work/katex/package/LICENSE" "$dest/"
cp "$work/katex/package/dist/fonts/"*.woff2 "$dest/fonts/"
echo "katex $KATEX (npm): katex.min.css and its woff2 fonts; katex.min.js comes with sphinxcontrib-katex" > "$dest/VERSION"
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
