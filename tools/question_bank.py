"""The multiple-choice question bank: one source (``book/question_bank.yml``), two outputs.

- The website's "Question bank" page: the Sphinx directive ``{question-bank}`` (this module is a
  Sphinx extension, listed in ``_config.yml``) writes every question as a form of radio buttons (check
  boxes for a question marked ``multi``) that a small script checks in the browser, without a kernel
  and offline (``question_bank.js`` and ``question_bank.css`` beside this file, inlined in the page).
- A Moodle GIFT file for learning platforms, with the reason of every option as its feedback:
  ``python -m tools.question_bank`` writes ``book/_extra/l1-vs-l2-questions.gift`` (``make site`` runs
  it; the website serves it), ``--out FILE`` elsewhere.

``load()`` checks the bank and names any question that breaks a rule (ValueError).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import pathlib
import re
import sys

import yaml

from tools.course import BOOK, ROOT, page_source, toc_pages

BANK = BOOK / "question_bank.yml"
GIFT_NAME = "l1-vs-l2-questions.gift"
GIFT_OUT = BOOK / "_extra" / GIFT_NAME
_HERE = pathlib.Path(__file__).parent
SCRIPT, STYLE = _HERE / "question_bank.js", _HERE / "question_bank.css"
_QUESTION_KEYS = {"id", "chapter", "stem", "options", "multi", "check"}
_OPTION_KEYS = {"text", "correct", "why"}
_GIFT_SPECIAL = "~=#{}:"


@dataclasses.dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str  # the explanation of a correct option, the reason a wrong one is wrong


@dataclasses.dataclass(frozen=True)
class Question:
    id: str
    chapter: str  # a page of _toc.yml without "book/", e.g. "04_l1_lasso"
    stem: str
    options: tuple[Option, ...]
    multi: bool = False  # more than one option may be correct
    check: str | None = None  # the test that recomputes the numbers the question quotes


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a non-empty text, got {value!r}")
    return value.strip()


def _question(raw, chapters: list[str], where: str) -> Question:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping with keys id, chapter, stem, options")
    where = f"{where} ({raw.get('id', 'no id')})"
    if unknown := set(raw) - _QUESTION_KEYS:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_QUESTION_KEYS)}")
    qid = _text(raw.get("id"), f"{where}: id")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", qid):
        raise ValueError(f"{where}: id must be lower-case letters, digits and '-' (it names the question in Moodle)")
    if raw.get("chapter") not in chapters:
        raise ValueError(f"{where}: chapter {raw.get('chapter')!r} is not a page of _toc.yml ({', '.join(chapters)})")
    multi = raw.get("multi", False)
    if not isinstance(multi, bool):
        raise ValueError(f"{where}: multi must be true or false, got {multi!r}")
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 3:
        raise ValueError(f"{where}: expected a list of at least 3 options")
    options = []
    for k, opt in enumerate(raw_options, 1):
        at = f"{where}, option {k}"
        if not isinstance(opt, dict) or (unknown := set(opt) - _OPTION_KEYS):
            raise ValueError(f"{at}: expected a mapping with keys text, why and optionally correct")
        if not isinstance(opt.get("correct", False), bool):
            raise ValueError(f"{at}: correct must be true or false")
        options.append(Option(_text(opt.get("text"), f"{at}: text"), opt.get("correct", False), _text(opt.get("why"), f"{at}: why")))
    n_correct = sum(o.correct for o in options)
    if not multi and n_correct != 1:
        raise ValueError(f"{where}: exactly one option must be correct ({n_correct} are); mark the question multi: true otherwise")
    if multi and not 1 <= n_correct < len(options):
        raise ValueError(f"{where}: a multi question needs at least one correct and one wrong option ({n_correct} of {len(options)} correct)")
    if len({o.text for o in options}) != len(options):
        raise ValueError(f"{where}: two options have the same text")
    check = raw.get("check")
    if check is not None:
        check = _text(check, f"{where}: check")
    return Question(qid, raw["chapter"], _text(raw.get("stem"), f"{where}: stem"), tuple(options), multi, check)


def load(path: pathlib.Path = BANK) -> list[Question]:
    """The questions of the bank, in the order of the chapters in _toc.yml (then as written).

    Raises ValueError naming the question (and option) that breaks a rule: exactly one correct option
    unless ``multi: true``, a reason for every option, a chapter of the book, unique ids."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise ValueError(f"{path}: expected a top-level key 'questions' holding a list")
    chapters = [page.removeprefix("book/") for page in toc_pages()]
    questions = [_question(raw, chapters, f"{path.name}: question {k}") for k, raw in enumerate(data["questions"], 1)]
    seen = set()
    for q in questions:
        if q.id in seen:
            raise ValueError(f"{path.name}: the id {q.id!r} is used twice")
        seen.add(q.id)
    return sorted(questions, key=lambda q: chapters.index(q.chapter))  # sorted() is stable


def chapter_title(chapter: str) -> str:
    """The title of a chapter: the first level-1 heading of its notebook or page."""
    source = page_source(f"book/{chapter}")
    if source.suffix == ".ipynb":
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = source.read_text(encoding="utf-8")
    match = re.search(r"^# (.+)$", text, flags=re.M)
    if not match:
        raise ValueError(f"{source}: no level-1 heading to name the chapter by")
    return match.group(1).strip()


def inline_html(text: str) -> str:
    """The bank's text as HTML: escaped, with `backticks` as <code>."""
    parts = text.split("`")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced backtick in {text!r}")
    return "".join(f"<code>{html.escape(p, quote=False)}</code>" if k % 2 else html.escape(p, quote=False)
                   for k, p in enumerate(parts))


def _by_chapter(questions: list[Question]) -> list[tuple[str, list[Question]]]:
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.chapter, []).append(q)
    return list(groups.items())


# -- the website -------------------------------------------------------------------------------

def to_html(questions: list[Question]) -> str:
    """Every question as a form the page's script checks; chapters as level-3 headings."""
    out, number = [f"<style>{STYLE.read_text(encoding='utf-8')}</style>", '<div class="qb-bank">'], 0
    for chapter, group in _by_chapter(questions):
        title = chapter_title(chapter)
        out.append(f'<h3 id="qb-{chapter}">{int(chapter[:2])}. '
                   f'<a class="reference internal" href="{chapter}.html">{html.escape(title)}</a></h3>')
        for q in group:
            number += 1
            kind = "checkbox" if q.multi else "radio"
            hint = " <span class=\"qb-hint\">(choose every true one)</span>" if q.multi else ""
            out.append(f'<form class="qb-question" id="qb-{q.id}" data-multi="{str(q.multi).lower()}">')
            out.append(f'<fieldset><legend><span class="qb-number">Q{number}.</span> {inline_html(q.stem)}{hint}</legend>')
            for k, opt in enumerate(q.options):
                oid = f"qb-{q.id}-{k}"
                out.append(
                    f'<div class="qb-option" data-correct="{str(opt.correct).lower()}">'
                    f'<input type="{kind}" name="qb-{q.id}" id="{oid}" value="{k}">'
                    f'<label for="{oid}">{inline_html(opt.text)}</label>'
                    f'<p class="qb-why" id="{oid}-why" hidden><span class="qb-verdict"></span>'
                    f'<span class="qb-reason">{inline_html(opt.why)}</span></p></div>'
                )
            out.append('</fieldset><button type="submit" class="qb-check">Check</button>'
                       '<p class="qb-status" role="status" aria-live="polite"></p></form>')
    out.append("</div>")
    out.append(f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>")
    return "\n".join(out)


def setup(app):
    """Sphinx extension: the ``{question-bank}`` directive (the page is rebuilt when the bank changes)."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class QuestionBankDirective(SphinxDirective):
        has_content = False

        def run(self):
            for dependency in (BANK, SCRIPT, STYLE):
                self.env.note_dependency(str(dependency))
            return [nodes.raw("", to_html(load()), format="html")]

    app.add_directive("question-bank", QuestionBankDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# -- Moodle GIFT --------------------------------------------------------------------------------

def gift_escape(text: str) -> str:
    """Text as GIFT writes it: a backslash before each of ~ = # { } : (and before a backslash)."""
    text = text.replace("\\", "\\\\")
    for char in _GIFT_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _weight(percent: float) -> str:
    return f"%{percent:.5f}".rstrip("0").rstrip(".") + "%"


def to_gift(questions: list[Question]) -> str:
    """The bank as Moodle GIFT: one category per chapter, HTML text, feedback (#) on every option.

    A single-answer question marks its answer with '='. A multi question gives each correct option an
    equal share of 100% and each wrong one an equal share of -100%, so choosing everything scores 0."""
    lines = [
        f"// {len(questions)} multiple-choice questions of the course \"L1 vs L2 Regularization\", one category per chapter.",
        f"// Generated from {BANK.relative_to(ROOT).as_posix()} by `python -m tools.question_bank`: edit that file, not this one.",
        "// Import in Moodle: Question bank > Import > GIFT format.",
        "",
    ]
    for chapter, group in _by_chapter(questions):
        category = f"L1 vs L2 Regularization/{chapter[:2]} {chapter_title(chapter)}"
        if any(char in category.split("/", 1)[1] for char in _GIFT_SPECIAL + "/"):
            raise ValueError(f"chapter title {category!r} holds a character GIFT categories cannot carry")
        lines += [f"$CATEGORY: {category}", ""]
        for q in group:
            n_right = sum(o.correct for o in q.options)
            answers = []
            for opt in q.options:
                if not q.multi:
                    mark = "=" if opt.correct else "~"
                elif opt.correct:
                    mark = "~" + _weight(100 / n_right)
                else:
                    mark = "~" + _weight(-100 / (len(q.options) - n_right))
                answers.append(f"{mark}{gift_escape(inline_html(opt.text))}#{gift_escape(inline_html(opt.why))}")
            lines += [f"::{q.id}::[html]{gift_escape(inline_html(q.stem))}{{", *answers, "}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.question_bank", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bank", type=pathlib.Path, default=BANK, help="the question bank (default: %(default)s)")
    parser.add_argument("--out", type=pathlib.Path, default=GIFT_OUT, help="the GIFT file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        questions = load(args.bank)
        gift = to_gift(questions)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(gift, encoding="utf-8")
    print(f"{args.out}: {len(questions)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
