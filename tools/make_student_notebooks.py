"""Write the students' copies of the chapter notebooks, without solutions, and pack them into a zip.

Usage: python -m tools.make_student_notebooks [--out DIR] [--zip PATH]   (`make student`)

For every chapter notebook of _toc.yml (tools.course.chapters()) the student copy keeps every cell
in order except the solutions: everything between a ```{solution-start}``` and a ```{solution-end}```
directive (the folded explanation and the code cells tagged `solution`) is removed and replaced by ONE
empty code cell to answer in. Outputs and execution counts are cleared. The zip (default book/_extra/, which the website serves next to its
pages) holds the notebooks, a README.txt on how to run them, and what `pip install -r requirements.txt`
needs to install the course's `helpers` package. Nothing here is committed: both outputs are generated.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

import nbformat

from tools.course import BOOK, ROOT, chapters, write_course_zip
from tools.jupyter_markdown import Converter

ZIP_NAME = "l1-vs-l2-student-notebooks.zip"
TOP = "l1-vs-l2-student-notebooks"  # the folder the zip unpacks into
DEFAULT_OUT = ROOT / "student"
DEFAULT_ZIP = BOOK / "_extra" / ZIP_NAME

# a MyST directive fence opening a solution block, and the one closing it (``` or ::: fences)
SOLUTION_START = re.compile(r"^\s*(`{3,}|:{3,})\{solution-start\}")
SOLUTION_END = re.compile(r"^\s*(`{3,}|:{3,})\{solution-end\}")
SOLUTION_TAG = "solution"

README = """\
L1 vs L2 Regularization: student notebooks
==========================================

One notebook per chapter of the course, with the exercises but without their solutions. After
each exercise there is an empty code cell: write your answer there. Every exercise uses variables
that the chapter computed above it, so always run the notebook from the top first
(Run > Run All Cells), then work on the exercises.

How to run them (pick one; nothing needs to be installed on your own computer for 1 and 2)
--------------------------------------------------------------------------------------------

1. Binder (in the browser, free, no account). Open the Binder link your teacher gives you. When
   JupyterLab has started, everything the notebooks need is installed. Upload the notebooks from
   the folder "notebooks" with the file browser's Upload button (the arrow icon) and open them.
   Binder sessions are temporary: download your notebook (File > Download) before you leave.

2. Your university's JupyterHub. If your teacher gave you a JupyterHub link for the course, open it:
   everything is installed and you can upload the notebooks as in 1. Otherwise upload this zip file,
   open a Terminal (File > New > Terminal) and run:
       unzip l1-vs-l2-student-notebooks.zip
       cd l1-vs-l2-student-notebooks
       python -m pip install --user -r requirements.txt
   then restart the kernel of your notebook (Kernel > Restart Kernel).

3. Your own computer, with Python 3.11. In this folder, run:
       python3.11 -m venv .venv
       .venv/bin/python -m pip install -r requirements.txt      (Windows: .venv\\Scripts\\python)
       .venv/bin/jupyter lab notebooks
   The first command creates a private environment, the second installs the exact versions the
   course was tested with (about a minute), including the course's own package "helpers".

What is in this folder
----------------------
notebooks/          the chapters, NN_name.ipynb, without solutions
requirements.txt    the exact package versions; its last line installs the helpers package
pyproject.toml, src/helpers/
                    the helpers package every notebook imports (data, solvers, plots, sliders)

Your teacher decides when you get the exercise solutions. The self-check questions at the end of a
chapter are for you: think of your answer first, then unfold "Answer" under the question.
"""


def student_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The notebook's cells with every solution block replaced by one empty code cell.

    Raises ValueError when a solution block is not closed, or contains a code cell without the
    `solution` tag (a chapter would then lose a cell the rest of the notebook may need).
    """
    out: list[nbformat.NotebookNode] = []
    in_solution = False
    placeholder_done = False

    def flush(lines: list[str], source: nbformat.NotebookNode) -> None:
        """Append the kept markdown lines as one cell (ids stay those of the chapter where possible)."""
        text = "\n".join(lines).strip("\n")
        if text.strip():
            md = nbformat.v4.new_markdown_cell(source=text, metadata=dict(source.metadata))
            md.id = source.id if not any(c.get("id") == source.id for c in out) else f"{source.id}-{len(out)}"
            out.append(md)
        lines.clear()

    def add_placeholder() -> None:
        nonlocal placeholder_done
        if not placeholder_done:
            answer = nbformat.v4.new_code_cell(source="")
            answer.id = f"answer-{len(out)}"  # fixed ids: the same chapters give the same files
            out.append(answer)
            placeholder_done = True

    for index, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code":
            if in_solution or SOLUTION_TAG in tags:
                if in_solution and SOLUTION_TAG not in tags:
                    raise ValueError(f"cell {index}: a code cell inside a solution block lacks the tag 'solution'")
                if not in_solution:  # a tagged cell outside any block: still a solution
                    placeholder_done = False
                add_placeholder()
                continue
            kept = nbformat.v4.new_code_cell(source=cell.source, metadata=dict(cell.metadata))
            kept.id = cell.id
            out.append(kept)
            continue
        if cell.cell_type != "markdown":
            if not in_solution:
                out.append(cell)
            continue
        kept: list[str] = []  # markdown lines kept since the last solution boundary
        skip_closing_fence = None
        for line in cell.source.split("\n"):
            if skip_closing_fence is not None:
                skip_closing_fence, fence = None, skip_closing_fence
                if line.strip() == fence:
                    continue  # the closing fence of the {solution-end} directive
            if not in_solution:
                if SOLUTION_START.match(line):
                    flush(kept, cell)
                    in_solution, placeholder_done = True, False
                    continue
                kept.append(line)
            else:
                end = SOLUTION_END.match(line)
                if end:
                    in_solution = False
                    skip_closing_fence = end.group(1)
                    add_placeholder()  # a solution of prose only still gets its answer cell
        flush(kept, cell)
    if in_solution:
        raise ValueError("a {solution-start} block is never closed by {solution-end}")
    return out


def student_notebook(path: pathlib.Path, converter: Converter) -> nbformat.NotebookNode:
    """The student copy of one chapter notebook: outputs cleared, solutions removed, markdown in plain
    Jupyter markdown (tools.jupyter_markdown), and a "References" cell for what it cites."""
    nb = nbformat.read(path, as_version=4)
    student = nbformat.v4.new_notebook()
    student.metadata = {k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")}
    try:
        student.cells = student_cells(nb)
        converter.notebook_cells(path.stem, student.cells)
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from None
    references = converter.references()
    if references:
        cell = nbformat.v4.new_markdown_cell(references)
        cell.id = "references"
        student.cells.append(cell)
    nbformat.validate(student)
    return student


def write_zip(notebooks: dict[str, nbformat.NotebookNode], zip_path: pathlib.Path) -> None:
    """Pack the notebooks, README.txt and what installs `helpers` into one deterministic zip."""
    files = {"README.txt": README.encode()}
    for name, nb in notebooks.items():
        files[f"notebooks/{name}"] = (nbformat.writes(nb) + "\n").encode()
    write_course_zip(zip_path, TOP, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="folder for the notebooks (default: student/)")
    parser.add_argument("--zip", type=pathlib.Path, default=DEFAULT_ZIP, help=f"zip to write (default: book/_extra/{ZIP_NAME})")
    args = parser.parse_args(argv)

    sources = chapters()
    if not sources:
        print("error: _toc.yml lists no chapter notebooks", file=sys.stderr)
        return 2
    converter = Converter()
    try:
        notebooks = {path.name: student_notebook(path, converter) for path in sources}
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, args.out / name)
    write_zip(notebooks, args.zip)
    answers = sum(1 for nb in notebooks.values() for c in nb.cells if c.cell_type == "code" and not c.source)
    print(f"{len(notebooks)} student notebooks in {args.out} ({answers} exercises, each with an empty answer cell); zip: {args.zip}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
