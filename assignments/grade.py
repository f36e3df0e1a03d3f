"""Grade students' submissions of a problem set in this environment, without Docker (otter run on each).

Usage: python -m assignments.grade psN SUBMISSION_OR_FOLDER... [--autograder ZIP] [--csv PATH]

A submission is a student's notebook (.ipynb) or the zip its last cell wrote; a folder stands for every
.ipynb and .zip inside it. Each one is graded exactly as ``otter run -a ZIP -o OUT SUBMISSION`` grades it
(the autograder zip of ``make assignments``, by default _build/assignments/psN-autograder.zip): the
notebook is executed from the top in a fresh kernel, then the public and hidden tests run. One line per
submission is printed with each autograded question's score; ``--csv`` also writes them to a file.
Written questions are not in it: they are graded by hand (rubrics in the instructor guide).
Nothing is installed or downloaded: the course's environment must be active (it is, with .venv/bin/python).
"""

from __future__ import annotations

import argparse
import csv
import pathlib
import sys

from assignments.build import DEFAULT_OUT, PROBLEM_SETS


def grade(submission: pathlib.Path, autograder: pathlib.Path):
    """Grade one submission; returns otter's GradingResults (``.results``: one entry per question)."""
    from otter.api import grade_submission  # imported here: otter takes seconds to import

    return grade_submission(str(submission), str(autograder), quiet=True)


def scores(results) -> dict[str, tuple[float, float]]:
    """``{question: (score, max_score)}`` of the autograded questions, in question order."""
    return {name: (float(test.score), float(test.possible)) for name, test in sorted(results.results.items())}


def submissions(paths: list[pathlib.Path]) -> list[pathlib.Path]:
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".ipynb", ".zip"))
        elif path.is_file():
            found.append(path)
        else:
            raise SystemExit(f"error: no such submission: {path}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problem_set", choices=PROBLEM_SETS)
    parser.add_argument("paths", nargs="+", type=pathlib.Path, help="submissions (.ipynb or .zip) or folders of them")
    parser.add_argument("--autograder", type=pathlib.Path, help="autograder zip (default: _build/assignments/psN-autograder.zip)")
    parser.add_argument("--csv", type=pathlib.Path, help="also write the scores to this CSV file")
    args = parser.parse_args(argv)
    autograder = args.autograder or DEFAULT_OUT / f"{args.problem_set}-autograder.zip"
    if not autograder.is_file():
        print(f"error: no autograder zip at {autograder}; run `make assignments` first", file=sys.stderr)
        return 2
    rows = []
    for submission in submissions(args.paths):
        per_question = scores(grade(submission, autograder))
        total, possible = (sum(values) for values in zip(*per_question.values()))
        rows.append({"submission": str(submission), **{q: s for q, (s, _) in per_question.items()}, "total": total, "possible": possible})
        print(f"{submission}: {total:g} / {possible:g}  (" + ", ".join(f"{q} {s:g}/{m:g}" for q, (s, m) in per_question.items()) + ")")
    if args.csv and rows:
        with args.csv.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(f"scores written to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
