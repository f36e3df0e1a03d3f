#!/usr/bin/env bash
# Re-creates every vendored third-party file of the course from the npm registry (`npm pack`, which
# checks each package against the registry's integrity hash), so the website, the slides and the browser
# tests load nothing from other hosts:
#   book/_vendor/katex/         KaTeX's stylesheet and woff2 fonts (the website's math)
#   book/_extra/slides/reveal/  reveal.js, its white theme and fonts, the notes plugin (tools/make_slides.py)
#   tests/browser/vendor/       axe-core, the accessibility checker the browser tests inject into every page
# The result is committed; run this only to change a version (edit the pins below). Needs npm.
#
# Usage: tools/vendor_assets.sh            re-create the files in place
#        tools/vendor_assets.sh --check    re-create them in a temporary folder and compare with the
#                                          committed ones byte for byte (exit 1 on any difference)
set -euo pipefail
cd "$(dirname "$0")/.."

# KaTeX's script comes with sphinxcontrib-katex (requirements.txt); its stylesheet and fonts must be the
# same version (sphinxcontrib.katex.katex_version). Only the woff2 fonts: every browser the theme
# supports reads woff2, so the woff/ttf fallbacks the stylesheet also names are never requested.
KATEX=0.16.22
REVEAL=5.2.1
AXE=4.14.1
DIRS=(book/_vendor/katex book/_extra/slides/reveal tests/browser/vendor)

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if $check; then out="$work/out"; else out=.; fi

# the KaTeX pin against the one sphinxcontrib-katex loads, when the course's environment is there
python=${VENV:-.venv}/bin/python
if [ -x "$python" ]; then
  loaded=$("$python" -c "import sphinxcontrib.katex as k; print(k.katex_version)" 2>/dev/null || true)
  if [ -n "$loaded" ] && [ "$loaded" != "$KATEX" ]; then
    echo "error: sphinxcontrib-katex loads KaTeX $loaded, this script pins $KATEX: change KATEX above" >&2
    exit 1
  fi
fi

# unpack NAME@VERSION into $work/NAME/package
unpack() {
  mkdir -p "$work/$1"
  local tarball
  tarball=$(cd "$work/$1" && npm pack --silent "$1@$2")
  tar xzf "$work/$1/$tarball" -C "$work/$1"
}
unpack katex "$KATEX"
unpack reveal.js "$REVEAL"
unpack axe-core "$AXE"

# in place: the KaTeX and reveal.js folders are replaced whole (a file a new version dropped goes too);
# the axe-core files are overwritten (tests/browser/vendor holds nothing else)
if ! $check; then
  rm -rf book/_vendor/katex book/_extra/slides/reveal
fi
for dir in "${DIRS[@]}"; do
  mkdir -p "$out/$dir"
done

src="$work/katex/package"
dest="$out/book/_vendor/katex"
mkdir -p "$dest/fonts"
cp "$src/dist/katex.min.css" "$src/LICENSE" "$dest/"
cp "$src/dist/fonts/"*.woff2 "$dest/fonts/"
echo "katex $KATEX (npm): katex.min.css and its woff2 fonts; katex.min.js comes with sphinxcontrib-katex" > "$dest/VERSION"

# reveal.js for the slides: the script, its CSS, the white theme and the web fonts that theme loads
src="$work/reveal.js/package"
dest="$out/book/_extra/slides/reveal"
mkdir -p "$dest/theme/fonts/source-sans-pro" "$dest/plugin/notes"
cp "$src/dist/reveal.js" "$src/dist/reveal.css" "$src/LICENSE" "$dest/"
cp "$src/dist/theme/white.css" "$dest/theme/"
cp "$src/plugin/notes/notes.js" "$dest/plugin/notes/"  # the speaker view (key S)
cp "$src/dist/theme/fonts/source-sans-pro/"{source-sans-pro.css,*.woff,LICENSE} "$dest/theme/fonts/source-sans-pro/"
echo "reveal.js $REVEAL (npm)" > "$dest/VERSION"

# axe-core for the browser tests (tests/browser/pages.py injects axe.min.js)
src="$work/axe-core/package"
dest="$out/tests/browser/vendor"
cp "$src/axe.min.js" "$dest/axe.min.js"
cp "$src/LICENSE" "$dest/LICENSE-axe-core"
cp "$src/LICENSE-3RD-PARTY.txt" "$dest/LICENSE-axe-core-3RD-PARTY.txt"
echo "axe-core $AXE (npm)" > "$dest/VERSION"

if $check; then
  # every tracked file (as it is in the working tree) against the re-created one, and no re-created
  # file that is not tracked
  status=0
  committed=$(git ls-files -- "${DIRS[@]}" | while IFS= read -r f; do if [ -e "$f" ]; then echo "$f"; fi; done | sort)
  created=$(cd "$out" && find "${DIRS[@]}" -type f | sort)
  if [ "$committed" != "$created" ]; then
    echo "different file lists (< committed, > re-created):"
    diff <(echo "$committed") <(echo "$created") || true
    status=1
  fi
  while IFS= read -r file; do
    if [ -f "$out/$file" ] && ! cmp -s "$file" "$out/$file"; then
      echo "differs: $file"
      status=1
    fi
  done <<< "$committed"
  if [ "$status" = 0 ]; then
    echo "vendored files match npm byte for byte: katex $KATEX, reveal.js $REVEAL, axe-core $AXE ($(echo "$committed" | wc -l) files)"
  fi
  exit "$status"
fi
echo "vendored katex $KATEX, reveal.js $REVEAL, axe-core $AXE into ${DIRS[*]}"
