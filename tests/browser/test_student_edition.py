"""The built student edition (`make student-site`, _build/student/html; another folder with
COURSE_STUDENT_SITE): no answer anywhere in it, every self-check question still on its page.

Skipped when the student edition is not built (`make site` builds only the full edition). The
transform itself is tested without a browser on a small project (tests/test_student_edition.py);
this checks the real pages, counting against the sources: every chapter's {dropdown} becomes one
visible question, no solution box or folded answer is left, the downloads are the students' only.
"""

from __future__ import annotations

import os
import pathlib
import re

import bs4
import nbformat
import pytest

from tools import student_edition
from tools.browser import serve
from tools.course import ROOT, chapters, page_source, toc_pages

STUDENT_SITE = pathlib.Path(os.environ.get("COURSE_STUDENT_SITE", ROOT / "_build" / "student" / "html"))
pytestmark = pytest.mark.skipif(not (STUDENT_SITE / "index.html").is_file(),
                                reason=f"no student edition in {STUDENT_SITE}: run `make student-site`")


def source_text(page: str) -> str:
    path = page_source(page)
    if path.suffix == ".ipynb":
        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def directives(text: str, name: str) -> list[str]:
    """The {name} directives' opening lines. CommonMark: a backtick fence's info string holds no
    backtick, so ```{dropdown} with `code` in its title is no directive (MyST prints it as text)."""
    return re.findall(r"^(?:`{3,}\{" + name + r"\}[^`\n]*|:{3,}\{" + name + r"\}.*)$", text, re.M)


# a directive or role printed as text: MyST did not recognise it
RAW_MYST = re.compile(r"(?:`{3,}|:{3,})\{[\w-]+\}|\{(?:ref|doc|cite|term|math|numref)[:\w]*\}`")
BROKEN: dict[str, str] = {}  # page -> why it is known to fail (none now; strict xfail errors once fixed)


def html(page: str) -> bs4.BeautifulSoup:
    return bs4.BeautifulSoup((STUDENT_SITE / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", [p for p in toc_pages() if p not in student_edition.TEACHER_PAGES])
def test_page_has_no_answer_and_keeps_every_question(page):
    soup, text = html(page), source_text(page)
    assert not soup.select(".solution, details.sd-dropdown, .sd-dropdown"), f"{page}: a solution or answer is left"
    questions = soup.select("p.self-check-question")
    assert len(questions) == len(directives(text, "dropdown")), f"{page}: questions lost"
    exercises = len(directives(text, "exercise"))
    assert len(soup.select(".exercise")) == exercises  # the prompts stay
    assert not soup.select('a[href*="_sources"], a[href*="mybinder.org"], .btn-download-source-button')


@pytest.mark.parametrize("page", [pytest.param(p, marks=pytest.mark.xfail(p in BROKEN, reason=BROKEN.get(p, ""), strict=True))
                                  for p in toc_pages() if p not in student_edition.TEACHER_PAGES])
def test_no_myst_printed_as_text(page):
    article = " ".join(html(page).find("article").get_text(" ").split())
    assert not RAW_MYST.search(article), f"{page}: {RAW_MYST.search(article).group(0)} printed as text"


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.stem)
def test_student_notebooks_number_exercises_as_the_site(path):
    """The student notebook's "**Exercise N.k: ...**" headings carry the numbers the site prints."""
    from tools.jupyter_markdown import Converter
    from tools.make_student_notebooks import student_notebook

    site = [re.match(r"Exercise (\d+\.\d+)", " ".join(t.get_text(" ").split())).group(1)
            for t in html(f"book/{path.stem}").select(".exercise .admonition-title")]
    notebook = "\n".join(c.source for c in student_notebook(path, Converter()).cells if c.cell_type == "markdown")
    assert site and re.findall(r"^\*\*Exercise (\d+\.\d+): ", notebook, re.M) == site


def test_no_source_notebooks_and_only_the_students_downloads():
    assert not (STUDENT_SITE / "_sources").exists()
    assert not list(STUDENT_SITE.glob("*.gift")) and not (STUDENT_SITE / "slides").exists()
    for name in student_edition.STUDENT_DOWNLOADS:
        assert (STUDENT_SITE / name).is_file(), f"{name} is not served"
    assert "Solution to" not in (STUDENT_SITE / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", student_edition.TEACHER_PAGES)
def test_teacher_pages_are_a_note(page):
    article = " ".join(html(page).find("article").get_text(" ").split())
    assert "teachers’ edition" in article and len(article) < 400, article[:400]


def test_chapter_in_chromium_shows_questions_and_typeset_math(browser, tmp_path):
    """What a student sees: every self-check question visible, the exercises' math typeset by KaTeX."""
    stem = "04_l1_lasso"
    assert any(path.stem == stem for path in chapters())
    with serve(STUDENT_SITE) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}book/{stem}.html", wait_until="load")
        questions = page.locator("p.self-check-question")
        assert questions.count() > 0 and all(questions.nth(i).is_visible() for i in range(questions.count()))
        assert page.locator(".exercise .katex").count() > 0
        assert page.locator(".exercise .math:not(:has(.katex))").count() == 0  # no raw TeX left
        assert server.errors == []
        page.close()
