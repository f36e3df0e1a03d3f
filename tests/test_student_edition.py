"""The student edition of the website (tools/student_edition.py, `make student-site`): no exercise
solution, no self-check answer, teachers' pages reduced to a note, only the students' downloads.

One small Sphinx project is built twice (full and student edition) with the extensions the book uses
for these blocks (sphinx-exercise's gated solutions, sphinx-design's dropdowns, MyST), in about two
seconds; the HTML is read with BeautifulSoup, not with the extension's own code. The real site is
checked after `make student-site` by tests/browser/test_student_edition.py.
"""

from __future__ import annotations

import pathlib
import re

import bs4
import pytest
import yaml
from sphinx.cmd.build import build_main

from tools import student_edition
from tools.course import ROOT, toc_pages

CHAPTER = """\
# A chapter

Some prose before the exercise.

```{exercise} Count the zeros
:label: ex-zeros

How many coefficients are zero at $\\alpha_{\\max}$?
```

```{solution-start} ex-zeros
:class: dropdown
```

SOLUTION-PROSE: all of them, by the KKT conditions.

```python
SOLUTION_CODE = 42
```

```{solution-end}
```

An ungated solution follows {ref}`ex-zeros`.

```{solution} ex-zeros
:class: dropdown

UNGATED-SOLUTION: again all of them.
```

## Self-check

```{dropdown} Is the question still there?
ANSWER-BODY: yes, only this answer goes.
```

Prose after the self-check stays.
"""

GUIDE = """\
(ig-outcomes)=
# Instructor guide

GUIDE-RUBRIC: what a good answer to exercise 1 contains.

## Assessment

See {ref}`ig-outcomes`.
"""


def build(tmp_path: pathlib.Path, edition: str | None) -> dict[str, bs4.BeautifulSoup]:
    """Build the small project (edition None: the extension not loaded at all); parsed pages by name."""
    src = tmp_path / "src"
    (src / "book").mkdir(parents=True, exist_ok=True)
    (src / "book" / "chapter.md").write_text(CHAPTER, encoding="utf-8")
    (src / "book" / "instructor_guide.md").write_text(GUIDE, encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nbook/chapter\nbook/instructor_guide\n```\n", encoding="utf-8")
    extensions = ["myst_parser", "sphinx_exercise", "sphinx_design"] + (["tools.student_edition"] if edition else [])
    (src / "conf.py").write_text(
        f"extensions = {extensions!r}\nmyst_enable_extensions = ['dollarmath']\nhtml_theme = 'sphinx_book_theme'\n"
        # as Jupyter Book sets them from _config.yml's repository and launch_buttons
        "html_theme_options = {'repository_url': 'https://github.com/OWNER/course', 'path_to_docs': '',\n"
        "    'launch_buttons': {'binderhub_url': 'https://mybinder.org', 'notebook_interface': 'jupyterlab'}}\n",
        encoding="utf-8")
    out = tmp_path / f"out-{edition}"
    args = ["-b", "html", "-W", "-q", "-E", str(src), str(out)]
    if edition:
        args += ["-D", f"course_edition={edition}"]
    assert build_main(args) == 0
    return {name: bs4.BeautifulSoup((out / "book" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
            for name in ("chapter", "instructor_guide")} | {"_out": out}


def article(soup: bs4.BeautifulSoup) -> str:
    return " ".join(soup.find("article").get_text(" ").split())


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edition")
    return {edition: build(tmp, edition) for edition in (None, "full", "student")}


@pytest.mark.parametrize("edition", [None, "full"])
def test_full_edition_keeps_every_answer(editions, edition):
    """Without the extension, and with it set to "full", the page holds every solution and answer
    (so the markers the student test looks for are really on the page it would otherwise leak from)."""
    text = article(editions[edition]["chapter"])
    for marker in ("SOLUTION-PROSE", "SOLUTION_CODE", "UNGATED-SOLUTION", "ANSWER-BODY", "Is the question still there?"):
        assert marker in text
    assert "GUIDE-RUBRIC" in article(editions[edition]["instructor_guide"])
    assert article(editions[None]["chapter"]) == article(editions["full"]["chapter"])  # "full" changes nothing


def test_student_edition_drops_solutions_and_answers(editions):
    page = editions["student"]["chapter"]
    text = article(page)
    for marker in ("SOLUTION-PROSE", "SOLUTION_CODE", "UNGATED-SOLUTION", "ANSWER-BODY"):
        assert marker not in text, f"{marker} left in the student edition"
    assert not page.select(".solution, details, .sd-dropdown")
    # everything else stays, in order: the exercise with its number, title, prompt and math
    kept = ["Some prose before the exercise.", "Exercise 1 (Count the zeros)", "How many coefficients are zero at",
            "An ungated solution follows", "Self-check", "Is the question still there?", "Prose after the self-check stays."]
    positions = [text.find(item) for item in kept]
    assert -1 not in positions and positions == sorted(positions), dict(zip(kept, positions))
    question = page.select_one("p.self-check-question strong")
    assert question is not None and question.get_text() == "Is the question still there?"
    assert page.select(".exercise .math, .exercise span.math")  # the prompt's $...$ is still math


def test_student_edition_reduces_teacher_pages_to_a_note(editions):
    guide = editions["student"]["instructor_guide"]
    text = article(guide)
    assert "GUIDE-RUBRIC" not in text and "Assessment" not in text
    assert text.startswith("Instructor guide")
    assert student_edition.TEACHER_NOTE.replace("'", "’") in text or student_edition.TEACHER_NOTE in text
    link = guide.find("a", href=f"../{student_edition.STUDENT_DOWNLOADS[0]}")
    assert link is not None  # students find their notebooks on the page the full edition has them


def test_student_edition_hands_out_no_notebook_source(editions):
    """Sphinx copies each page's source into _sources (for a chapter: the notebook with its solutions),
    and the theme's download button links it."""
    assert (editions["full"]["_out"] / "_sources" / "book" / "chapter.md").is_file()
    assert editions["full"]["chapter"].select(".btn-download-source-button")
    assert not (editions["student"]["_out"] / "_sources").exists()
    assert not editions["student"]["chapter"].select('.btn-download-source-button, a[href*="_sources"]')


def test_an_unknown_edition_is_refused_by_name(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.rst").write_text("Book\n====\n", encoding="utf-8")
    (tmp_path / "src" / "conf.py").write_text("extensions = ['tools.student_edition']\n", encoding="utf-8")
    code = build_main(["-b", "html", "-q", str(tmp_path / "src"), str(tmp_path / "out"), "-D", "course_edition=students"])
    assert code != 0
    assert "course_edition must be one of 'full', 'student', not 'students'" in capsys.readouterr().err


# --- the real book's configuration ------------------------------------------------------------------


def test_sphinx_exercise_cannot_hide_the_chapters_solutions_by_configuration():
    """Why there is a transform: the chapters' solutions are gated ({solution-start}...{solution-end}),
    and sphinx-exercise's hide_solutions drops only the start directive of those (issue #89)."""
    gated = sum(path.read_text(encoding="utf-8").count("{solution-start}") for path in (ROOT / "book").glob("*.ipynb"))
    assert gated > 0
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not config["sphinx"]["config"].get("hide_solutions")  # it would stop the build (unmatched end nodes)
    assert "course_edition" not in config["sphinx"]["config"]  # make site: the full edition


def test_student_config_is_the_book_config_with_the_edition_switched_on(tmp_path):
    out = tmp_path / "student"
    config = student_edition.student_config(out)
    book = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    settings = config["sphinx"]["config"]
    assert settings["course_edition"] == "student"
    # every local extension is found from the config file's folder (Jupyter Book resolves them there)
    assert set(config["sphinx"]["local_extensions"]) == set(book["sphinx"]["local_extensions"]) | {"tools.student_edition"}
    for path in config["sphinx"]["local_extensions"].values():
        assert (out / path).resolve() == ROOT.resolve()
    # the downloads come from OUT/extra (paths relative to the source folder, the repository root)
    assert "book/_extra" not in settings["html_extra_path"]
    assert (ROOT / settings["html_extra_path"][0]).resolve() == (out / "extra").resolve()
    # nothing else changes
    for key in book:
        if key != "sphinx":
            assert config[key] == book[key]
    assert {k: v for k, v in settings.items() if k not in ("course_edition", "html_extra_path")} == {
        k: v for k, v in book["sphinx"]["config"].items() if k != "html_extra_path"}


def test_the_command_writes_the_config_and_only_the_students_downloads(tmp_path):
    extra = ROOT / "book" / "_extra"
    if not all((extra / name).is_file() for name in student_edition.STUDENT_DOWNLOADS):
        pytest.skip("book/_extra has no students' zips: run make student and the homework build first")
    assert student_edition.main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "extra").iterdir()) == sorted(student_edition.STUDENT_DOWNLOADS)
    written = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    assert written == student_edition.student_config(tmp_path.resolve())
    # what the full edition serves and the student edition must not: the Moodle file marks the answers
    assert not any(name.endswith(".gift") or name == "slides" for name in student_edition.STUDENT_DOWNLOADS)


def test_teacher_pages_are_in_the_table_of_contents():
    pages = toc_pages()
    for page in student_edition.TEACHER_PAGES:
        assert page in pages, f"{page} is no page of _toc.yml: tools/student_edition.py names a page that is gone"


def test_make_student_site_builds_the_student_config_into_the_published_folder():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^student-site:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "tools.make_student_notebooks" in recipe  # the zip the guide's note links
    build = next(line for line in recipe.split("\n") if "jupyter-book build" in line)
    assert "--path-output _build/student" in build and "--config _build/student/_config.yml" in build
    assert "-W" in build and "-n" in build
    assert "_build/student/html" in recipe.split("jupyter-book build", 1)[1]  # the folder pages.yml uploads
    site = re.search(r"^site:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "student_edition" not in site and "--config" not in site  # make site: the full edition
