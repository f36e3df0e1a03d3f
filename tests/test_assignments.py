"""The graded homework (assignments/): otter-grader builds both problem sets and grades them as promised.

One build per test module (``python -m assignments.build --no-run-tests`` into a temporary folder); every
grading below then runs the autograder zip exactly as ``otter run -a ZIP SUBMISSION`` does (otter's own
``grade_submission``: the notebook executed from the top in a fresh kernel, then public and hidden tests;
no Docker, nothing installed). Checked: the solutions score full marks; the blank student notebooks score
0, fail every hidden test and run without errors up to their first answer cell (in that same grading run); students get neither
solutions nor hidden tests; and each typical wrong answer the course warns about (a strength copied without
conversion, unstandardized features, a penalized intercept, a tolerance that fakes zeros, ...) loses exactly
the points of its question, no others, with a hidden test that names the mistake.
"""

from __future__ import annotations

import zipfile

import nbformat
import pytest

from assignments import build
from assignments.grade import grade, scores

# otter 7.0.0 itself, on the versions pinned here: noise in the test report, nothing to act on
pytestmark = [
    pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.drop is deprecated"),
    pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning"),
]

# the autograded questions and their points (the written questions are graded by hand)
AUTOGRADED = {
    "ps1": {"q1": 2, "q2": 2, "q3": 2, "q5": 3, "q6": 2},
    "ps2": {"q1": 3, "q2": 2, "q3": 2, "q4": 3, "q6": 3},
}
MANUAL = {"ps1": ("q4", "q7"), "ps2": ("q5", "q7")}

PS2_RIDGE_FIT = """\
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean  # centring takes the unpenalized intercept out of the problem
    coef = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)
    return coef, float(y_mean - x_mean @ coef)
"""
PS2_RIDGE_FIT_PENALIZED_INTERCEPT = """\
    ones = np.column_stack([np.ones(len(y)), X])  # the intercept as one more weight, inside the penalty
    solution = np.linalg.solve(ones.T @ ones + alpha * np.eye(ones.shape[1]), ones.T @ y)
    return solution[1:], float(solution[0])
"""

# (problem set, question, text of the solution notebook, the wrong answer put in its place, words of the
# hidden test's message that names the mistake)
WRONG_ANSWERS = [
    pytest.param("ps1", "q1", 'alpha_lasso = convert_alpha(4000.0, penalty="l1", source="rss", target="sklearn", n_samples=n)',
                 "alpha_lasso = 4000.0", "without conversion", id="ps1-q1-lambda-not-converted"),
    pytest.param("ps1", "q2", "alpha_max_std = alpha_max(X_std, y)", "alpha_max_std = alpha_max(X_raw, y)",
                 "standardize the features first", id="ps1-q2-unstandardized"),
    pytest.param("ps1", "q3", "n_zero_lasso = int(np.sum(lasso(X, y, 44.7).coef == 0))",
                 "n_zero_lasso = int(np.sum(Lasso(alpha=44.7).fit(X, y).coef_ == 0))", "those zeros are fake",
                 id="ps1-q3-default-tol-fakes-zeros"),
    pytest.param("ps1", "q5", "return float(abs((x - x.mean()) @ (y - y.mean())) / len(y))", "return float(abs(x @ y) / len(y))",
                 "the intercept is not penalized", id="ps1-q5-intercept-penalized"),
    pytest.param("ps2", "q1", PS2_RIDGE_FIT, PS2_RIDGE_FIT_PENALIZED_INTERCEPT, "penalizes the intercept",
                 id="ps2-q1-intercept-penalized"),
    pytest.param("ps2", "q2", "n_zero_ridge = int(np.sum(w_ridge == 0))", "n_zero_ridge = int(np.sum(np.abs(w_ridge) < 1e-2))",
                 "never with a tolerance", id="ps2-q2-tolerance-fakes-zeros"),
    pytest.param("ps2", "q3", 'alpha_lasso = convert_alpha(100.0, penalty="l1", source="half_rss", target="sklearn", n_samples=n)',
                 "alpha_lasso = 100.0", "without conversion", id="ps2-q3-ridge-alpha-for-the-lasso"),
    pytest.param("ps2", "q4", "alpha_1se = choice.alpha_1se", "alpha_1se = choice.alpha_min", "the minimum itself",
                 id="ps2-q4-minimum-instead-of-one-se"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    assert build.main(["--out", str(out), "--no-run-tests"]) == 0
    return out


def full_marks(ps: str) -> dict[str, tuple[float, float]]:
    return {q: (float(points), float(points)) for q, points in AUTOGRADED[ps].items()}


@pytest.mark.parametrize("ps", build.PROBLEM_SETS)
def test_solution_scores_full_marks(built, ps):
    results = grade(built / ps / "autograder" / f"{ps}.ipynb", built / f"{ps}-autograder.zip")
    assert scores(results) == full_marks(ps)


@pytest.mark.parametrize("ps", build.PROBLEM_SETS)
def test_blank_student_notebook_scores_zero_and_runs_until_its_first_answer_cell(built, ps):
    results = grade(built / ps / "student" / f"{ps}.ipynb", built / f"{ps}-autograder.zip")
    assert scores(results) == {q: (0.0, max_score) for q, (_, max_score) in full_marks(ps).items()}
    hidden = [r for test in results.results.values() for r in test.test_case_results if r.test_case.hidden]
    assert len(hidden) >= len(AUTOGRADED[ps]) and not any(r.passed for r in hidden)
    # the grading ran the notebook from the top (errors allowed): every cell before the first answer cell
    # (otter's set-up, the imports, the data) ran, and none of them raised
    executed = results.notebook.cells
    first = next(i for i, cell in enumerate(executed) if "otter_answer_cell" in cell.metadata.get("tags", []))
    before = [cell for cell in executed[:first] if cell.cell_type == "code"]
    assert len(before) >= 3 and all(cell.execution_count for cell in before)
    errors = [out for cell in before for out in cell.outputs if out.output_type == "error"]
    assert not errors, [f"{out.ename}: {out.evalue}" for out in errors]


@pytest.mark.parametrize("ps", build.PROBLEM_SETS)
def test_students_get_no_solutions_and_no_hidden_tests(built, ps):
    path = built / ps / "student" / f"{ps}.ipynb"
    nb = nbformat.read(path, as_version=4)
    tests = nb.metadata["otter"]["tests"]  # the public tests travel inside the student notebook
    assert set(tests) == set(AUTOGRADED[ps])
    assert not any(case["hidden"] for spec in tests.values() for suite in spec["suites"] for case in suite["cases"])
    text = path.read_text(encoding="utf-8")
    for leak in ("SOLUTION", "Model answer", "Rubric", "convert_alpha(", "hidden: true"):
        assert leak not in text, f"{ps} student notebook contains {leak!r}"
    answers = [cell for cell in nb.cells if "otter_answer_cell" in cell.metadata.get("tags", [])]
    assert sum(cell.cell_type == "markdown" for cell in answers) == len(MANUAL[ps])  # one per written question
    with zipfile.ZipFile(built / f"{ps}-autograder.zip") as archive:
        names = set(archive.namelist())
        assert {f"tests/{q}.py" for q in AUTOGRADED[ps]} <= names
        for q in AUTOGRADED[ps]:  # every autograded question has hidden tests, in the autograder only
            assert "'hidden': True" in archive.read(f"tests/{q}.py").decode()
        # Gradescope installs the course's pins and imports helpers from the zip's own copy
        assert "files/helpers/solvers.py" in names
        assert "scikit-learn==" in archive.read("environment.yml").decode()


def test_students_zip_holds_the_notebooks_not_the_solutions(built):
    with zipfile.ZipFile(built / build.ZIP_NAME) as archive:
        names = set(archive.namelist())
        top = build.TOP
        assert {f"{top}/ps1/ps1.ipynb", f"{top}/ps2/ps2.ipynb", f"{top}/README.txt", f"{top}/requirements.txt",
                f"{top}/src/helpers/solvers.py"} <= names
        for ps in build.PROBLEM_SETS:
            assert archive.read(f"{top}/{ps}/{ps}.ipynb") == (built / ps / "student" / f"{ps}.ipynb").read_bytes()
        assert not any("autograder" in name for name in names)


def test_students_zip_is_reproducible(built, tmp_path):
    """The same masters give the same zip (otter's random cell ids are replaced), so the website does not
    change when nothing did."""
    assert build.main(["--out", str(tmp_path), "--no-run-tests"]) == 0
    assert (tmp_path / build.ZIP_NAME).read_bytes() == (built / build.ZIP_NAME).read_bytes()


@pytest.mark.parametrize(("ps", "question", "right", "wrong", "message"), WRONG_ANSWERS)
def test_a_typical_wrong_answer_loses_exactly_its_question(built, tmp_path, ps, question, right, wrong, message):
    nb = nbformat.read(built / ps / "autograder" / f"{ps}.ipynb", as_version=4)
    cells = [cell for cell in nb.cells if right in cell.source]
    assert len(cells) == 1 and cells[0].source.count(right) == 1, f"the solution of {ps} no longer contains {right!r}"
    cells[0].source = cells[0].source.replace(right, wrong)
    submission = tmp_path / f"{ps}.ipynb"
    nbformat.write(nb, submission)

    results = grade(submission, built / f"{ps}-autograder.zip")
    expected = full_marks(ps)
    expected[question] = (0.0, expected[question][1])
    assert scores(results) == expected
    failed = [r for r in results.results[question].test_case_results if not r.passed]
    assert any(r.test_case.hidden and message in r.message for r in failed), [r.message for r in failed]
