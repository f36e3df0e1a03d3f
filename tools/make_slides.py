"""Write the two session decks of the instructor guide as reveal.js slides that work offline.

Usage: python -m tools.make_slides [--out DIR]   (`make slides`; default DIR: book/_extra/slides)

Each deck is one HTML file (with its folders reveal/, figures/ and fonts/ beside it), in the order of the lesson plan (book/instructor_guide.md). Its figures
and demos are the chapters' own, re-rendered for a projector by `tools.slide_figures` (the chapter's
code run again with the figure filling the slide and no text under 20 px); the chapter cells are
picked by their nbformat cell ids (`CELLS`), which survive edits of a cell's code. A demo is three
slides: the question, the figure with its slider at a start that gives nothing away, the answer.
Every slide carries speaker notes (`S` in reveal.js): what to ask, what students should see.
A slider never keeps the presenter's keys: on a focused slider, the keys a remote sends (Page
Up/Down, Space, the left and right arrows) change the slide (`KEYS_JS`); Up/Down, Home/End move it.

reveal.js is vendored from the npm registry into book/_extra/slides/reveal/ (see
tools/vendor_assets.sh); the decks load nothing from the network. The website serves them next to
its pages (html_extra_path). Each deck carries the course's icon (book/_static/favicon.svg) inline:
a page that declares no icon makes the browser ask the server for /favicon.ico, a 404 in the console.

A deck's figures and slider frames are files beside it, ``figures/<hash>.png`` (tools/page_speed.py's
``externalize_images``, as on the website), loaded lazily: the deck opens at once on a phone or a slow
network and fetches a slide's pictures when reveal.js lays it out (it keeps the next few ready). Copy
the folder with the deck (``reveal/`` and ``figures/``) to present from a USB stick.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import html
import pathlib
import re
import shutil
import string
import sys
from typing import NamedTuple

import nbformat

from tools.course import BOOK, chapter
from tools.slide_figures import FIGURE_PX, MIN_TEXT_PX, DemoTweak, render_chapter

DEFAULT_OUT = BOOK / "_extra" / "slides"
REVEAL = BOOK / "_extra" / "slides" / "reveal"  # the vendored copy (committed)
FAVICON = BOOK / "_static" / "favicon.svg"  # the website's icon (html_favicon)


class SlideCell(NamedTuple):
    chapter: str  # notebook name without .ipynb
    id: str  # the code cell's nbformat id (cell.id)
    shows: str  # "figure": its figure; "demo": its interactive figure; "text": its printed output
    height: int = 0  # pixels of the slide left for the figure, if not slide_figures' default (one line of text above)


NO_TEXT, TWO_LINES = 620, 530  # figure heights under a bare title, and under two lines of text

# The chapter cells the decks show, by cell id. An id stays when a cell's code or outputs are edited;
# a cell deleted and created anew gets a new id: tests/test_teaching_kit.py checks that every id here
# exists and shows what the slide needs (put the new cell's id here then; `cell.id` in nbformat).
CELLS = {
    "paths": SlideCell("01_introduction", "e2d14e2c", "figure", NO_TEXT),  # Lasso and ridge coefficient paths
    "error-curves": SlideCell("02_overfitting", "7b4aca53", "figure"),  # train/test error against degree
    "noise-fit": SlideCell("02_overfitting", "53c65489", "figure", NO_TEXT),  # pure noise interpolated
    "bias-variance": SlideCell("02_overfitting", "219e5a0e", "figure", NO_TEXT),  # bias² + variance + noise
    "units-lasso": SlideCell("03_what_is_regularization", "bb999b74", "text"),  # three units, three models
    "units-scaled": SlideCell("03_what_is_regularization", "8d1f966a", "text"),  # standardized: one model
    "soft-threshold": SlideCell("04_l1_lasso", "f851ff53", "figure"),  # one weight: soft-threshold
    "lasso-path": SlideCell("04_l1_lasso", "575b1aa2", "figure", TWO_LINES),  # Lasso path on the diabetes data
    "ridge-twins": SlideCell("05_l2_ridge", "32be1fe1", "figure"),  # 200 fits, same twin features
    "corners": SlideCell("06_mathematical_explanation", "a0ccb02e", "figure", NO_TEXT),  # where the corner wins
    "subgradient": SlideCell("06_mathematical_explanation", "2f1342e6", "figure"),  # subgradient hovers, prox lands
    "kkt": SlideCell("06_mathematical_explanation", "85635ebe", "figure"),  # KKT conditions on the path
    "kkt-numbers": SlideCell("06_mathematical_explanation", "05f0865a", "text"),  # KKT violation per solver
    "gap-numbers": SlideCell("06_mathematical_explanation", "b9aaceb6", "text"),  # duality gap per solver
    "cv-curve": SlideCell("06_mathematical_explanation", "317fa88c", "figure", TWO_LINES),  # cross-validation curve
    "demo-bars": SlideCell("01_introduction", "7a9146f7", "demo"),  # L1 and L2 bars, strong to weak
    "demo-degree": SlideCell("02_overfitting", "6c84b866", "demo"),  # polynomial degree slider
    "demo-one-weight": SlideCell("03_what_is_regularization", "c0606671", "demo"),  # one weight, L1 vs L2
    "demo-lasso-path": SlideCell("04_l1_lasso", "fb6daf98", "demo"),  # walk down the Lasso path
    "demo-ridge": SlideCell("05_l2_ridge", "1278442a", "demo"),  # ridge shrinkage per direction
    "demo-diamond-disc": SlideCell("06_mathematical_explanation", "64af04de", "demo"),  # diamond and disc
    "demo-correlated": SlideCell("07_key_differences", "779b59fb", "demo"),  # correlated features
    "demo-digits": SlideCell("08_code_examples", "d76e57c0", "demo"),  # digits, L1 against L2
    "demo-epochs": SlideCell("09_cli_output", "ee660c34", "demo"),  # training, epoch by epoch
}

# Where each demo starts on its slide (an index into the slider's values) and what it hides, so
# that the opening frame does not answer the question asked before it.
TWEAKS = {
    "demo-bars": DemoTweak({"position": 0}),  # the strongest penalty
    "demo-degree": DemoTweak(  # degree 1, and the error panel drawn only up to the current degree
        {"degree": 0},
        "lambda degree: [line.set_data(degrees[:degree], values[:degree])"
        " for line, values in zip(ax_err.lines[:2], (poly_train, poly_test))]",
    ),
    "demo-one-weight": DemoTweak({"alpha": 0}),  # no penalty yet
    "demo-lasso-path": DemoTweak({"k": 0}),  # alpha_max: every weight zero
    "demo-ridge": DemoTweak({"k": 0}),  # the weak end
    "demo-diamond-disc": DemoTweak({"direction": 0, "budget": 1}),  # near the w1 axis, middle budget
    "demo-correlated": DemoTweak({"rho": 0}),  # independent features
    "demo-digits": DemoTweak({}),  # the chapter's start, its best C: neither end of the grid
    "demo-epochs": DemoTweak({"epoch": 0}),  # before the first step
}


@functools.cache
def _notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(chapter(name), as_version=4)


def _cell(name: str) -> nbformat.NotebookNode:
    ref = CELLS[name]
    cells = [c for c in _notebook(ref.chapter).cells if c.get("id") == ref.id]
    if not cells:
        raise ValueError(f"{ref.chapter}.ipynb has no cell with id {ref.id!r} (slide cell {name!r} in "
                         "tools/make_slides.py CELLS): was it deleted or recreated? Put the new cell's id there")
    return cells[0]


@functools.cache
def _renders(chapter_name: str) -> dict:
    refs = {key: ref for key, ref in CELLS.items() if ref.chapter == chapter_name and ref.shows != "text"}
    wanted = {ref.id: TWEAKS.get(key) for key, ref in refs.items()}
    sizes = {ref.id: (FIGURE_PX[0], ref.height) for ref in refs.values() if ref.height}
    return render_chapter(chapter_name, wanted, sizes)


def cell_output(name: str) -> dict:
    """What the slide cell `name` of `CELLS` shows, rendered for projection: {"png": base64} for a
    figure, {"html": frame player} for a demo (each with "min_pt", "dpi", "size"), or {"text": ...}
    for printed output (the committed output of the chapter).

    Raises ValueError naming the chapter and the cell id when the cell is gone or lacks that output."""
    ref = CELLS[name]
    cell = _cell(name)
    if ref.shows == "text":
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
        if not text.strip():
            raise ValueError(f"{ref.chapter}.ipynb: the cell with id {ref.id!r} (slide cell {name!r}) prints nothing")
        return {"text": text}
    return _renders(ref.chapter)[ref.id]


def alt_text(name: str) -> str:
    """What a figure shows, for screen readers: the chapter cell's alt text (myst-nb's metadata)."""
    alt = _cell(name).metadata.get("mystnb", {}).get("image", {}).get("alt", "")
    if not alt:
        ref = CELLS[name]
        raise ValueError(f"{ref.chapter}.ipynb: cell {ref.id!r} (slide cell {name!r}) has no alt text in its "
                         "metadata (mystnb.image.alt): say what the figure shows")
    return alt


def _text_px(render: dict) -> str:
    """The smallest text of a figure in pixels on a 1280 x 720 slide, where it shows at its own size."""
    px = render["min_pt"] * render["dpi"] / 72
    if px < MIN_TEXT_PX:
        raise ValueError(f"a slide figure's smallest text is {px:.1f} px, below {MIN_TEXT_PX} px at 1280 x 720")
    return f"{px:.1f}"


def figure(name: str) -> str:
    """The figure of the slide cell `name`, as an <img> at projection size."""
    render = cell_output(name)
    width, height = render["size"]
    return (f'<img class="figure" alt="{html.escape(alt_text(name))}" width="{width}" height="{height}" '
            f'data-min-text-px="{_text_px(render)}" src="data:image/png;base64,{render["png"]}">')


def printed(name: str) -> str:
    """The printed output of the slide cell `name`, as the chapter shows it."""
    return f'<pre class="printed">{html.escape(cell_output(name)["text"].rstrip())}</pre>'


def inline(text: str) -> str:
    """Escape text and apply the two inline marks the decks use: `code` and *emphasis*."""
    text = html.escape(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def slide(title: str, bullets=(), body: str = "", *, notes: str, chapter: str = "", kind: str = "") -> str:
    """One slide. ``notes`` (required): what to ask and what students should see, for the speaker view.
    ``kind``: the slide's part in the lesson plan (question-N, demo-N, answer-N for demo N; pairs, coding,
    coding-answer, summary, homework, review), written as data-kind on its title so that every slide
    stays a bare <section> (tests/test_teaching_kit.py counts them)."""
    if not notes.strip():
        raise ValueError(f"slide {title!r} has no speaker notes")
    attrs = f' data-kind="{kind}"' if kind else ""
    parts = [f"<h2{attrs}>{inline(title)}</h2>"]
    if bullets:
        parts.append("<ul>" + "".join(f"<li>{inline(b)}</li>" for b in bullets) + "</ul>")
    parts.append(body)
    if chapter:
        parts.append(f'<p class="source">Chapter: {inline(chapter)}</p>')
    parts.append(f'<aside class="notes">{inline(notes)}</aside>')
    return "<section>" + "".join(parts) + "</section>"


def demo(number: int, title: str, *, cell: str, chapter: str, ask: str, expect: str, setting: str, probe: str,
         watch: str, answer: list[str], answer_body: str = "", see: str) -> list[str]:
    """A demo as three slides: the question alone, the interactive figure at a start that answers
    nothing (`TWEAKS`), then the answer. Notes: `ask` and the predictions to `expect` (question slide);
    `setting` (how to move the slider), what to `probe` at each stop and what students should `watch`
    (figure slide); what they should `see` (answer slide)."""
    render = cell_output(cell)
    player = render["html"].replace('class="frame-player"', f'class="frame-player" data-min-text-px="{_text_px(render)}"', 1)
    return [
        slide(f"Demo {number}: {title}", body=f'<p class="ask">{inline(ask)}</p>', kind=f"question-{number}",
              notes=f"Ask: {ask} Let everyone commit to an answer first (a show of hands, or write it down); "
              f"do not show the figure yet. Students should see only the question. Expect: {expect} Collect "
              "two or three answers with their reasons.", chapter=chapter),
        slide(f"Demo {number}: {title}", body=player, kind=f"demo-{number}",
              notes=f"{setting} Ask at each stop: {probe} Students should see {watch} Move the slider slowly "
              "and stop where someone calls out. The keys of a "
              "remote (Page Down, Space, arrows left and right) change slides even after a click on the "
              "slider; Up/Down and Home/End move a focused slider.", chapter=chapter),
        slide(f"Demo {number}: what we saw", answer, answer_body, kind=f"answer-{number}",
              notes=f"They should see: {see} Ask who predicted it, and what made them change their mind.",
              chapter=chapter),
    ]


def session_1() -> list[str]:
    return [
        slide("L1 vs L2 regularization", body="<p class=\"subtitle\">Session 1: overfitting, the penalty, and why L1 gives zeros</p>",
              notes="Welcome. Today: why a model that fits its data perfectly can predict badly, and the two "
              "penalties that cure it. Check that everyone has the student notebooks open (chapter 3 is "
              "needed for the coding activity) and did the reading: the Introduction, and Understanding "
              "Overfitting up to its section Bias and variance. Ask: who has ever seen a model that was perfect on its data and "
              "useless on new data? Students should recognize the problem before it gets its name."),
        slide("Today", [
            "What overfitting is, precisely, and why training error cannot see it",
            "Regularization: loss + strength × penalty",
            "One weight: why the absolute value stops at exactly zero and the square does not",
            "You code: units change what the Lasso selects",
            "The Lasso path on real data",
        ], notes="Read the plan aloud. Ask: who has heard 'L1 gives sparse models'? Keep the hands in mind: "
           "by the end of the session everyone should be able to say why, not only that. Students should see "
           "that they will write code once (the units experiment) and predict before every demo."),
        slide("Same data, two penalties", body=figure("paths"), chapter="Introduction",
              notes="Ask: what is different between the two panels? Students should see that on the left "
              "(L1) most lines sit exactly on zero under a strong penalty and leave it one at a time, while "
              "on the right (L2) all ten leave zero together and grow smoothly. Do not explain yet."),
        *demo(1, "L1 and L2 side by side", cell="demo-bars", chapter="Introduction",
              ask="As the penalty weakens, will the two models bring the ten features back in the same way?",
              setting="The slider starts at the strongest penalty; walk it towards the weak end, one step at a time.",
              expect="many expect the two to behave alike, or L2 to drop the small features too, since its "
              'penalty is "stronger" on them.',
              probe='how many L1 bars are exactly zero now? How many L2 bars?',
              watch="the hollow rings of L1 (exact zeros) fill in one at a time, while every L2 bar is non-"
              "zero from the first step and only grows.",
              answer=["L1: bars exactly zero (hollow rings) at the strong end; they become non-zero one at a time",
                      "L2: every bar non-zero at every strength, only smaller at the strong end",
                      "The question of the course: why does one penalty drop features and the other not?"],
              see="under L1 the rings fill one at a time; under L2 no ring ever appears. State the question of the "
              "course and write it on the board: it is answered four times over the two sessions."),
        slide("Overfitting, precisely", [
            "A model overfits when a less flexible model would have a higher training error but a lower test error",
            "A gap between training and test error alone is not overfitting: the noise sets a floor",
        ], chapter="Understanding Overfitting",
           notes="Read the definition slowly. Ask: a model has training error 0.1 and test error 0.3; is it "
           "overfitting? Students should answer: we cannot tell without a less flexible model to compare; "
           "the gap may be noise."),
        *demo(2, "the degree of a polynomial", cell="demo-degree", chapter="Understanding Overfitting",
              ask="The training error only goes down as the degree grows. What will the test error do?",
              setting="The slider starts at degree 1 and the error panel fills in up to the current degree: move "
              "one degree at a time up to 19.",
              expect="many predict that the test error falls with the training error; a few that it rises "
              "from the start.",
              probe="is this curve believable between the points? Where is the test error now, against the "
              "training error?",
              watch="the curve follow the sine around degree 3, then wiggle through the points at high "
              "degrees, and the test error line turn upwards while the training line keeps falling.",
              answer=["Training error falls for ever; test error falls, bottoms out near degree 3, then climbs"],
              answer_body=figure("error-curves"),
              see="the line misses the sine at degree 1, follows it around degree 3 to 5, and at high degrees "
              "wiggles through the points and swings out of the plot; the test error climbs by orders of "
              "magnitude. The dotted line is the noise floor: no model gets below it."),
        slide("Pure noise, fitted perfectly", body=figure("noise-fit"), chapter="Understanding Overfitting",
              notes="Ask first: with 30 samples of pure noise, how many features do we need to fit them exactly? "
              "Students should see the training error drop to zero at p = 30 (the vertical line) while the "
              "test error is never better than predicting 0. Zero training error says nothing about the model."),
        slide("Bias and variance", body=figure("bias-variance"), chapter="Understanding Overfitting",
              notes="Ask: which curve does a penalty on the weights lower, and what does it cost? Students "
              "should see squared bias falling and variance rising with the degree, the total lowest at degree "
              "3. A penalty mainly lowers the variance at the price of some bias."),
        slide("Pairs: the self-check (8 minutes)", [
            "In pairs: answer the self-check questions of Understanding Overfitting aloud, then open the answers",
            "Then discussion question 1: “My model has a training error of zero, so it cannot be underfitting, "
            "and I used a test set, so it cannot be overfitting.” What would you ask to see?",
        ], chapter="Understanding Overfitting", kind="pairs",
           notes="Walk around; listen for 'the gap means overfitting' (the misconception of the first row of "
           "the guide's table). After 6 minutes ask two pairs for discussion question 1. Students should "
           "answer that they would ask for the test error of a less flexible model and for the noise level."),
        slide("Loss + penalty", [
            "Minimize  c · RSS(w, b)  +  α · P(w)",
            "L1: P(w) = Σ |wⱼ|, the Lasso;  L2: P(w) = Σ wⱼ², ridge regression",
            "Only α relative to c matters: `Lasso` uses RSS/(2n), `Ridge` uses RSS, books use others: convert!",
            "The intercept b is never penalized",
        ], chapter="What is Regularization?",
           notes="Write the objective on the board. Ask: is Lasso(alpha=0.1) as strong as Ridge(alpha=0.1)? "
           "Students should say no: the data terms are scaled differently (the table of conventions in the "
           "chapter), so a strength only means something with its convention."),
        *demo(3, "one weight, L1 against L2", cell="demo-one-weight", chapter="What is Regularization?",
              ask="Will either minimum ever reach exactly zero? If so, which one, and when?",
              setting="The slider starts at α = 0 (no penalty); raise it slowly to the right end.",
              expect='a common answer is "both get close to zero"; some expect L2 to reach zero first '
              "because the square grows faster.",
              probe='will the dot move towards 0 at the next step, or stay? How far is each minimum from 0 now?',
              watch="both minima move towards 0; the L1 dot stops at exactly 0 once α passes the threshold,"
              " the L2 dot keeps approaching without arriving.",
              answer=["L2: the minimum slides towards 0 ever more slowly and never reaches it",
                      "L1: the sum has a corner at 0; past a threshold the minimum sits at exactly 0 and stays",
                      "A constant pull α against the pull 2αw of L2, which fades near zero"],
              see="the L2 dot approaches 0 and never gets there; the L1 dot reaches 0 at the threshold stated in "
              "the chapter and stays. Connect it to the slopes: the corner's slopes [−α, α] absorb the data's pull."),
        slide("You code: do units change the Lasso? (12 minutes)", [
            "Student notebook of What is Regularization?, section on standardization: `X`, `y`, `features` are loaded",
            "Fit `Lasso(alpha=0.5)`; then multiply the `age` column by 1000, refit, and list the kept features",
            "Then divide `bmi` by 1000 instead. Predict first: will the same features be kept?",
            "Finally put `StandardScaler()` and the Lasso in one pipeline and repeat",
        ], chapter="What is Regularization?", kind="coding",
           notes="Students write about eight lines: a copy of X, one column rescaled, a fit, "
           "np.flatnonzero(model.coef_). Ask them to predict before running. Help the stuck ones with the "
           "function rescaled(column, factor) of the chapter. Students should see the kept set change with "
           "the units (age kept once it is multiplied by 1000, bmi dropped once it is divided) and stay put "
           "under the pipeline. Next slide: the chapter's own result."),
        slide("What the experiment shows", body=printed("units-lasso") + printed("units-scaled"),
              chapter="What is Regularization?", kind="coding-answer",
              notes="Ask: same data, same strength: why three different models? Students should see that the "
              "penalty weighs each feature in its own units: age times 1000 gets cheap to keep, bmi divided by "
              "1000 gets expensive. With the scaler in a pipeline all three keep the same four features."),
        slide("Soft-thresholding", [
            "One weight: minimize ½ (w − z)² + α |w|:  w = 0 whenever |z| ≤ α, otherwise z shifted towards 0 by α",
        ], body=figure("soft-threshold"), chapter="L1 Regularization (Lasso)",
           notes="Ask: for z = 0.6 and α = 1, where is the minimum? Students should see it at the kink w = 0 "
           "(left panel) and, on the right, the flat stretch |z| ≤ α where the Lasso's weight is exactly 0."),
        *demo(4, "walk down the Lasso path", cell="demo-lasso-path", chapter="L1 Regularization (Lasso)",
              ask="Which feature will enter first? Once a feature is in, will it stay in?",
              setting="The slider starts at α_max, where every weight is zero; walk it down towards the weak end.",
              expect="most name the feature with the largest least-squares weight, and expect a feature to "
              "stay once it is in.",
              probe='which feature enters next? Is any bar about to return to zero?',
              watch="every bar at zero at α_max, bmi leaving zero first, then the others one at a time, and"
              " the count of active features in the title climbing.",
              answer=["Above α_max every weight is exactly zero; `bmi` enters first: the largest pull |xⱼᵀ(y − ȳ)|/n",
                      "Features enter one at a time, and can leave again: near the weak end `hdl` leaves and returns"],
              answer_body=figure("lasso-path"),
              see="all bars zero at α_max; bmi first, as the α_max formula predicts; the count of active features "
              "climbs, but not monotonically: hdl leaves and returns near the weak end."),
        slide("Exact zeros versus small numbers", [
            "The update w ← w − η (gradient + α sign(w)) hops around zero and never lands on it",
            "Coordinate descent and the proximal (soft-threshold) step give exact zeros that *are* the optimum",
            "Rounding small weights afterwards is a patch, not a fix",
        ], chapter="L1 Regularization (Lasso)",
           notes="Ask: a solver returns weights of 1e-5; are they zeros? Students should answer: only a "
           "solver that lands on zero (coordinate descent, a proximal step) tells; a subgradient method's "
           "small weights are hops around zero. Session 2 shows it on a figure and certifies it."),
        slide("Summary of session 1", [
            "Overfitting: a less flexible model would predict better; training error cannot see it",
            "Regularization: loss + α × penalty, with the strength's convention stated and features standardized",
            "L1's corner at 0 absorbs the data's pull: exact zeros below a threshold; L2 only shrinks",
            "The Lasso path: features enter one at a time from α_max, and can leave",
        ], kind="summary",
           notes="Ask one student per bullet to say it in their own words before you reveal the next. Then "
           "discussion question 7 (two minutes): a library says 'alpha = 1 is a good default'; why can no such "
           "default exist? Students should say: the Lasso's alpha is measured against the target, ridge's "
           "against the singular values of X."),
        slide("Homework and reading for session 2", [
            "Homework 1 (graded, about two hours), or the exercises: *One feature earlier with an intercept*, "
            "*The threshold in sklearn units*, *Which feature would enter next?*",
            "Reading: L2 Regularization (Ridge), its sections “The closed form” and “Shrinkage, seen through "
            "the SVD”; Mathematical Explanation, its sections “Geometry” and “The Bayesian reading”",
            "Exercise prompts and answer cells: the student notebooks",
        ], kind="homework",
           notes="Say when the homework is due and how it is handed in (the submission zip of the last cell). "
           "Two students will present the threshold and next-entrant exercises at the start of session 2: "
           "ask for volunteers now. Students should leave knowing the due date, the reading and who presents."),
    ]


def session_2() -> list[str]:
    return [
        slide("L1 vs L2 regularization", body="<p class=\"subtitle\">Session 2: ridge, four explanations, and using both well</p>",
              notes="Welcome back. Check that the student notebook of the Mathematical Explanation chapter runs "
              "(needed for the coding activity) and ask who did the reading on ridge and the geometry. "
              "Students should have that notebook open and run to the end before the review starts."),
        slide("Homework review (10 minutes)", [
            "*The threshold in sklearn units*: the threshold, both sides checked, the factor 2n explained",
            "*Which feature would enter next?*: the pulls on the residual, and why the active pull equals α",
        ], kind="review",
           notes="Two students present, five minutes each. Ask the class after each: which line of the "
           "derivation is the optimality condition? Students should point to the slopes at the kink (the "
           "first) and to the pull of an active feature being exactly α (the second): the KKT conditions of today."),
        slide("Today", [
            "Ridge: a closed form, shrinkage along principal directions, stability",
            "Why L1 gives zeros: geometry, optimization, certificates (and the prior you read)",
            "You code: certify a Lasso solution",
            "Choosing α; the differences measured; the traps in code",
        ], notes="The four explanations of sparsity: geometry and optimization in class, the certificates by "
           "your own code, the Bayesian reading done before the class. Ask which explanation they expect to "
           "find most convincing; come back to it with discussion question 4. Students should see that "
           "today's coding activity is the certificate: they will check a solver's answer themselves."),
        slide("Ridge shrinks, and stabilizes", [
            "w = (XᵀX + α I)⁻¹ Xᵀy exists for every α > 0; along principal direction j ridge keeps dⱼ² / (dⱼ² + α)",
        ], body=figure("ridge-twins"), chapter="L2 Regularization (Ridge)",
           notes="Ask: twin features, truth (2, 0): where do least squares and ridge land? Students should see "
           "least squares spread far along the line w1 + w2 = 2 and ridge in one tight spot at (1, 1): biased, "
           "yet with a much smaller mean squared error. Discussion question 3 (two minutes, in pairs): point "
           "to the bias and to the variance, and say what the trade does to predictions."),
        *demo(5, "ridge shrinkage per direction", cell="demo-ridge", chapter="L2 Regularization (Ridge)",
              ask="Which directions will ridge give up first: those in which the data vary a lot, or those in "
              "which they barely vary? Will any coefficient reach zero?",
              setting="The slider starts at the weak end; move it to the strong end.",
              expect="many expect ridge to shrink every coefficient by the same factor, or the small ones to"
              " reach zero.",
              probe="which direction's factor falls next? Does any coefficient touch the axis?",
              watch="the factors of the directions with small singular values fall first and the degrees of"
              " freedom in the title drop, while no coefficient sits on the axis.",
              answer=["The directions with small singular values are shrunk first",
                      "The degrees of freedom fall from almost 10 to below 1",
                      "Coefficients shrink overall but not in step, and none sits at zero"],
              see="the factors of the last directions fall first; the df in the title fall; some coefficients "
              "grow for a while or change sign, and no bar ever sits on the axis."),
        *demo(6, "diamond and disc", cell="demo-diamond-disc", chapter="Mathematical Explanation",
              ask="Where will the growing ellipse first touch the diamond: on an edge or at a corner? And the disc?",
              setting="The slider starts with the centre near the w₁ axis at budget 1.0; turn the direction "
              "through all positions, then try the other budgets.",
              expect='most guess an edge, since edges are long and corners are only points.',
              probe='for this direction, corner or edge? Call it before the ellipse grows.',
              watch="the ellipse touch the diamond at a corner (one weight exactly 0) for many directions, "
              "and the disc always away from the axes.",
              answer=["For many directions the diamond is touched at a corner: one weight exactly 0",
                      "The rounded diamond (Elastic Net) keeps its corners, and is touched there less often",
                      "The disc has no corner: both weights non-zero"],
              see="corners win for many directions under L1, an edge for the others; the disc is never touched "
              "on an axis. The next slide counts it over random loss bowls."),
        slide("Corners win often", body=figure("corners"), chapter="Mathematical Explanation",
              notes="Ask: further from the region (a stronger penalty), more or fewer corners? Students should "
              "see the L1 fraction rise with the distance and the L2 fraction at 0 everywhere. Discussion "
              "question 4 (one minute): which explanation of sparsity convinces you most so far?"),
        slide("The gradient perspective, done right", [
            "Subgradient steps hover at about η α; the proximal step and coordinate descent land on 0",
        ], body=figure("subgradient"), chapter="Mathematical Explanation",
           notes="Ask: with a smaller learning rate, will the subgradient method reach zero? Students should "
           "see the coloured irrelevant weights oscillate around the dashed line ηα forever on the left, and "
           "fall to the exact-zero floor with the proximal step and coordinate descent."),
        slide("Certificates: the KKT conditions", [
            "Active weights: correlation with the residual exactly ± α; zero weights: inside [−α, α]",
        ], body=figure("kkt"), chapter="Mathematical Explanation",
           notes="Ask: which of the two results is a Lasso solution, and how can you tell without another "
           "solver? Students should see coordinate descent's zeros inside the band and its active weights on "
           "the dashed lines, and the subgradient result's weights off the lines: it fails the conditions."),
        slide("You code: certify a Lasso (10 minutes)", [
            "Student notebook of the Mathematical Explanation: `X`, `y`, `alpha`, `sub`, `prox`, `cd` are computed",
            "`from helpers.solvers import lasso_kkt_violation, lasso_duality_gap`",
            "For each result's `.coef`: the KKT violation and the duality gap. Which are Lasso solutions?",
            "Then round the subgradient weights below 0.05 to zero: is that a solution now?",
        ], chapter="Mathematical Explanation", kind="coding",
           notes="Students write a loop of four lines. Predict first: which result passes? Circulate; the "
           "rounding question is the point: rounding gives a vector that solves no problem, and the "
           "certificate says so. Students should see the proximal and coordinate-descent results pass (a "
           "violation and a gap at rounding level) and the subgradient result fail, rounded or not. Next "
           "slide: the chapter's own numbers."),
        slide("The certificates, computed", body=printed("kkt-numbers") + printed("gap-numbers"),
              chapter="Mathematical Explanation", kind="coding-answer",
              notes="Ask: what does a duality gap of 0.3 mean? Students should answer: the objective is at most "
              "0.3 above the optimum, and far from it here; the proximal and coordinate-descent results are "
              "certified to rounding level. The Bayesian reading (the prior whose mode is the Lasso) was read "
              "before the class: ask one student to say it in a sentence."),
        slide("Choosing α", [
            "K-fold cross-validation on the training data; one-standard-error rule: the largest α within one SE of the best",
        ], body=figure("cv-curve"), chapter="Mathematical Explanation",
           notes="Ask: why not the α with the lowest test error? Students should answer: the test set is for "
           "the final report only. Discussion question 5 (two minutes): why is the α that predicts best not "
           "the α that selects the right features?"),
        *demo(7, "correlated features", cell="demo-correlated", chapter="Key Differences",
              ask="All three group features truly matter. As they become more correlated, how often will the "
              "Lasso keep each of them? And the Elastic Net?",
              setting="The slider starts at correlation 0 (independent features); raise it step by step.",
              expect='most expect the Lasso to keep all three, perhaps a little less often as the correlation grows.',
              probe='how often is each of g1, g2, g3 kept now? How many different subsets does the title count?',
              watch="the three group bars near 100% at low correlation; at high correlation the Lasso's "
              "bars fall while the Elastic Net's stay, and the independent feature is kept every "
              "time.",
              answer=["Up to moderate correlation both keep the three group features in almost every resample",
                      "At high correlation the Lasso keeps one or two of them, a different subset each time",
                      "The Elastic Net keeps the group; the independent feature is kept every time"],
              see="the Lasso's bars for g1 to g3 fall at high correlation and the title counts several subsets; "
              "the Elastic Net's stay. Discussion question 2: the medical study's five markers; what would you "
              "check? (stability over resamples, correlated partners)."),
        slide("The differences, measured", [
            "Sparsity: at the same fit, L1 has exact zeros, L2 none",
            "Selection: the α that predicts best also keeps some irrelevant features",
            "Stability: the Lasso's selected set changes when features are strongly correlated",
            "Best use: a sparse truth favours L1, a dense one L2, at the same dimension",
        ], chapter="Key Differences",
           notes="Ask: 'high-dimensional data means use L1': true? Students should answer: what favours L1 is "
           "a sparse truth, not the number of features (the chapter's best-use experiment)."),
        *demo(8, "digits, L1 against L2", cell="demo-digits", chapter="Code Examples",
              ask="In scikit-learn's LogisticRegression, is a small `C` a strong or a weak penalty?",
              setting="The slider starts where the chapter does, at L1's best C, neither end of the grid; move it to "
              "the smallest C, then to the largest.",
              expect='most say "strong", reading C as they read α.',
              probe="how many pixels does L1 keep at this C? What is its accuracy against L2's?",
              watch="the L1 weight images turn white (exact zeros) at the smallest C while its accuracy in "
              "the title falls, and the L2 images stay dense at every C.",
              answer=["`C` multiplies the data term: small `C` is a *strong* penalty, an inverse strength",
                      "Smallest C: the L1 images are almost all white (exact zeros) and L1's accuracy collapses",
                      "As C grows L1 keeps a few pixels per digit and catches up with L2, dense at every C"],
              see="at the smallest C the L1 row is white and its accuracy in the title drops; at large C it "
              "keeps a few pixels. Skip this demo for demo 9 in a more technical class."),
        slide("In code", [
            "Scale inside a `Pipeline`; split before fitting; report held-out scores",
            "`Lasso(alpha=0.1)` and `Ridge(alpha=0.1)` are different strengths",
            "`LogisticRegression`: `C` is an *inverse* strength; `l1_ratio=1` for L1",
            "Near α_max, tighten `tol` or the Lasso may stop before its first step",
        ], chapter="Code Examples",
           notes="Ask for each line: what goes wrong without it? Students should name: test rows leaking into "
           "the scaler, a strength copied between conventions, C read as a strength, an all-zero Lasso "
           "reported as a result."),
        *demo(9, "training, epoch by epoch", cell="demo-epochs", chapter="CLI Output",
              ask="At epoch 0 every weight is zero. Has the L1 model selected anything yet?",
              setting="The slider starts at epoch 0; move to 1, then onwards. Optional: for a technical class, "
              "instead of demo 8.",
              expect='many say yes: every weight is zero, so "L1 has pruned everything".',
              probe='how many weights are exactly zero now, in each model?',
              watch="every bar non-zero after epoch 1, then the useless features' L1 weights return to "
              "exactly zero (hollow rings) and stay there, while their L2 weights stay small but non-"
              "zero.",
              answer=["No: zero is only the starting point; after the first step no weight is zero, L1 included",
                      "Later the useless features' L1 weights become exactly zero and stay; their L2 weights stay small"],
              see="after epoch 1 every bar is non-zero; later the L1 rings appear and stay. Follow up in a "
              "terminal: python -m helpers train, then --alpha 1, then --lr 5 for the one-line error."),
        slide("Which penalty?", [
            "L1 when few features matter, or a small model is needed",
            "L2 when many features matter a little, or features are strongly correlated",
            "Elastic Net for correlated groups, or when unsure: let cross-validation decide",
        ], chapter="Key Takeaways",
           notes="Ask discussion question 6 (three minutes, pairs): 300 features, house prices, a regulator. "
           "Students should name a penalty and a way to choose its strength (cross-validation in a pipeline), "
           "and say what they would report."),
        slide("Summary of session 2", [
            "Ridge shrinks along principal directions and stabilizes; it never selects",
            "L1's zeros, four ways: the diamond's corners, the proximal step, the KKT certificate, the prior's mode",
            "Choose α by cross-validation on training data; the one-SE rule gives a sparser model",
            "The Lasso's selection is unstable among correlated features; the Elastic Net keeps groups",
        ], kind="summary",
           notes="Ask each student to name the misconception they found most surprising (the table of the Key "
           "Takeaways). Students should be able to give one of the four explanations of L1's zeros in a "
           "sentence. Hand out Homework 2 and the reading: the Key Takeaways."),
    ]


# A range input keeps the keyboard once clicked, and reveal.js ignores keys aimed at an input: the
# remote's Page Down would move the slider. On a slider these keys change the slide instead.
KEYS_JS = """
(function () {
  var keys = {PageDown: "next", PageUp: "prev", " ": "next", ArrowRight: "next", ArrowLeft: "prev"};
  document.querySelectorAll(".reveal input[type=range]").forEach(function (el) {
    el.addEventListener("keydown", function (event) {
      var go = keys[event.key];
      if (!go) { return; }  // Up/Down, Home/End still move the slider
      event.preventDefault();
      event.stopPropagation();
      el.blur();
      Reveal[go]();
    });
    el.addEventListener("pointerup", function () { el.blur(); });  // S, F, B work after a drag, too
  });
})();
"""

# reveal.js's white theme @imports its font faces without font-display: the text stayed invisible until
# 330 kB of fonts arrived (first paint 2.9 s on Lighthouse's slow 4G). Each deck carries the theme in its
# <style> without that @import (white_theme) and deck_fonts' faces instead: swap, cut to the characters
# the decks use (18 kB a face instead of 115 kB).
SANS = REVEAL / "theme" / "fonts" / "source-sans-pro" / "source-sans-pro"
SANS_FACES = [("regular", 400, "normal"), ("italic", 400, "italic"), ("semibold", 600, "normal"), ("semibolditalic", 600, "italic")]
FONTS = "fonts"  # the subset faces, beside the decks


def white_theme() -> str:
    """reveal.js's white theme without its @import of the full font faces, and without comments."""
    css = (REVEAL / "theme" / "white.css").read_text(encoding="utf-8")
    line = "@import url(./fonts/source-sans-pro/source-sans-pro.css);\n"
    if css.count(line) != 1 or "url(" in css.replace(line, ""):
        raise ValueError("reveal/theme/white.css: not the one @import of its fonts and no other url() (another reveal.js?)")
    return re.sub(r"/\*.*?\*/\s*", "", css.replace(line, ""), flags=re.S)


def deck_fonts(out: pathlib.Path, texts: list[str]) -> str:
    """@font-face rules for Source Sans Pro cut to the characters of ``texts`` (and printable ASCII),
    written as WOFF files into out/FONTS (tools/page_speed.py's subset_font, as for the site's icon font)."""
    from tools.page_speed import subset_font

    chars = {ord(c) for c in set(string.printable) | set(html.unescape(re.sub(r"<[^>]+>", " ", "".join(texts))))}
    rules = []
    for name, weight, style in SANS_FACES:
        file = subset_font(pathlib.Path(f"{SANS}-{name}.woff"), chars, out / FONTS, f"source-sans-pro-{name}")
        rules.append(f"@font-face {{ font-family: 'Source Sans Pro'; src: url('{FONTS}/{file}') format('woff'); "
                     f"font-weight: {weight}; font-style: {style}; font-display: swap; }}")  # fmt: skip
    return "\n".join(rules)


STYLE = """
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; } .reveal h2 { font-size: 40px; margin: 0 0 14px; }
.reveal .slides section { text-align: left; } .reveal .slides section > h2 { text-align: left; }
.reveal ul { font-size: 28px; display: block; margin: 0 0 10px 1em; } .reveal li { margin: 6px 0; }
.reveal img.figure { display: block; margin: 0 auto; max-width: 100%; height: auto; }
.reveal .frame-player { font-size: 24px; text-align: center; }
.reveal .frame-player img { display: block; margin: 4px auto 0; max-width: 100%; height: auto; }
.reveal .frame-player input[type=range] { width: 420px !important; }
.reveal .ask { font-size: 44px; line-height: 1.3; margin-top: 120px; }
.reveal .subtitle { font-size: 34px; color: #333; }
.reveal .source { font-size: 18px; color: #555; position: absolute; top: 4px; right: 0; margin: 0; }
.reveal pre.printed { font-size: 28px; line-height: 1.35; box-shadow: none; width: 100%; margin: 14px 0; }
.reveal pre.printed { white-space: pre-wrap; background: #f4f4f4; padding: 10px; }
.reveal code { font-size: .9em; color: #1a5a96; }
"""


DESCRIPTIONS = {  # each deck's <meta name="description">, what a search engine or a link preview shows
    "session-1.html": "Slides for session 1 of the course L1 vs L2 regularization: overfitting, bias and "
    "variance, loss plus penalty, soft-thresholding and the Lasso path, with live demos.",
    "session-2.html": "Slides for session 2 of the course L1 vs L2 regularization: ridge shrinkage, the diamond "
    "and the disc, KKT certificates, choosing alpha, which penalty when, with live demos.",
}
FIGURES = "figures"  # the decks' pictures, beside them


def with_figure_files(text: str, out: pathlib.Path) -> str:
    """The deck ``text`` with its inline PNGs (figures, slider frames) as files in out/FIGURES, each
    <img> sized and, after the first, loaded lazily (the website's own tools/page_speed.py does both)."""
    from tools import page_speed

    def store(data: bytes, extension: str) -> str:
        name = f"{FIGURES}/{hashlib.sha256(data).hexdigest()[:20]}.{extension}"
        (out / FIGURES).mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
        return name

    def read(src: str) -> bytes | None:
        path = out / src
        return path.read_bytes()[:4096] if "://" not in src and path.is_file() else None

    return page_speed.size_images(page_speed.externalize_images(text, store), read)


def favicon_uri() -> str:
    """The course icon as a data: URI, so that a deck declares an icon that always travels with it."""
    return "data:image/svg+xml;base64," + base64.b64encode(FAVICON.read_bytes()).decode("ascii")


def deck(title: str, description: str, sections: list[str], fonts: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<meta name="description" content="{html.escape(description)}">
<link rel="icon" type="image/svg+xml" href="{favicon_uri()}">
<link rel="stylesheet" href="reveal/reveal.css">
<style>{fonts}{white_theme()}{STYLE}</style>
</head>
<body>
<div class="reveal"><div class="slides">
{chr(10).join(sections)}
</div></div>
<script src="reveal/reveal.js"></script>
<script src="reveal/plugin/notes/notes.js"></script>
<script>Reveal.initialize({{hash: true, slideNumber: true, transition: "none", width: 1280, height: 720, margin: 0.02, center: false, plugins: [RevealNotes]}});</script>
<script>{KEYS_JS}</script>
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
        decks = {
            "session-1.html": ("L1 vs L2, session 1", DESCRIPTIONS["session-1.html"], session_1()),
            "session-2.html": ("L1 vs L2, session 2", DESCRIPTIONS["session-2.html"], session_2()),
        }
    except ValueError as error:  # a slide's chapter cell is gone
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.out.resolve() != REVEAL.parent.resolve():
        shutil.copytree(REVEAL, args.out / "reveal", dirs_exist_ok=True)
    for folder in (FIGURES, FONTS):
        shutil.rmtree(args.out / folder, ignore_errors=True)  # nothing of an earlier build left behind
    fonts = deck_fonts(args.out, [section for _, _, sections in decks.values() for section in sections])
    for name, (title, description, sections) in decks.items():
        text = deck(title, description, sections, fonts)
        (args.out / name).write_text(with_figure_files(text, args.out), encoding="utf-8")
    print(f"{len(decks)} decks in {args.out}: " + ", ".join(f"{n} ({len(s)} slides)" for n, (_, _, s) in decks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
