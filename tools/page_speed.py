"""What a phone on a slow network needs from each page (issue 16, measured by ``make lighthouse``).

A local Sphinx extension (``_config.yml``: ``local_extensions``), run on every HTML page as it is written:

- a ``<meta name="description">`` from the page's opening paragraph (search engines show it; Lighthouse's
  SEO audit ``meta-description`` asks for one on every page);
- every image the page body carries inside itself as a ``data:`` URI of more than 1 kB (the frame players'
  frames: 61-94% of a chapter's gzipped HTML, 0.8 MB on chapter 6) is written to its own file,
  ``_images/frames/<hash>.png``, and named by its address instead: a phone downloads the frame it shows,
  and the others only when the reader moves the slider (the browser keeps each one once seen);
- every ``<img>`` of the page body gets its pixel ``width`` and ``height`` (read from the PNG/SVG itself,
  also from a frame player's inline ``data:`` PNG), so the browser reserves its box before the image
  arrives and nothing below it jumps (course.css keeps ``height: auto``, so images still shrink to a
  phone's width); every image file after the page's first is loaded lazily (``loading="lazy"``: fetched
  when the reader scrolls near it, not with the page);
- scripts of the page's ``<head>`` that are files are ``defer``-red: the browser paints the page while they
  download and runs them, in their order, once the page is parsed (``documentation_options.js``, which
  the inline scripts after it use at once, stays as it is). KaTeX's three scripts are the exception: on a
  page with math they stay as they are, because deferred they let the browser paint the raw TeX first and
  then move every line below a formula when KaTeX typesets it (a layout shift of 0.12 on chapter 4);
  on a page without math they are left out;
- the theme's stylesheets (Sphinx's basic.css, the theme's, the extensions') are joined, in their order,
  into one file, ``_static/site.<hash>.css``, written when the build finishes: one request instead of
  thirteen, each of which a phone waits for before it paints (course.css stays its own file: ``make
  site`` copies an edited one over the built site without a rebuild). Fonts declared there without a
  ``font-display`` (KaTeX's) get ``swap``;
- pydata-sphinx-theme's ``addTabStopsToScrollableElements`` (it makes every code block or output that
  scrolls sideways reachable by Tab) runs at the reader's first Tab key instead of at ``load``: it reads
  the size of every block, which lays out every section ``content-visibility`` had let the browser skip
  (0.6-0.9 s of main-thread time on a throttled phone, most of the Total Blocking Time of chapters 4-8).
  Only a keyboard user needs those tab stops, and the keydown handler runs before the browser moves the
  focus, so the first Tab already finds them;
- the bibliography's entries are list items: docutils writes the references as ``<div role="list">`` of
  entries with ``role="doc-biblioentry"``, a role ARIA has deprecated, that a list may not hold (axe's
  aria-deprecated-role, aria-allowed-role and aria-required-children: Accessibility 93 on Related
  Articles); ``role="listitem"`` is what a screen reader expects inside a list;
- the theme's light or dark colours from the first paint: its head script sets ``data-theme="auto"`` and
  its deferred script turns that into "light" or "dark" (the system's preference) only after the page
  is parsed, so the first paint had none of the theme's colour variables and inline code gained its
  1 px border afterwards, reflowing paragraphs (a layout shift of 0.15 on chapter 8). A one-line inline
  script (``THEME_NOW``) settles "auto" as the theme's own script would, before the body is parsed;
- formulas are typeset while the site is built (``katex_prerender``) when ``node`` is there to run
  KaTeX: a phone neither downloads KaTeX's 77 kB script nor waits for it, and no line moves when the
  formulas are typeset (the layout shift of 0.12-0.22 on chapters 4, 5 and 8). Without node the build
  falls back to KaTeX in the browser.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import pathlib
import posixpath
import re
import shutil
import struct

from docutils import nodes

DESCRIPTION_CHARS = 155  # search engines show about this many characters
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'\s(src|width|height|loading)="([^"]*)"', re.IGNORECASE)
_SVG_SIZE = re.compile(r"<svg\b[^>]*?\swidth=\"([\d.]+)(?:px)?\"[^>]*?\sheight=\"([\d.]+)(?:px)?\"", re.S)
_KEEP_BLOCKING = ("documentation_options.js",)
_KATEX = ("katex.min.js", "auto-render.min.js", "katex_autorenderer.js")
_NOT_BUNDLED = ("course.css",)  # make site copies an edited course.css over the built site
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CHARSET = re.compile(r"@charset\s+[^;]+;\s*", re.IGNORECASE)
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.IGNORECASE)
THEME_CSS = ("_static/basic.css", "_static/styles/pydata-sphinx-theme.css")  # the theme's pre-assets, in order


def description(doctree: nodes.document | None) -> str:
    """The page's opening paragraph as plain text (math as written), cut at a word near DESCRIPTION_CHARS."""
    if doctree is None:
        return ""
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(a, nodes.Admonition) or a.tagname in _SKIP for a in _ancestors(para)):
            continue
        text = " ".join(_plain(para).split())
        if len(text) >= 40:
            break
    else:
        return ""
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text.rfind(" ", 0, DESCRIPTION_CHARS - 1)
    return text[: cut if cut > 0 else DESCRIPTION_CHARS - 1].rstrip(" ,;:") + "…"


_TEX = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
        "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "Sigma": "Σ", "sum": "Σ", "ell": "ℓ", "le": "≤",
        "leq": "≤", "ge": "≥", "geq": "≥", "cdot": "·", "times": "×", "infty": "∞", "approx": "≈", "neq": "≠",
        "to": "→", "in": "∈", "|": "‖", "Vert": "‖", "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|", ",": " ", ";": " ", "quad": " ", "top": "ᵀ"}  # fmt: skip


def tex_text(tex: str) -> str:
    """A formula as plain text for a description: Greek letters and common signs as characters, other
    commands by name, no braces ('\\alpha\\sum_j |w_j|' -> 'α Σ_j |w_j|')."""
    out = re.sub(r"\\(left|right|big|Big|bigg|Bigg|mathrm|mathbf|operatorname|text|hat|tilde)\b", "", tex)
    out = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"\1/\2", out)
    out = re.sub(r"\\(lVert|lvert|langle)\s+", r"\\\1{}", out)  # an opening bar hugs what it encloses
    out = re.sub(
        r"\\([A-Za-z]+|.)(?=([A-Za-z])?)",
        lambda m: _TEX.get(m.group(1), m.group(1)) + (" " if m.group(2) and m.group(1).isalpha() else ""),
        out,
    )
    return " ".join(out.replace("{", "").replace("}", "").split())


def _plain(node: nodes.Node) -> str:
    """A node's text with its formulas as tex_text()."""
    if node.tagname == "math":
        return tex_text(node.astext())
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(_plain(child) for child in node.children)


_SKIP = {"admonition", "note", "tip", "warning", "important", "caution", "attention", "hint", "seealso",
         "sidebar", "topic", "table", "footnote", "citation", "container", "field_list", "caption",
         "legend", "system_message", "raw", "literal_block", "exercise_node", "solution_node"}  # fmt: skip


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG or an SVG with numeric width/height; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if b"<svg" in data[:4096]:
        match = _SVG_SIZE.search(data[:4096].decode("utf-8", "replace"))
        if match:
            return round(float(match.group(1))), round(float(match.group(2)))
    return None


def _data_uri_bytes(src: str) -> bytes:
    head, _, payload = src.partition(",")
    if not head.endswith(";base64"):
        return b""
    try:
        return base64.b64decode(payload[:64] + "=" * (-len(payload[:64]) % 4))
    except (binascii.Error, ValueError):
        return b""


_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=]+)")
FRAMES_DIR = "_images/frames"
MIN_EXTERNAL_BYTES = 1024  # smaller images cost less inline than a request


def externalize_images(body: str, store) -> str:
    """``body`` with every base64 ``data:`` image of at least MIN_EXTERNAL_BYTES replaced by
    ``store(data: bytes, extension: str)``, the address of a file holding it (src attributes, JSON, CSS)."""

    def move(match: re.Match) -> str:
        payload = match.group(2)
        if len(payload) * 3 // 4 < MIN_EXTERNAL_BYTES:
            return match.group(0)
        try:
            data = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            return match.group(0)
        return store(data, "jpg" if match.group(1) == "jpeg" else match.group(1))

    return _DATA_IMAGE.sub(move, body)


def size_images(body: str, read) -> str:
    """``body`` with width/height on each <img> whose size ``read(src)`` (bytes or None) can tell, and
    ``loading="lazy"`` on every image file after the first; attributes already there are kept."""
    seen_file = False

    def fix(match: re.Match) -> str:
        nonlocal seen_file
        tag = match.group(0)
        attrs = {k.lower(): v for k, v in _ATTR.findall(tag)}
        src = html.unescape(attrs.get("src", ""))
        add = []
        if "width" not in attrs and "height" not in attrs:
            data = _data_uri_bytes(src) if src.startswith("data:") else read(src)
            size = image_size(data) if data else None
            if size:
                add.append(f'width="{size[0]}" height="{size[1]}"')
        if src and not src.startswith("data:"):
            if seen_file and "loading" not in attrs:
                add.append('loading="lazy"')
            seen_file = True
        if not add:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + " " + " ".join(add) + (" />" if end == -2 else ">")

    return _IMG.sub(fix, body)


_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def bundle_css(files: list[tuple[str, str]], used: set[str] | None = None) -> str:
    """One stylesheet from ``files`` = [(path under _static, text)], in order, for a file in _static/:
    relative url()s rewritten to point where they pointed, @charset said once, @import refused, comments
    dropped but licence notices (``/*!``) kept, and with ``used`` given, the rules prune_css() finds dead."""
    parts = []
    for name, text in files:
        if re.search(r"@import\b", text):
            raise ValueError(f"{name}: @import cannot be bundled (it must come first in a stylesheet)")
        folder = posixpath.dirname(name)

        def move(match: re.Match, folder=folder) -> str:
            quote, url = match.groups()
            if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", url, re.IGNORECASE) or not folder:
                return match.group(0)
            return f"url({quote}{posixpath.normpath(posixpath.join(folder, url))}{quote})"

        notices = "".join(c + "\n" for c in _COMMENT.findall(text) if c.startswith("/*!"))
        text = _FONT_FACE.sub(_swap, _URL.sub(move, _CHARSET.sub("", _COMMENT.sub("", text))))
        if used is not None:
            text = prune_css(text, used)
        parts.append(f"/* {name} */\n" + notices + text.strip() + "\n")
    return '@charset "UTF-8";\n' + "".join(parts)


PRUNED_PREFIXES = ("fa-", "sd-")  # Font Awesome's 1,900 icon rules, sphinx-design's components
_WORD = re.compile(r"[\w-]+")
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")


def _rules(css: str):
    """Top-level (prelude, block) pairs of a stylesheet; block is None for a statement (@charset ...;)."""
    i, n = 0, len(css)
    while i < n:
        j = i
        while j < n and css[j] not in "{;":
            j += 1
        if j >= n:
            if css[i:].strip():
                yield css[i:], None
            return
        if css[j] == ";":
            yield css[i : j + 1], None
            i = j + 1
            continue
        depth, k = 1, j + 1
        while k < n and depth:
            depth += {"{": 1, "}": -1}.get(css[k], 0)
            k += 1
        yield css[i:j], css[j + 1 : k - 1]
        i = k


def prune_css(css: str, used: set[str], prefixes=PRUNED_PREFIXES) -> str:
    """``css`` without the rules none of whose selectors can match: a selector is dead when it names a class
    starting with one of ``prefixes`` that is not in ``used`` (the words of every built page and script).
    Comments must be gone already; @media and @supports blocks are pruned inside, other at-rules kept."""
    out = []
    for prelude, block in _rules(css):
        head = prelude.strip()
        if block is None:
            out.append(prelude)
        elif head.startswith(("@media", "@supports", "@layer")):
            inner = prune_css(block, used, prefixes)
            if inner.strip():
                out.append(f"{head}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{head}{{{block}}}")
        else:
            bare = head
            while re.search(r"\([^()]*\)", bare):  # :not(.x, .y), :is(...): never required to match
                bare = re.sub(r"\([^()]*\)", "", bare)
            alive = [
                sel for sel in bare.split(",")
                if not any(c.startswith(prefixes) and c not in used for c in _CLASS.findall(sel))
            ]  # fmt: skip
            if alive:
                out.append(f"{head}{{{block}}}")
    return "".join(out)


def _swap(match: re.Match) -> str:
    """An @font-face without font-display gets ``font-display: swap`` (text drawn at once in a fallback
    font, redrawn when the font arrives; KaTeX's faces, whose browser default hides a formula up to 3 s);
    a face that chose its own (Font Awesome's icons: block, no letters in their place) keeps it."""
    body = match.group(1)
    if re.search(r"font-display\s*:", body, re.IGNORECASE):
        return match.group(0)
    return "@font-face{" + body.rstrip().rstrip(";") + ";font-display:swap}"


def _static_name(filename: str) -> str | None:
    """'_static/x/y.css' -> 'x/y.css' (a file under _static), else None."""
    filename = str(filename).split("?")[0]
    return filename.removeprefix("_static/") if filename.startswith("_static/") and "://" not in filename else None


def _bundle_pages(app, context):
    css = context.get("css_files")
    if not css:
        return
    keep, joined = [], []
    for sheet in css:
        name = _static_name(getattr(sheet, "filename", sheet) or "")
        attrs = getattr(sheet, "attributes", {})
        plain = attrs.get("rel", "stylesheet") == "stylesheet" and attrs.get("media", "all") in ("all", "")
        if name and plain and not name.endswith(_NOT_BUNDLED) and not attrs.get("title"):
            joined.append(name)
        else:
            keep.append(sheet)
    names = tuple(n.removeprefix("_static/") for n in THEME_CSS) + tuple(joined)
    key = hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
    app.env.page_speed_bundles = getattr(app.env, "page_speed_bundles", {})
    app.env.page_speed_bundles[key] = names
    from sphinx.builders.html._assets import _CascadingStyleSheet

    context["css_files"] = [_CascadingStyleSheet(f"_static/site.{key}.css", priority=0)] + keep
    context["page_speed_bundled"] = True  # layout.html then leaves out the theme's own two links


def _write_bundles(app, exception):
    if exception or app.builder.format != "html":
        return
    static = pathlib.Path(app.outdir, "_static")
    bundles = getattr(app.env, "page_speed_bundles", {})
    if not bundles:
        return
    # every word of every built page and of every script a page loads: a class named in none of them
    # styles nothing (not every file of _static: the theme's unused fontawesome.js names all 1,900 icons)
    used, scripts = set(), set()
    for page in pathlib.Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        used.update(_WORD.findall(text))
        for src in re.findall(r'<script[^>]*\ssrc="([^"?#]+)', text):
            scripts.add((page.parent / src).resolve())
    for script in scripts:
        if script.is_file():
            used.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    for key, names in bundles.items():
        files = [(name, (static / name).read_text(encoding="utf-8")) for name in names]
        css = subset_icon_fonts(bundle_css(files, used), static)
        (static / f"site.{key}.css").write_text(css, encoding="utf-8")


_FACE_SRC = re.compile(r"(@font-face\{[^}]*?src:)([^;}]*)")
_ICON_CHAR = re.compile(r'"\\(f[0-9a-f]{3}|e[0-9a-f]{3})"', re.IGNORECASE)
ICON_FONTS = ("vendor/fontawesome/webfonts/",)  # fonts of icons, drawn only by characters the CSS names


def subset_font(source: pathlib.Path, chars: set[int], folder: pathlib.Path, stem: str) -> str | None:
    """``source`` (a TrueType or WOFF file) cut to the code points ``chars`` it has, written as
    ``folder/<stem>.<hash>.woff``; its file name, or None when the font has none of them."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # zlib; woff2 would need the brotli module
    font = subset.load_font(str(source), options)
    present = sorted(set(chars) & set(font.getBestCmap() or {}))
    if not present:
        return None
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{stem}.tmp"
    subset.save_font(font, str(tmp), options)
    name = f"{stem}.{hashlib.sha256(tmp.read_bytes()).hexdigest()[:12]}.woff"
    tmp.replace(folder / name)
    return name


def subset_icon_fonts(css: str, static: pathlib.Path) -> str:
    """``css`` with each icon font (Font Awesome: 157 kB for its solid icons) replaced by a WOFF of only
    the icons the stylesheet can still draw (the private-use characters its strings name, as escapes or
    as characters, once the unused rules are pruned), written beside it as ``_static/site-fonts/<font>.<hash>.woff``. A face whose
    TrueType file is not there is left as it is."""
    chars = {int(code, 16) for code in _ICON_CHAR.findall(css)}
    chars |= {ord(c) for c in css if 0xE000 <= ord(c) <= 0xF8FF}  # written as characters (--pst-icon-...)

    def replace(match: re.Match) -> str:
        src = match.group(2)
        ttf = re.search(r"url\(['\"]?(" + "|".join(map(re.escape, ICON_FONTS)) + r")([\w.-]+)\.ttf['\"]?\)", src)
        if not ttf or not chars or not (static / ttf.group(1) / f"{ttf.group(2)}.ttf").is_file():
            return match.group(0)
        name = subset_font(static / ttf.group(1) / f"{ttf.group(2)}.ttf", chars, static / "site-fonts", ttf.group(2))
        if name is None:
            return match.group(1) + "local('☺')"  # the font draws none of them: never downloaded
        return match.group(1) + f'url(site-fonts/{name}) format("woff")'

    return _FACE_SRC.sub(replace, css)


def bibliography_as_list(body: str) -> str:
    """docutils' bibliography entries (``role="doc-biblioentry"``, deprecated) as the list items their list needs."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


# the pages Sphinx writes without a source (no opening paragraph to describe them)
PAGE_DESCRIPTIONS = {
    "search": "Search the course L1 vs L2 regularization: every chapter, the glossary, the instructor guide.",
    "genindex": "Index of the terms of the course L1 vs L2 regularization, with the pages that use each.",
}


def _page_context(app, pagename, templatename, context, doctree):
    text = description(doctree) or PAGE_DESCRIPTIONS.get(pagename, "")
    if text:
        context["metatags"] = context.get("metatags", "") + f'\n    <meta name="description" content="{html.escape(text)}" />'

    if "body" in context:
        page_dir = pathlib.PurePosixPath(pagename).parent

        def store(data: bytes, extension: str) -> str:
            name = f"{FRAMES_DIR}/{hashlib.sha256(data).hexdigest()[:20]}.{extension}"
            path = pathlib.Path(app.outdir, name)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            return context["pathto"](name, 1)

        context["body"] = bibliography_as_list(externalize_images(context["body"], store))
        by_name = {name: src for src, name in app.builder.images.items()}

        def read(src: str) -> bytes | None:
            if "://" in src:
                return None
            target = (page_dir / src.split("#")[0].split("?")[0]).as_posix()
            parts = [p for p in target.split("/") if p not in ("", ".")]
            while ".." in parts:
                i = parts.index("..")
                parts[max(i - 1, 0) : i + 1] = []
            rel = "/".join(parts)
            candidates = []
            if rel.startswith(app.builder.imagedir + "/") and rel.split("/", 1)[1] in by_name:
                candidates.append(pathlib.Path(app.srcdir, by_name[rel.split("/", 1)[1]]))
            candidates.append(pathlib.Path(app.outdir, rel))
            for path in candidates:
                if path.is_file():
                    return path.read_bytes()[:4096]
            return None

        context["body"] = size_images(context["body"], read)

    scripts = context.get("script_files")
    # the search page's own searchtools.js (written by its template, not deferrable here) uses doctools.js
    # at once: there the scripts stay as they are
    if scripts and pagename != "search":
        from sphinx.builders.html._assets import _JavaScript

        has_math = doctree is not None and any(True for _ in doctree.findall(lambda n: n.tagname in ("math", "math_block")))
        fixed = []
        for js in scripts:
            name = str(getattr(js, "filename", js) or "")
            attrs = getattr(js, "attributes", {})
            if name.endswith(_KATEX):
                if not has_math:
                    continue
            elif name and not attrs.get("async") and not attrs.get("defer") and not name.endswith(_KEEP_BLOCKING):
                js = _JavaScript(name, priority=js.priority, **{**attrs, "defer": "defer"})
            fixed.append(js)
        context["script_files"] = fixed
    _bundle_pages(app, context)


# pydata-sphinx-theme 0.17.1 (requirements.txt) calls addTabStopsToScrollableElements on `load`; the
# patch calls it on the first Tab key. Another theme version without this text fails the build (below).
THEME_JS = "_static/scripts/pydata-sphinx-theme.js"
TAB_STOPS_ON_LOAD = '"complete"===document.readyState?I():window.addEventListener("load",I)'
TAB_STOPS_ON_TAB = 'document.addEventListener("keydown",function k(e){"Tab"===e.key&&(document.removeEventListener("keydown",k,!0),I())},!0)'


def defer_tab_stops(script: str) -> str:
    """The theme's script with its tab stops set up at the first Tab key instead of at ``load``."""
    if TAB_STOPS_ON_TAB in script:
        return script
    if script.count(TAB_STOPS_ON_LOAD) != 1:
        raise ValueError(
            f"{THEME_JS}: the call of addTabStopsToScrollableElements on load is not there once (another "
            "pydata-sphinx-theme version than requirements.txt pins?); update tools/page_speed.py's TAB_STOPS_ON_LOAD"
        )
    return script.replace(TAB_STOPS_ON_LOAD, TAB_STOPS_ON_TAB)


def _patch_theme_script(app, exception):
    if exception or app.builder.format != "html":
        return
    path = pathlib.Path(app.outdir, THEME_JS)
    if path.is_file():
        path.write_text(defer_tab_stops(path.read_text(encoding="utf-8")), encoding="utf-8")


def _prerender_if_node(app, config):
    """katex_prerender (in _config.yml) needs node to run KaTeX at build time; without it, KaTeX in the browser."""
    if getattr(config, "katex_prerender", False) and shutil.which("node") is None:
        from sphinx.util import logging

        logging.getLogger(__name__).info("page_speed: no node on PATH: formulas are typeset by KaTeX in the browser")
        config.katex_prerender = False


# what pydata-sphinx-theme's script does for mode "auto" (its function h), done in the head, before the first paint
THEME_NOW = (
    'var d=document.documentElement.dataset;"auto"===d.theme&&'
    '(d.theme=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light")'
)


def setup(app):
    app.add_js_file(None, body=THEME_NOW)
    app.connect("config-inited", _prerender_if_node)
    app.connect("build-finished", _patch_theme_script)
    app.connect("html-page-context", _page_context, priority=900)
    # last: pydata-sphinx-theme rewrites pygments.css (its light/dark colours) in its own build-finished
    app.connect("build-finished", _write_bundles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": False}  # bundles are noted in the env
