"""The teaching kit: student notebooks without solutions, their zip, and the instructor guide.

The student notebooks are generated into a temporary folder by the same script `make student` runs,
so these tests need no prior build.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest
import yaml

from tools import make_slides
from tools.course import ROOT, chapter, chapter_numbers, chapters, toc_pages

CHAPTERS = chapters()
ZIP_NAME = "l1-vs-l2-student-notebooks.zip"
TOP = "l1-vs-l2-student-notebooks"
START = re.compile(r"^\s*(`{3,}|:{3,})\{solution-start\}")
END = re.compile(r"^\s*(`{3,}|:{3,})\{solution-end\}")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """Run the tool once into a temporary folder; return (notebook folder, zip path)."""
    out = tmp_path_factory.mktemp("kit")
    result = subprocess.run(
        [sys.executable, "-m", "tools.make_student_notebooks", "--out", str(out / "student"), "--zip", str(out / "site" / ZIP_NAME)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return out / "student", out / "site" / ZIP_NAME


def split_chapter(path):
    """Reference split of a chapter, written independently of the tool: the non-solution content as
    a list of ("code", source) and ("markdown", line) items in order, the solution texts, and the
    number of solution blocks."""
    kept, solution_text, n_blocks, inside, skip_fence = [], [], 0, False, None
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            if inside or "solution" in cell.metadata.get("tags", []):
                solution_text.append(cell.source)
            else:
                kept.append(("code", cell.source))
            continue
        for line in cell.source.split("\n"):
            if skip_fence is not None:
                fence, skip_fence = skip_fence, None
                if line.strip() == fence:
                    continue
            if START.match(line):
                inside, n_blocks = True, n_blocks + 1
            elif END.match(line):
                inside, skip_fence = False, END.match(line).group(1)
            elif inside:
                solution_text.append(line)
            elif line.strip():
                kept.append(("markdown", line))
    return kept, solution_text, n_blocks


# MyST-only syntax JupyterLab shows raw: directive fences, roles, directive options, (label)= targets
ROLE = re.compile(r"\{[\w:-]+\}`")
MYST_ONLY = re.compile(r"^\s*(`{3,}|:{3,})\{|\{[\w:-]+\}`|^\s*:[\w-]+:(\s|$)|^\s*\([\w.:-]+\)=\s*$", re.M)


FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})(?P<rest>.*)$")


def without_myst(lines):
    """The lines JupyterLab would show as they are: no directive fence (opening or closing), option,
    role or (label)= line. A bare fence closes the innermost open block: a directive's closing fence is
    MyST, a code block's is kept (a parser of its own, independent of tools.jupyter_markdown)."""
    kept, stack = [], []  # stack of (fence, is_directive)
    for line in lines:
        match = FENCE.match(line)
        if match and stack and not stack[-1][1]:  # inside a code block only its closing fence counts
            fence = stack[-1][0]
            if not match["rest"].strip() and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
                stack.pop()
            kept.append(line)
            continue
        if match and not match["rest"].strip() and stack:
            stack.pop()  # closes the directive
            continue
        if match and match["rest"].lstrip().startswith("{"):
            stack.append((match["fence"], True))
            continue
        if match:
            stack.append((match["fence"], False))
        if not MYST_ONLY.search(line):
            kept.append(line)
    assert not stack, f"unclosed blocks: {stack}"
    return kept


def student_items(nb):
    """Code cells and markdown lines in order (a block quote's "> " prefix dropped: admonitions become
    block quotes)."""
    items = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.source:
                items.append(("code", cell.source))
        else:
            items.extend(("markdown", line.removeprefix("> ")) for line in cell.source.split("\n") if line.strip())
    return items


def is_subsequence(items, sequence):
    rest = iter(sequence)
    return all(item in rest for item in items)


def chapter_directives(path, name):
    """(title, body lines) of every {name} directive of a chapter, parsed independently of the tool."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for match in re.finditer(r"^(`{3,}|:{3,})\{" + name + r"\}[ \t]*([^\n]*)\n(.*?)^\1[ \t]*$", cell.source, re.M | re.S):
            body = [line for line in match.group(3).split("\n") if line.strip() and not re.match(r"\s*:[\w-]+:", line)]
            found.append((match.group(2).strip(), body))
    return found


def test_every_chapter_has_exercises_with_solutions():
    assert CHAPTERS
    assert all(split_chapter(path)[2] >= 2 for path in CHAPTERS)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_notebook_has_no_solution(kit, path):
    student = nbformat.read(kit[0] / path.name, as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "solution-start" not in text and "solution-end" not in text
    assert not any("solution" in cell.metadata.get("tags", []) for cell in student.cells)
    _, solution_text, _ = split_chapter(path)
    lines = set(text.split("\n"))
    # every substantial line of a solution (prose or code) is gone
    leaked = [s for s in solution_text if len(s.strip()) > 25 and s in lines]
    assert not leaked, f"solution text left in the student copy: {leaked[:2]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_notebook_keeps_everything_else_in_order(kit, path):
    student = nbformat.read(kit[0] / path.name, as_version=4)
    kept, _, n_blocks = split_chapter(path)
    # code unchanged and in order; every markdown line without MyST syntax kept, in order (the MyST
    # lines are rewritten: test_student_markdown_is_plain_jupyter_markdown)
    assert [i for i in student_items(student) if i[0] == "code"] == [i for i in kept if i[0] == "code"]
    plain, markdown = [], []
    for item in kept + [("code", None)]:  # lines between two code cells are checked as one text
        if item[0] == "markdown":
            markdown.append(item[1])
            continue
        plain.extend(("markdown", line.removeprefix("> ")) for line in without_myst(markdown))
        markdown = []
        if item[1] is not None:
            plain.append(item)
    assert is_subsequence(plain, student_items(student))
    answer_cells = [c for c in student.cells if c.cell_type == "code" and c.source == ""]
    assert len(answer_cells) == n_blocks  # exactly one empty answer cell per solution
    code = [c for c in student.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    nbformat.validate(student)


def test_answer_cell_follows_its_exercise(kit):
    """The empty cell comes after the exercise prompt and before the next exercise."""
    for path in CHAPTERS:
        cells = nbformat.read(kit[0] / path.name, as_version=4).cells
        seen_exercise = False
        for cell in cells:
            if cell.cell_type == "markdown" and "**Exercise " in cell.source:
                seen_exercise = True
            if cell.cell_type == "code" and cell.source == "":
                assert seen_exercise, f"{path.name}: an answer cell before any exercise"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_markdown_is_plain_jupyter_markdown(kit, path):
    """JupyterLab renders no MyST: no directive fence, role, option or (label)= line may be left."""
    student = nbformat.read(kit[0] / path.name, as_version=4)
    for cell in student.cells:
        if cell.cell_type == "markdown":
            left = MYST_ONLY.search(cell.source)
            assert not left, f"{path.name}: MyST syntax left in a student cell: {left.group(0)!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_exercises_keep_their_heading_number_and_prompt(kit, path):
    """Each exercise reads "**Exercise N.k: title**" (N the chapter's place in the numbered part of
    _toc.yml, k its place in the chapter, as the website numbers it) followed by its prompt."""
    chapter_no = chapter_numbers()[path.stem]  # checked against the site's numbers below
    text = "\n".join(c.source for c in nbformat.read(kit[0] / path.name, as_version=4).cells if c.cell_type == "markdown")
    exercises = chapter_directives(path, "exercise")
    assert exercises
    headings = re.findall(r"^\*\*Exercise .*\*\*$", text, re.M)
    assert headings == [f"**Exercise {chapter_no}.{k}: {title}**" for k, (title, _) in enumerate(exercises, start=1)]
    for heading, (_, prompt) in zip(headings, exercises):
        section = text.split(heading, 1)[1].split("**Exercise ", 1)[0].split("\n")
        assert is_subsequence([line for line in prompt if not ROLE.search(line)], section), f"{heading}: prompt lost"


def test_chapter_numbers_count_on_across_numbered_parts():
    """The website numbers the chapters of both numbered parts on from 1 (sphinx-multitoc-numbering):
    "Going further" starts at 12, so 14_support_recovery is chapter 13; "For teachers" is unnumbered."""
    numbers = chapter_numbers()
    assert numbers["01_introduction"] == 1 and numbers["04_l1_lasso"] == 4 and numbers["11_related_articles"] == 11
    # 14_support_recovery is chapter 13 until a chapter-13 notebook joins the part
    assert numbers["12_early_stopping"] == 12
    assert numbers["14_support_recovery"] == (14 if any(stem.startswith("13_") for stem in numbers) else 13)
    assert "instructor_guide" not in numbers and "glossary" not in numbers
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))


def test_exercise_numbers_match_the_website_and_cross_references_resolve(kit):
    """Numbers as the website shows them (its HTML reads "Exercise 4.2" for the second exercise of
    chapter 4); a {ref} to an exercise becomes its number, a {cite:p} the site's [Author, year]."""
    lasso = "\n".join(c.source for c in nbformat.read(kit[0] / "04_l1_lasso.ipynb", as_version=4).cells)
    assert "**Exercise 4.2: alpha_max and the scale of the data**" in lasso
    assert "[Tibshirani, 2013]" in lasso and "* Ryan J\\. Tibshirani\\. The lasso problem and uniqueness\\." in lasso
    cli = "\n".join(c.source for c in nbformat.read(kit[0] / "09_cli_output.ipynb", as_version=4).cells)
    assert "Exercise 9.3 measures how many" in cli
    assert "(see Bad input, and which step sizes are refused below)" in cli  # a {ref} to a heading


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_self_check_questions_stay_visible_with_folded_answers(kit, path):
    """Every self-check question ({dropdown} title) is a visible line; its answer sits in <details>."""
    text = "\n".join(c.source for c in nbformat.read(kit[0] / path.name, as_version=4).cells if c.cell_type == "markdown")
    questions = chapter_directives(path, "dropdown")
    # the parser finds every question (chapter 1 has no self-check section: none there)
    assert len(questions) == sum(c.source.count("{dropdown}") for c in nbformat.read(path, as_version=4).cells)
    assert len(questions) > 0 or path.stem == "01_introduction"
    for question, answer in questions:
        assert f"**{question}**" in text, f"{path.name}: self-check question not visible: {question}"
        folded = text.split(f"**{question}**", 1)[1].split("</details>", 1)[0]
        assert re.match(r"\s*<details[^>]*><summary>Answer</summary>", folded)
        assert is_subsequence([line for line in answer if not ROLE.search(line)], folded.split("\n"))
    assert len(re.findall(r"<details[ >]", text)) == len(questions)


def test_unknown_myst_syntax_is_an_error_that_names_it():
    """A directive or role without a plain-markdown rule stops the tool instead of leaking into a notebook."""
    from tools.jupyter_markdown import Converter

    converter = Converter()
    for source, name in (("```{margin} x\ny\n```", "{margin}"), ("see {footcite}`key`", "{footcite}")):
        cell = nbformat.v4.new_markdown_cell(source)
        with pytest.raises(ValueError, match=re.escape(name)):
            converter.notebook_cells("04_l1_lasso", [cell])


def test_zip_holds_notebooks_readme_and_helpers(kit):
    with zipfile.ZipFile(kit[1]) as archive:
        names = set(archive.namelist())
        assert {f"{TOP}/notebooks/{p.name}" for p in CHAPTERS} <= names
        assert {f"{TOP}/README.txt", f"{TOP}/requirements.txt", f"{TOP}/pyproject.toml",
                f"{TOP}/src/helpers/__init__.py"} <= names
        readme = archive.read(f"{TOP}/README.txt").decode()
        assert "Binder" in readme and "JupyterHub" in readme and "pip install" in readme
        # the students' README sends nobody to the answer key: not to the site's solutions, not to the
        # rocket button (it opens the repository's chapter notebooks, solutions included)
        assert not re.search(r"solutions? (are|is|can be found) (on|in)|\"Solution\"|rocket", readme, re.I), readme
        for path in CHAPTERS:
            packed = nbformat.reads(archive.read(f"{TOP}/notebooks/{path.name}").decode(), as_version=4)
            on_disk = nbformat.read(kit[0] / path.name, as_version=4)
            assert packed == on_disk
        assert not any("__pycache__" in name for name in names)


def test_zip_is_reproducible(kit, tmp_path):
    again = tmp_path / ZIP_NAME
    subprocess.run([sys.executable, "-m", "tools.make_student_notebooks", "--out", str(tmp_path / "s"), "--zip", str(again)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert again.read_bytes() == kit[1].read_bytes()


def test_site_serves_the_zip_and_the_guide_links_it():
    """The zip's folder is an html_extra_path of the website, and the guide links the zip there."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    extra = config["sphinx"]["config"]["html_extra_path"]
    assert "book/_extra" in extra and (ROOT / "book" / "_extra").is_dir()
    guide = (ROOT / "book" / "instructor_guide.md").read_text()
    assert f'href="../{ZIP_NAME}"' in guide  # the guide is one folder below the site root
    pages = toc_pages()
    assert "book/instructor_guide" in pages and "book/glossary" in pages


def test_make_site_builds_the_zip_first():
    makefile = (ROOT / "Makefile").read_text()
    site = re.search(r"^site:.*?\n((?:\t.*\n)+)", makefile, re.M).group(1)
    steps = site.strip().split("\n")
    build = next(i for i, step in enumerate(steps) if "jupyter-book build" in step)
    assert "tools.make_student_notebooks" in steps[0] and build > 0
    # an incremental build with no changed page skips html_extra_path: the zip is copied explicitly
    assert any("book/_extra" in step and "_build/html" in step for step in steps[build + 1 :])


def test_binder_and_jupyterhub_launch_from_one_repository_url():
    """repo2docker needs runtime.txt and requirements.txt (which installs helpers); the launch buttons
    are links built from the single repository URL, and Thebe (which would load code) stays off."""
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert (ROOT / "requirements.txt").read_text().strip().splitlines()[-1] == "-e ."
    text = (ROOT / "_config.yml").read_text()
    config = yaml.safe_load(text)
    url = config["repository"]["url"]
    assert url.startswith("https://github.com/") and text.count("github.com/") == 1
    launch = config["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org" and launch["jupyterhub_url"].startswith("https://")
    assert launch.get("thebe", False) is False


def test_slides_exist_and_load_nothing_from_other_hosts(tmp_path):
    """Both session decks are written with their figures and demos (as files beside them) and reference no other host."""
    result = subprocess.run([sys.executable, "-m", "tools.make_slides", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for deck in ("session-1.html", "session-2.html"):
        text = (tmp_path / deck).read_text(encoding="utf-8")
        assert text.count("<section>") >= 10
        assert 'class="frame-player"' in text and '<meta name="description" content="Slides' in text
        assert not re.search(r"https?://", text), f"{deck} references another host"
        for ref in re.findall(r'(?:src|href)="([^"#]+)"', text):
            assert ref.startswith("data:") or (tmp_path / ref).is_file(), f"{deck}: missing {ref}"
        # figures and slider frames are files beside the deck (lazy after the first), none left inline
        frames = re.findall(r'"(figures/[0-9a-f]{20}\.png)"', text)
        assert len(frames) > 20 and all((tmp_path / f).is_file() for f in frames), f"{deck}: {len(frames)} frames"
        assert "data:image/png" not in text and text.count('loading="lazy"') == text.count("<img") - 1
    for asset in (tmp_path / "reveal").rglob("*"):
        if asset.suffix in (".css", ".js"):
            assert not re.search(r"(url\(|@import|src=)\s*['\"]?https?://", asset.read_text(encoding="utf-8"))
    guide = (ROOT / "book" / "instructor_guide.md").read_text()
    assert 'href="../slides/session-1.html"' in guide and 'href="../slides/session-2.html"' in guide


@pytest.mark.parametrize("name", list(make_slides.CELLS))
def test_every_slide_cell_exists_in_its_chapter(name):
    """The slides pick chapter cells by nbformat cell id, which survives edits of a cell but not its
    deletion: a recreated cell has a new id, to be put in tools/make_slides.py's CELLS."""
    ref = make_slides.CELLS[name]
    ids = [cell.get("id") for cell in nbformat.read(chapter(ref.chapter), as_version=4).cells]
    assert ref.id in ids, f"slide cell {name!r}: {ref.chapter}.ipynb has no cell with id {ref.id!r} any more"
    make_slides.cell_output(name)  # and it still has the output the slide shows (a PNG or a frame player)


def test_every_slide_cell_is_used_and_a_missing_one_is_named(monkeypatch, tmp_path, capsys):
    source = "".join(inspect.getsource(f) for f in (make_slides.session_1, make_slides.session_2))
    unused = [name for name in make_slides.CELLS if f'"{name}"' not in source]
    assert not unused, f"CELLS entries no slide shows: {unused}"
    monkeypatch.setitem(make_slides.CELLS, "kkt", make_slides.SlideCell("06_mathematical_explanation", "no-such-id", "figure"))
    assert make_slides.main(["--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "06_mathematical_explanation.ipynb" in error and "'no-such-id'" in error, error
    assert not (tmp_path / "session-2.html").exists()


@pytest.mark.parametrize("page", ["instructor_guide.md", "glossary.md"])
def test_teacher_pages_tables_are_well_formed(page):
    """Every Markdown table's separator row has as many columns as its header (else it renders as text)."""
    lines = (ROOT / "book" / page).read_text().split("\n")
    for i, line in enumerate(lines[1:], start=1):
        if re.fullmatch(r"\|(-+\|)+", line.strip()):
            assert lines[i - 1].count("|") == line.count("|"), f"{page}:{i + 1}: separator does not match header"


def test_licence_says_what_applies_to_what():
    """A lecturer may adopt the course: LICENSE names CC BY 4.0 for the text and figures and MIT for the
    code, ships CC BY's legal code, and every third-party licence file it points to exists."""
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in licence
    assert "Permission is hereby granted, free of charge" in licence  # the MIT text itself, not just its name
    legal_code = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert legal_code.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 3 – License Conditions" in legal_code  # the attribution conditions, not a summary
    pointed_to = re.findall(r"see (book/\S+/LICENSE)", licence)
    assert pointed_to and all((ROOT / path).is_file() for path in pointed_to), pointed_to
    assert "CC BY 4.0" in (ROOT / "book" / "index.md").read_text(encoding="utf-8")  # the website says it too
