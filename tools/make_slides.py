"""Write the two session decks of the instructor guide as reveal.js slides that work offline.

Usage: python -m tools.make_slides [--out DIR]   (`make slides`; default DIR: book/_extra/slides)

Each deck is one HTML file. Its figures are the PNG outputs committed in the chapter notebooks, and
its demos are the chapters' own kernel-free frame players (a slider and precomputed frames), both
embedded in the file, so the slides always show what the chapters compute. The chapter cells are
picked by their nbformat cell ids (`CELLS`), which survive edits of a cell's code. reveal.js is
vendored from the npm registry into book/_extra/slides/reveal/ (see tools/vendor_assets.sh); the decks
load nothing from the network. The website serves them next to its pages (html_extra_path). Each deck
carries the course's icon (book/_static/favicon.svg) inline: a page that declares no icon makes the
browser ask the server for /favicon.ico, a 404 in the console wherever the deck is served or copied.
"""

from __future__ import annotations

import argparse
import base64
import functools
import html
import pathlib
import re
import shutil
import sys
from typing import NamedTuple

import nbformat

from tools.course import BOOK, chapter

DEFAULT_OUT = BOOK / "_extra" / "slides"
REVEAL = BOOK / "_extra" / "slides" / "reveal"  # the vendored copy (committed)
FAVICON = BOOK / "_static" / "favicon.svg"  # the website's icon (html_favicon)


class SlideCell(NamedTuple):
    chapter: str  # notebook name without .ipynb
    id: str  # the code cell's nbformat id (cell.id)
    shows: str  # "figure": its PNG output; "demo": its kernel-free frame player (text/html)


# The chapter cells the decks show, by cell id. An id stays when a cell's code or outputs are edited;
# a cell deleted and created anew gets a new id: tests/test_teaching_kit.py checks that every id here
# exists and shows what the slide needs (put the new cell's id here then; `cell.id` in nbformat).
CELLS = {
    "paths": SlideCell("01_introduction", "e2d14e2c", "figure"),  # Lasso and ridge coefficient paths
    "error-curves": SlideCell("02_overfitting", "7b4aca53", "figure"),  # train/test error against degree
    "noise-fit": SlideCell("02_overfitting", "53c65489", "figure"),  # pure noise interpolated
    "bias-variance": SlideCell("02_overfitting", "219e5a0e", "figure"),  # bias² + variance + noise
    "soft-threshold": SlideCell("04_l1_lasso", "f851ff53", "figure"),  # one weight: soft-threshold
    "lasso-path": SlideCell("04_l1_lasso", "575b1aa2", "figure"),  # Lasso path on the diabetes data
    "ridge-twins": SlideCell("05_l2_ridge", "32be1fe1", "figure"),  # 200 fits, same twin features
    "corners": SlideCell("06_mathematical_explanation", "a0ccb02e", "figure"),  # where the corner wins
    "subgradient": SlideCell("06_mathematical_explanation", "2f1342e6", "figure"),  # subgradient hovers, prox lands
    "kkt": SlideCell("06_mathematical_explanation", "85635ebe", "figure"),  # KKT conditions on the path
    "cv-curve": SlideCell("06_mathematical_explanation", "317fa88c", "figure"),  # cross-validation curve
    "demo-degree": SlideCell("02_overfitting", "6c84b866", "demo"),  # polynomial degree slider
    "demo-one-weight": SlideCell("03_what_is_regularization", "c0606671", "demo"),  # one weight, L1 vs L2
    "demo-lasso-path": SlideCell("04_l1_lasso", "fb6daf98", "demo"),  # walk down the Lasso path
    "demo-ridge": SlideCell("05_l2_ridge", "1278442a", "demo"),  # ridge shrinkage per direction
    "demo-diamond-disc": SlideCell("06_mathematical_explanation", "64af04de", "demo"),  # diamond and disc
    "demo-correlated": SlideCell("07_key_differences", "779b59fb", "demo"),  # correlated features
    "demo-digits": SlideCell("08_code_examples", "d76e57c0", "demo"),  # digits, L1 against L2
}


@functools.cache
def _notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(chapter(name), as_version=4)


def cell_output(name: str) -> str:
    """What the slide cell `name` of `CELLS` shows: its PNG (base64) or its frame player's HTML.

    Raises ValueError naming the chapter and the cell id when the cell is gone or lacks that output."""
    ref = CELLS[name]
    cells = [c for c in _notebook(ref.chapter).cells if c.get("id") == ref.id]
    if not cells:
        raise ValueError(f"{ref.chapter}.ipynb has no cell with id {ref.id!r} (slide cell {name!r} in "
                         "tools/make_slides.py CELLS): was it deleted or recreated? Put the new cell's id there")
    for output in cells[0].get("outputs", []):
        data = output.get("data", {})
        if ref.shows == "figure" and data.get("image/png"):
            return data["image/png"].strip()
        if ref.shows == "demo" and "frame-player" in data.get("text/html", ""):
            return data["text/html"]
    wanted = "a PNG output" if ref.shows == "figure" else "a frame player (text/html output)"
    raise ValueError(f"{ref.chapter}.ipynb: the cell with id {ref.id!r} (slide cell {name!r}) has no {wanted}")


def figure(name: str) -> str:
    """The PNG output of the slide cell `name`, as an <img>."""
    return f'<img class="figure" alt="figure from {CELLS[name].chapter}" src="data:image/png;base64,{cell_output(name)}">'


def inline(text: str) -> str:
    """Escape text and apply the two inline marks the decks use: `code` and *emphasis*."""
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def slide(title: str, bullets=(), body: str = "", notes: str = "", chapter: str = "") -> str:
    parts = [f"<h2>{inline(title)}</h2>"]
    if bullets:
        parts.append("<ul>" + "".join(f"<li>{inline(b)}</li>" for b in bullets) + "</ul>")
    parts.append(body)
    if chapter:
        parts.append(f'<p class="source">Chapter: {inline(chapter)}</p>')
    if notes:
        parts.append(f'<aside class="notes">{inline(notes)}</aside>')
    return "<section>" + "".join(parts) + "</section>"


def demo_slide(number: int, title: str, ask: str, cell: str, chapter_title: str) -> str:
    """A demo: the question to answer first, then the frame player of the slide cell `cell`."""
    return slide(
        f"Demo {number}: {title}",
        body=f'<p class="ask">Before you move the slider: {inline(ask)}</p>{cell_output(cell)}',
        notes="Let the class commit to an answer first (a show of hands), then move the slider. "
        "What they should see is listed in the instructor guide.",
        chapter=chapter_title,
    )


def session_1() -> list[str]:
    return [
        "<section><h1>L1 vs L2 regularization</h1><h3>Session 1: overfitting, the penalty, and why L1 gives zeros</h3></section>",
        slide("Today", [
            "What overfitting is, precisely, and why training error cannot see it",
            "Regularization: loss + strength × penalty",
            "One weight: why the absolute value stops at exactly zero and the square does not",
            "The Lasso path on real data",
        ]),
        slide("Same data, two penalties", body=figure("paths"),
              notes="Read each panel from the strong penalty (left) to the weak one. Ask: what is different?",
              chapter="Introduction"),
        slide("Overfitting, precisely", [
            "A model overfits when a less flexible model would have a higher training error but a lower test error",
            "A gap between training and test error alone is not overfitting: the noise sets a floor",
        ], body=figure("error-curves"), chapter="Understanding Overfitting"),
        demo_slide(2, "the degree of a polynomial", "the training error only goes down. What will the test error do?",
                   "demo-degree", "Understanding Overfitting"),
        slide("Pure noise, fitted perfectly", [
            "As many free parameters as samples: least squares reproduces any target, noise included",
        ], body=figure("noise-fit"), chapter="Understanding Overfitting"),
        slide("Bias and variance", [
            "Capacity lowers the bias and raises the variance; the test error is their sum plus the noise",
            "A penalty on the weights mainly lowers the variance, at the price of some bias",
        ], body=figure("bias-variance"), chapter="Understanding Overfitting"),
        slide("Loss + penalty", [
            "Minimize  c · RSS(w, b)  +  α · P(w)",
            "L1: P(w) = Σ |wⱼ|, the Lasso",
            "L2: P(w) = Σ wⱼ², ridge regression",
            "Only α relative to c matters: `Lasso` uses RSS/(2n), `Ridge` uses RSS, books use others: convert!",
            "The intercept b is never penalized; features are standardized first",
        ], chapter="What is Regularization?"),
        demo_slide(3, "one weight, L1 against L2", "will either minimum ever reach exactly zero? Which one, and when?",
                   "demo-one-weight", "What is Regularization?"),
        slide("Soft-thresholding", [
            "One weight: minimize ½ (w − z)² + α |w|",
            "At the kink the slopes [−α, α] can absorb the data's pull: w = 0 whenever |z| ≤ α",
            "Otherwise w = z shifted towards 0 by α",
        ], body=figure("soft-threshold"), chapter="L1 Regularization (Lasso)"),
        slide("The Lasso path", [
            "Above α_max every weight is exactly zero; just below it, the feature with the largest pull |xⱼᵀ(y − ȳ)|/n enters",
            "With standardized features that is the one most correlated with y; otherwise a column with a larger spread can win",
            "Features enter one at a time, and can leave again",
        ], body=figure("lasso-path"), chapter="L1 Regularization (Lasso)"),
        demo_slide(4, "walk down the Lasso path", "which feature enters first? Once a feature is in, does it stay in?",
                   "demo-lasso-path", "L1 Regularization (Lasso)"),
        slide("Exact zeros versus small numbers", [
            "The update w ← w − η (gradient + α sign(w)) hops around zero and never lands on it",
            "Coordinate descent and the proximal (soft-threshold) step give exact zeros that *are* the optimum",
            "Rounding small weights afterwards is a patch, not a fix",
        ], chapter="L1 Regularization (Lasso)"),
        slide("Homework", [
            "Overfitting: one feature earlier with an intercept",
            "What is Regularization?: the threshold in sklearn units",
            "L1 Regularization: which feature would enter next?",
            "Exercise prompts and answer cells: the student notebooks",
        ]),
    ]


def session_2() -> list[str]:
    return [
        "<section><h1>L1 vs L2 regularization</h1><h3>Session 2: ridge, four explanations, and using both well</h3></section>",
        slide("Today", [
            "Ridge: a closed form, shrinkage along principal directions, stability",
            "Why L1 gives zeros: geometry, optimization, certificates, priors",
            "Choosing α; the differences measured; the traps in code",
        ]),
        slide("Ridge shrinks, and stabilizes", [
            "w = (XᵀX + α I)⁻¹ Xᵀy exists for every α > 0",
            "Along each principal direction ridge keeps the fraction dⱼ² / (dⱼ² + α) of the least-squares fit;"
            " a single coefficient mixes directions and can grow or change sign as α grows",
            "Twin features: least squares swings wildly, ridge lands at (1, 1) every time: biased, with a 200 times smaller error",
        ], body=figure("ridge-twins"), chapter="L2 Regularization (Ridge)"),
        demo_slide(5, "ridge shrinkage per direction", "which directions will ridge give up first? Will any coefficient reach zero?",
                   "demo-ridge", "L2 Regularization (Ridge)"),
        demo_slide(6, "diamond and disc", "where will the growing ellipse first touch the diamond: on an edge or at a corner? And the disc?",
                   "demo-diamond-disc", "Mathematical Explanation"),
        slide("Corners win often", [
            "Random loss bowls: the L1 optimum often sits on an axis, the L2 optimum never",
            "Further outside the region (stronger penalty), more corners",
        ], body=figure("corners"), chapter="Mathematical Explanation"),
        slide("The gradient perspective, done right", [
            "Subgradient steps hover at about η α; the proximal step and coordinate descent land on 0",
        ], body=figure("subgradient"), chapter="Mathematical Explanation"),
        slide("Certificates: KKT conditions", [
            "Active weights: correlation with the residual exactly ± α; zero weights: inside [−α, α]",
            "The duality gap bounds how far a solution is from optimal",
        ], body=figure("kkt"), chapter="Mathematical Explanation"),
        slide("Choosing α", [
            "K-fold cross-validation on the training data, never the test set",
            "One-standard-error rule: the largest α within one standard error of the best: a sparser model",
        ], body=figure("cv-curve"), chapter="Mathematical Explanation"),
        demo_slide(7, "correlated features", "all three group features matter. As they become more correlated, how often will the Lasso keep each?",
                   "demo-correlated", "Key Differences"),
        slide("The differences, measured", [
            "Sparsity: at the same fit, L1 has exact zeros, L2 none",
            "Selection: the α that predicts best also keeps some irrelevant features",
            "Stability: the Lasso's selected set changes when features are strongly correlated",
            "Best use: a sparse truth favours L1, a dense one L2, at the same dimension",
        ], chapter="Key Differences"),
        slide("In code", [
            "Scale inside a `Pipeline`; split before fitting; report held-out scores",
            "`Lasso(alpha=0.1)` and `Ridge(alpha=0.1)` are different strengths",
            "`LogisticRegression`: `C` is an *inverse* strength; `l1_ratio=1` for L1",
            "Near α_max, tighten `tol` or the Lasso may stop before its first step",
        ], chapter="Code Examples"),
        demo_slide(8, "digits, L1 against L2", "is a small `C` a strong or a weak penalty?", "demo-digits", "Code Examples"),
        slide("Which penalty?", [
            "L1 when few features matter, or a small model is needed",
            "L2 when many features matter a little, or features are strongly correlated",
            "Elastic Net for correlated groups, or when unsure: let cross-validation decide",
        ], chapter="Key Takeaways"),
    ]


STYLE = """
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; } .reveal h1 { font-size: 1.9em; } .reveal h2 { font-size: 1.25em; margin-bottom: .4em; }
.reveal ul { font-size: .62em; display: block; } .reveal li { margin: .25em 0; }
.reveal img.figure { max-height: 390px; width: auto; margin: .3em auto 0; display: block; }
.reveal .frame-player { font-size: .45em; } .reveal .frame-player img { max-height: 400px; width: auto; }
.reveal .ask { font-size: .6em; font-style: italic; } .reveal .source { font-size: .4em; color: #666; }
.reveal code { font-size: .9em; color: #1a5a96; }
"""


def favicon_uri() -> str:
    """The course icon as a data: URI, so that a deck declares an icon that always travels with it."""
    return "data:image/svg+xml;base64," + base64.b64encode(FAVICON.read_bytes()).decode("ascii")


def deck(title: str, sections: list[str]) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" type="image/svg+xml" href="{favicon_uri()}">
<link rel="stylesheet" href="reveal/reveal.css">
<link rel="stylesheet" href="reveal/theme/white.css">
<style>{STYLE}</style>
</head>
<body>
<div class="reveal"><div class="slides">
{chr(10).join(sections)}
</div></div>
<script src="reveal/reveal.js"></script>
<script src="reveal/plugin/notes/notes.js"></script>
<script>Reveal.initialize({{hash: true, slideNumber: true, transition: "none", plugins: [RevealNotes]}});</script>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="folder for the decks")
    args = parser.parse_args(argv)
    if not (REVEAL / "reveal.js").exists():
        print(f"error: vendored reveal.js missing in {REVEAL}; run tools/vendor_assets.sh", file=sys.stderr)
        return 2
    try:
        decks = {"session-1.html": ("L1 vs L2, session 1", session_1()), "session-2.html": ("L1 vs L2, session 2", session_2())}
    except ValueError as error:  # a slide's chapter cell is gone
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.out.resolve() != REVEAL.parent.resolve():
        shutil.copytree(REVEAL, args.out / "reveal", dirs_exist_ok=True)
    for name, (title, sections) in decks.items():
        (args.out / name).write_text(deck(title, sections), encoding="utf-8")
    print(f"{len(decks)} decks in {args.out}: " + ", ".join(f"{n} ({len(s)} slides)" for n, (_, s) in decks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
