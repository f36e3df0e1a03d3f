"""Structural checks of the committed chapter notebooks (nbval then checks their outputs).

Strict nbval compares nothing for a code cell whose ``execution_count`` is null, so an
unexecuted or stripped notebook would pass it silently: these tests close that gap.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tools.course import BOOK, ROOT, chapters, toc_pages

NOTEBOOKS = chapters()


def _code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in book/"


@pytest.mark.parametrize("path", sorted(BOOK.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_is_in_the_table_of_contents(path):
    """Every notebook in book/ is a chapter: the tools, the benchmark and these tests go by _toc.yml
    (tools.course.chapters()), so a notebook missing there would be skipped by them."""
    assert path.relative_to(ROOT).with_suffix("").as_posix() in toc_pages(), f"{path.name} is missing from _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_was_executed_in_order(path):
    counts = [c.execution_count for c in _code_cells(path)]
    assert None not in counts, f"{path.name}: {counts.count(None)} unexecuted code cell(s); run `make execute`"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: cells were not run top to bottom in one session"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_error_outputs(path):
    for cell in _code_cells(path):
        if "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}: a cell raised {errors[0].ename}: {errors[0].evalue}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_claims_are_asserted_and_helpers_are_imported_cleanly(path):
    source = "\n".join(c.source for c in _code_cells(path))
    assert re.search(r"^\s*assert\b", source, re.M), f"{path.name}: no assert backs the chapter's claims"
    assert not re.search(r"sys\.path\.(insert|append)", source), f"{path.name}: edits sys.path; import helpers instead"


# A directive fenced with backticks ends its opening line at the next backtick, so a title holding
# `code` breaks it: MyST then prints the directive, and everything after it, as plain text.
BACKTICK_TITLE = re.compile(r"^(`{3,})\{[\w:-]+\}[^\n`]*`", re.M)


@pytest.mark.parametrize("path", [ROOT / f"{page}.{ext}" for page in toc_pages() for ext in ("ipynb", "md")
                                  if (ROOT / f"{page}.{ext}").is_file()], ids=lambda p: p.name)
def test_no_backticks_in_a_backtick_fenced_directive_title(path):
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    bad = BACKTICK_TITLE.search(text)
    assert not bad, f"{path.name}: {bad.group(0)!r}: use a :::{{...}} fence or drop the backticks"
