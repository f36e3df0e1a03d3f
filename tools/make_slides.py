"""Write the two session decks of the instructor guide as reveal.js slides that work offline.

Usage: python tools/make_slides.py [--out DIR]   (`make slides`; default DIR: book/_extra/slides)

Each deck is one HTML file. Its figures are the PNG outputs committed in the chapter notebooks, and
its demos are the chapters' own kernel-free frame players (a slider and precomputed frames), both
embedded in the file, so the slides always show what the chapters compute. reveal.js is vendored
from the npm registry into book/_extra/slides/reveal/ (see tools/vendor_assets.sh); the decks load
nothing from the network. The website serves them next to its pages (html_extra_path). Each deck carries
the course's icon (book/_static/favicon.svg) inline: a page that declares no icon makes the browser ask
the server for /favicon.ico, a 404 in the console wherever the deck is served or copied.
"""

from __future__ import annotations

import argparse
import base64
import html
import pathlib
import re
import shutil
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "book" / "_extra" / "slides"
REVEAL = ROOT / "book" / "_extra" / "slides" / "reveal"  # the vendored copy (committed)
FAVICON = ROOT / "book" / "_static" / "favicon.svg"  # the website's icon (html_favicon)


def figure(chapter: str, marker: str) -> str:
    """The PNG output of the code cell in `chapter` whose source contains `marker`, as an <img>."""
    nb = nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and marker in c.source]
    if len(cells) != 1:
        raise ValueError(f"{chapter}: {len(cells)} code cells contain {marker!r}, expected 1")
    for output in cells[0].outputs:
        png = output.get("data", {}).get("image/png")
        if png:
            return f'<img class="figure" alt="figure from {chapter}" src="data:image/png;base64,{png.strip()}">'
    raise ValueError(f"{chapter}: the cell with {marker!r} has no PNG output")


def demo(chapter: str) -> str:
    """The chapter's first interactive figure: its kernel-free HTML frame player."""
    nb = nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "Explorer(" in cell.source:
            for output in cell.outputs:
                player = output.get("data", {}).get("text/html")
                if player and "frame-player" in player:
                    return player
    raise ValueError(f"{chapter}: no frame player found")


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


def demo_slide(number: int, title: str, ask: str, chapter_file: str, chapter_title: str) -> str:
    return slide(
        f"Demo {number}: {title}",
        body=f'<p class="ask">Before you move the slider: {inline(ask)}</p>{demo(chapter_file)}',
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
        slide("Same data, two penalties", body=figure("01_introduction", "coefficient_path(lasso_alphas"),
              notes="Read each panel from the strong penalty (left) to the weak one. Ask: what is different?",
              chapter="Introduction"),
        slide("Overfitting, precisely", [
            "A model overfits when a less flexible model would have a higher training error but a lower test error",
            "A gap between training and test error alone is not overfitting: the noise sets a floor",
        ], body=figure("02_overfitting", "ax = error_curves(degrees, poly_train"), chapter="Understanding Overfitting"),
        demo_slide(2, "the degree of a polynomial", "the training error only goes down. What will the test error do?",
                   "02_overfitting", "Understanding Overfitting"),
        slide("Pure noise, fitted perfectly", [
            "As many free parameters as samples: least squares reproduces any target, noise included",
        ], body=figure("02_overfitting", "noise_train, 1e-32"), chapter="Understanding Overfitting"),
        slide("Bias and variance", [
            "Capacity lowers the bias and raises the variance; the test error is their sum plus the noise",
            "A penalty on the weights mainly lowers the variance, at the price of some bias",
        ], body=figure("02_overfitting", "bias² + variance + noise"), chapter="Understanding Overfitting"),
        slide("Loss + penalty", [
            "Minimize  c · RSS(w, b)  +  α · P(w)",
            "L1: P(w) = Σ |wⱼ|, the Lasso",
            "L2: P(w) = Σ wⱼ², ridge regression",
            "Only α relative to c matters: `Lasso` uses RSS/(2n), `Ridge` uses RSS, books use others: convert!",
            "The intercept b is never penalized; features are standardized first",
        ], chapter="What is Regularization?"),
        demo_slide(3, "one weight, L1 against L2", "will either minimum ever reach exactly zero? Which one, and when?",
                   "03_what_is_regularization", "What is Regularization?"),
        slide("Soft-thresholding", [
            "One weight: minimize ½ (w − z)² + α |w|",
            "At the kink the slopes [−α, α] can absorb the data's pull: w = 0 whenever |z| ≤ α",
            "Otherwise w = z shifted towards 0 by α",
        ], body=figure("04_l1_lasso", 'label="Lasso: soft-threshold"'), chapter="L1 Regularization (Lasso)"),
        slide("The Lasso path", [
            "Above α_max every weight is exactly zero; just below it, the feature with the largest pull |xⱼᵀ(y − ȳ)|/n enters",
            "With standardized features that is the one most correlated with y; otherwise a column with a larger spread can win",
            "Features enter one at a time, and can leave again",
        ], body=figure("04_l1_lasso", 'title="Lasso path on the diabetes data"'), chapter="L1 Regularization (Lasso)"),
        demo_slide(4, "walk down the Lasso path", "which feature enters first? Once a feature is in, does it stay in?",
                   "04_l1_lasso", "L1 Regularization (Lasso)"),
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
            "Twin features: least squares swings wildly, ridge lands near the truth every time",
        ], body=figure("05_l2_ridge", "200 fits, same twin features"), chapter="L2 Regularization (Ridge)"),
        demo_slide(5, "ridge shrinkage per direction", "which directions will ridge give up first? Will any coefficient reach zero?",
                   "05_l2_ridge", "L2 Regularization (Ridge)"),
        demo_slide(6, "diamond and disc", "where will the growing ellipse first touch the diamond: on an edge or at a corner? And the disc?",
                   "06_mathematical_explanation", "Mathematical Explanation"),
        slide("Corners win often", [
            "Random loss bowls: the L1 optimum often sits on an axis, the L2 optimum never",
            "Further outside the region (stronger penalty), more corners",
        ], body=figure("06_mathematical_explanation", "L1: where the corner wins"), chapter="Mathematical Explanation"),
        slide("The gradient perspective, done right", [
            "Subgradient steps hover at about η α; the proximal step and coordinate descent land on 0",
        ], body=figure("06_mathematical_explanation", "subgradient: hovers"), chapter="Mathematical Explanation"),
        slide("Certificates: KKT conditions", [
            "Active weights: correlation with the residual exactly ± α; zero weights: inside [−α, α]",
            "The duality gap bounds how far a solution is from optimal",
        ], body=figure("06_mathematical_explanation", "KKT: active weights need"), chapter="Mathematical Explanation"),
        slide("Choosing α", [
            "K-fold cross-validation on the training data, never the test set",
            "One-standard-error rule: the largest α within one standard error of the best: a sparser model",
        ], body=figure("06_mathematical_explanation", "cv_curve(cv.alphas_"), chapter="Mathematical Explanation"),
        demo_slide(7, "correlated features", "all three group features matter. As they become more correlated, how often will the Lasso keep each?",
                   "07_key_differences", "Key Differences"),
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
        demo_slide(8, "digits, L1 against L2", "is a small `C` a strong or a weak penalty?", "08_code_examples", "Code Examples"),
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
    args.out.mkdir(parents=True, exist_ok=True)
    if args.out.resolve() != REVEAL.parent.resolve():
        shutil.copytree(REVEAL, args.out / "reveal", dirs_exist_ok=True)
    decks = {"session-1.html": ("L1 vs L2, session 1", session_1()), "session-2.html": ("L1 vs L2, session 2", session_2())}
    for name, (title, sections) in decks.items():
        (args.out / name).write_text(deck(title, sections), encoding="utf-8")
    print(f"{len(decks)} decks in {args.out}: " + ", ".join(f"{n} ({len(s)} slides)" for n, (_, s) in decks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
