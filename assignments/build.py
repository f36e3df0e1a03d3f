"""Build the graded homework with otter-grader: student notebooks and autograder zips.

Usage: python -m assignments.build [--out DIR] [--no-run-tests] [--site]   (`make assignments`)

Each problem set is an otter-assign master notebook, assignments/psN/psN.ipynb: the questions, their
solutions, public tests (students run them with ``grader.check("qN")``) and hidden tests (only in the
autograder). For each one this script

1. stages the master in OUT/.stage/psN/ next to a copy of the course's ``helpers`` package and the
   autograder's requirements.txt (the course's exact pins of the packages the notebooks import), so that
   the autograder zip also grades on Gradescope, where ``helpers`` is not installed;
2. runs ``otter assign`` (in this process) into OUT/psN/ (``autograder/``: the solution notebook and otter's zip;
   ``student/``: the notebook without solutions or hidden tests). Unless ``--no-run-tests``, otter then
   grades the solution notebook with the zip and the build fails if it does not get full marks;
3. copies the zip to OUT/psN-autograder.zip, a name that does not change from build to build.

Finally it packs the student notebooks into OUT/l1-vs-l2-homework.zip, with a README.txt and what
installs the course's packages; ``--site`` also copies that zip into book/_extra/, which the website
serves (the instructor guide links it). Solutions and autograder zips stay in OUT, never on the site.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import shutil
import sys

from tools.course import ROOT, write_course_zip

HERE = ROOT / "assignments"
PROBLEM_SETS = ("ps1", "ps2")
DEFAULT_OUT = ROOT / "_build" / "assignments"
ZIP_NAME = "l1-vs-l2-homework.zip"
TOP = "l1-vs-l2-homework"  # the folder the students' zip unpacks into
SITE_ZIP = ROOT / "book" / "_extra" / ZIP_NAME

# What the notebooks import (with what those pull in); the autograder installs these, at the course's
# exact versions, on top of otter-grader itself. Only Gradescope (or `otter grade` in Docker) installs
# anything: `otter run` grades in the current environment and installs nothing.
AUTOGRADER_PACKAGES = (
    "numpy", "scipy", "scikit-learn", "joblib", "threadpoolctl", "matplotlib", "contourpy", "cycler",
    "fonttools", "kiwisolver", "packaging", "pillow", "pyparsing", "python-dateutil", "six",
)

README = """\
L1 vs L2 Regularization: graded homework
========================================

Two problem sets, one per session of the course:
  ps1/ps1.ipynb   Homework 1: the penalty, its conventions and exact zeros (after session 1)
  ps2/ps2.ipynb   Homework 2: ridge, choosing alpha, and using both well (after session 2)

Open the notebook your teacher assigns, run it from the top (Run > Run All Cells), then replace every
"..." with your answer. Under each question, run grader.check("q1") (q2, ...) to test the form of
your answer; the autograder adds hidden tests on the values. Written questions are graded by hand.
When you are done, run the last cell of the notebook: it writes the zip file you hand in.

Where to run them: the same places as the course's chapter notebooks. On Binder or your
university's JupyterHub, upload the notebook and open it there. On your own computer (Python 3.11),
in this folder:
    python3.11 -m venv .venv
    .venv/bin/python -m pip install -r requirements.txt      (Windows: .venv\\Scripts\\python)
    .venv/bin/jupyter lab
requirements.txt installs the exact versions the course was tested with, the course's own package
"helpers" (from src/helpers) and otter-grader, which runs the checks.
"""


def autograder_requirements() -> str:
    """The course's pins (requirements.txt) of AUTOGRADER_PACKAGES, one per line."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = line.strip()
    missing = [name for name in AUTOGRADER_PACKAGES if name not in pins]
    if missing:
        raise SystemExit(f"error: requirements.txt pins none of {missing}")
    header = "# the course's exact pins of what the homework notebooks import (written by assignments/build.py)\n"
    return header + "\n".join(pins[name] for name in AUTOGRADER_PACKAGES) + "\n"


def stage(name: str, out: pathlib.Path) -> pathlib.Path:
    """Copy the master notebook, helpers and the requirements into OUT/.stage/NAME; return the master copy."""
    folder = out / ".stage" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    master = folder / f"{name}.ipynb"
    shutil.copyfile(HERE / name / f"{name}.ipynb", master)
    shutil.copytree(ROOT / "src" / "helpers", folder / "helpers", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (folder / "requirements.txt").write_text(autograder_requirements())
    return master


def fix_cell_ids(path: pathlib.Path) -> None:
    """Give the cells otter adds (set-up, checks, export) ids from their position instead of random ones,
    so that the same master gives the same student notebook and the same students' zip."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if not cell.id.startswith("cell-"):  # the master's own cells are cell-00, cell-01, ...
            cell.id = f"otter-{index:02d}"
    nbformat.write(nb, path)


def assign(name: str, out: pathlib.Path, run_tests: bool) -> pathlib.Path:
    """otter assign one problem set into OUT/NAME; return the autograder zip, copied to OUT/NAME-autograder.zip."""
    master = stage(name, out)
    dist = out / name
    shutil.rmtree(dist, ignore_errors=True)
    from otter.assign import main as otter_assign  # imported here: otter takes seconds to import

    try:
        otter_assign(str(master), str(dist), no_pdfs=True, no_run_tests=not run_tests)
    except RuntimeError as error:  # otter's way of saying that the solution lost points
        raise SystemExit(f"error: otter assign failed for {name}: {error}") from None
    for notebook in (dist / "student" / f"{name}.ipynb", dist / "autograder" / f"{name}.ipynb"):
        fix_cell_ids(notebook)
    zips = sorted((dist / "autograder").glob(f"{name}-autograder_*.zip"))
    if len(zips) != 1:
        raise SystemExit(f"error: expected one autograder zip in {dist / 'autograder'}, found {len(zips)}")
    stable = out / f"{name}-autograder.zip"
    shutil.copyfile(zips[0], stable)
    return stable


def write_student_zip(out: pathlib.Path, zip_path: pathlib.Path) -> None:
    """The student notebooks, README.txt and what installs the course's packages, in one deterministic zip."""
    files = {"README.txt": README.encode()}
    for name in PROBLEM_SETS:
        files[f"{name}/{name}.ipynb"] = (out / name / "student" / f"{name}.ipynb").read_bytes()
    write_course_zip(zip_path, TOP, files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="output folder (default: _build/assignments)")
    parser.add_argument("--no-run-tests", action="store_true", help="skip grading the solutions (faster; `make site` uses it)")
    parser.add_argument("--site", action="store_true", help=f"also copy the students' zip to book/_extra/{ZIP_NAME}")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for name in PROBLEM_SETS:
        stable = assign(name, out, run_tests=not args.no_run_tests)
        checked = "solution graded: full marks" if not args.no_run_tests else "solution not graded (--no-run-tests)"
        print(f"{name}: student notebook {out / name / 'student' / (name + '.ipynb')}; autograder {stable} ({checked})")
    write_student_zip(out, out / ZIP_NAME)
    print(f"students' zip: {out / ZIP_NAME}")
    if args.site:
        SITE_ZIP.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / ZIP_NAME, SITE_ZIP)
        print(f"copied to {SITE_ZIP} (served by the website)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
