"""The slide decks (tools/make_slides.py) against the lesson plan of the instructor guide: every demo
the plan uses, question before figure before answer, speaker notes on every slide, figures rendered
for projection with described alt texts. Key handling and on-screen text size are measured in
Chromium by tests/browser/test_slides.py (`make browser-test`)."""

from __future__ import annotations

import pathlib
import re
import struct
from html.parser import HTMLParser

import pytest

from tools import make_slides
from tools.course import BOOK
from tools.slide_figures import MIN_TEXT_PX

GUIDE = (BOOK / "instructor_guide.md").read_text(encoding="utf-8")


class Slides(HTMLParser):
    """Each top-level <section> of a deck: its kind (data-kind of its title), title, notes text and images
    (alt, src, size)."""

    def __init__(self):
        super().__init__()
        self.slides, self._depth, self._in = [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self._depth += 1
            if self._depth == 1:
                self.slides.append({"kind": "", "title": "", "notes": "", "images": [],
                                    "players": []})
        elif self.slides and self._depth:
            if tag == "h2":
                self._in = "title"
                self.slides[-1]["kind"] = attrs.get("data-kind", "")
            elif tag == "aside" and "notes" in attrs.get("class", ""):
                self._in = "notes"
            elif tag == "img":
                self.slides[-1]["images"].append(attrs)
            elif tag == "div" and "frame-player" in attrs.get("class", ""):
                self.slides[-1]["players"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "section":
            self._depth -= 1
        elif tag in ("h2", "aside"):
            self._in = None

    def handle_data(self, data):
        if self._in and self.slides:
            self.slides[-1][self._in] += data


@pytest.fixture(scope="module")
def deck_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    assert make_slides.main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def decks(deck_dir):
    out = deck_dir
    decks = {}
    for n in (1, 2):
        parser = Slides()
        parser.feed((out / f"session-{n}.html").read_text(encoding="utf-8"))
        decks[n] = parser.slides
    return decks


def plan_demos(session: int) -> set[int]:
    """The demos the lesson plan's table for a session names ("demo 4", "demo 8 ... demo 9")."""
    table = GUIDE.split(f"### Session {session}:")[1].split("###")[0]
    return {int(n) for n in re.findall(r"\b[Dd]emo (\d)", table)}


@pytest.mark.parametrize("session", [1, 2])
def test_every_slide_has_its_own_speaker_notes(decks, session):
    """Notes on every slide, long enough to say what to ask and what to see, never one generic text."""
    notes = [s["notes"].strip() for s in decks[session]]
    short = [s["title"] for s in decks[session] if len(s["notes"].strip()) < 80]
    assert not short, f"deck {session}: slides without real notes: {short}"
    assert len(set(notes)) == len(notes), f"deck {session}: the same notes on several slides"
    no_ask = [f"{i}: {s['title']}" for i, s in enumerate(decks[session]) if not re.search(r"\b[Aa]sk\b|\?", s["notes"])]
    assert not no_ask, f"deck {session}: notes that say nothing to ask: {no_ask}"
    no_see = [f"{i}: {s['title']}" for i, s in enumerate(decks[session])
              if not re.search(r"\b(?:[Ss]tudents|[Tt]hey) should\b", s["notes"])]
    assert not no_see, f"deck {session}: notes that do not say what students should see or answer: {no_see}"


@pytest.mark.parametrize("session", [1, 2])
def test_every_demo_of_the_plan_is_in_its_deck_question_first(decks, session):
    """Each demo the plan's session uses is three consecutive slides: the question (no figure), the
    interactive figure, the answer; and the deck shows no demo the plan does not name."""
    kinds = [s["kind"] for s in decks[session]]
    shown = {int(k.split("-")[1]) for k in kinds if k.startswith("demo-")}
    assert shown == plan_demos(session), f"deck {session} shows demos {shown}, the plan {plan_demos(session)}"
    for n in shown:
        q = kinds.index(f"question-{n}")
        assert kinds[q : q + 3] == [f"question-{n}", f"demo-{n}", f"answer-{n}"], f"demo {n}: {kinds[q:q + 3]}"
        question = decks[session][q]
        assert not question["images"] and not question["players"], f"demo {n}: the question slide shows a figure"
        assert decks[session][q + 1]["players"], f"demo {n}: no interactive figure after the question"
        assert all(k in ("", "pairs", "coding", "coding-answer", "summary", "homework", "review")
                   for k in kinds if not re.match(r"(question|demo|answer)-\d$", k))


def test_demo_slides_open_where_the_question_is_not_answered():
    """A slide's demo starts at the position TWEAKS names, never at the chapter's default by accident:
    every demo has an entry, and the ones the issue named start at the uninformative end."""
    demos = {name for name, ref in make_slides.CELLS.items() if ref.shows == "demo"}
    assert demos == set(make_slides.TWEAKS)
    assert make_slides.TWEAKS["demo-correlated"].initial == {"rho": 0}  # the chapter opens at 0.99
    assert make_slides.TWEAKS["demo-lasso-path"].initial == {"k": 0}  # alpha_max: nothing entered yet
    assert make_slides.TWEAKS["demo-degree"].after  # the error panel grows with the degree


def test_plan_activities_have_slides(decks):
    """The pair activity, a coding activity per session, the summaries, homework and its review."""
    kinds = {n: {s["kind"] for s in deck} for n, deck in decks.items()}
    assert {"pairs", "coding", "coding-answer", "summary", "homework"} <= kinds[1]
    assert {"review", "coding", "coding-answer", "summary"} <= kinds[2]


def _png_size(path: pathlib.Path) -> tuple[int, int]:
    data = path.read_bytes()[:64]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("session", [1, 2])
def test_figures_are_rendered_for_projection(decks, deck_dir, session):
    """Every figure is a PNG as wide as the slide's figure box (shown 1:1 on a 1280 x 720 slide, not a
    small frame scaled up) with its smallest text at least 20 px (points x dpi / 72, as measured on
    the drawn figure by tools.slide_figures)."""
    images = [img for s in decks[session] for img in s["images"] if img.get("src", "").endswith(".png")]
    assert len(images) >= 5
    for img in images:
        width, height = _png_size(deck_dir / img["src"])  # a file beside the deck (make_slides.FIGURES)
        assert 1100 <= width <= 1240 and height >= 400, f"a figure of {width} x {height} px"
    sized = [float(x["data-min-text-px"]) for s in decks[session] for x in s["images"] + s["players"]
             if "data-min-text-px" in x]
    assert len(sized) >= 5 and min(sized) >= MIN_TEXT_PX


@pytest.mark.parametrize("session", [1, 2])
def test_alt_texts_describe_the_figures(decks, session):
    """No "figure from 02_overfitting": each alt text is a description (several words, a verb)."""
    alts = [img.get("alt", "") for s in decks[session] for img in s["images"]]
    bad = [a for a in alts if len(a.split()) < 12 or re.search(r"figure from|\.ipynb|^\w+_\w+$", a)]
    assert alts and not bad, f"deck {session}: alt texts that describe nothing: {bad}"


def test_a_slide_without_notes_is_refused():
    with pytest.raises(ValueError, match="no speaker notes"):
        make_slides.slide("A title", ["a point"], notes=" ")
