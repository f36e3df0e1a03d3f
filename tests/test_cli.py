"""`python -m helpers train` as a user runs it: a real subprocess, checked against scikit-learn."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn.linear_model import Lasso, Ridge

from helpers.cli import DEFAULTS, load
from helpers.penalties import convert_alpha
from helpers.solvers import gradient_descent


def run(*args):
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, timeout=60)


def test_default_log_has_the_guide_format():
    out = run("train")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("Training Model...")
    epochs = [line for line in lines if line.startswith("Epoch")]
    assert len(epochs) == 40  # 20 epochs for each of the two models
    assert all(re.fullmatch(r"Epoch \d+/20 Loss: \d+\.\d\d", line) for line in epochs)
    l1 = next(line for line in lines if line.startswith("L1 Weights: "))
    l2 = next(line for line in lines if line.startswith("L2 Weights: "))
    l1_values = l1.removeprefix("L1 Weights: [").rstrip("]").split(", ")
    l2_values = l2.removeprefix("L2 Weights: [").rstrip("]").split(", ")
    assert "0.0" in l1_values and len(l1_values) == 4
    assert "0.0" not in l2_values and len(l2_values) == 4


def _printed_weights(stdout, penalty):
    line = next(line for line in stdout.splitlines() if line.startswith(f"{penalty} Weights: "))
    return line.removeprefix(f"{penalty} Weights: [").rstrip("]").split(", ")


def test_the_guides_five_epoch_sample_shows_exact_l1_zeros_and_no_l2_zeros():
    # the guide's sample: `train --epochs 5`; with the old default step 0.1 it printed
    # L1 Weights: [1.03, -0.17, 0.03, -0.01], no zero at all
    out = run("train", "--epochs", "5")
    assert out.returncode == 0, out.stderr
    assert len([line for line in out.stdout.splitlines() if re.fullmatch(r"Epoch \d/5 Loss: \d+\.\d\d", line)]) == 10
    l1, l2 = _printed_weights(out.stdout, "L1"), _printed_weights(out.stdout, "L2")
    assert len(l1) == len(l2) == 4
    assert l1.count("0.0") >= 1  # an exact zero (the log prints 0.0 only for w == 0)
    assert "0.0" not in l2 and min(abs(float(v)) for v in l2) > 0.05  # plainly non-zero, not a rounding accident


def _curvature_and_bounds(alpha):
    """L = largest eigenvalue of the covariance of the command's data (computed here, not by the CLI)."""
    X, y, _, _ = load("synthetic", DEFAULTS["seed"])
    L = np.linalg.eigvalsh(np.cov(X, rowvar=False, bias=True)).max()
    return X, y, L, 2 / L, 2 / (L - 2 * alpha)


def test_default_step_is_one_over_L_and_numbers_are_still_accepted():
    auto = json.loads(run("train", "--json", "--epochs", "1").stdout)
    _, _, L, _, _ = _curvature_and_bounds(DEFAULTS["alpha"])
    assert auto["lr"] == pytest.approx(1 / L, rel=1e-12) and auto["lr_rule"] == "auto: 1/L"
    assert json.loads(run("train", "--json", "--epochs", "1", "--lr", "auto").stdout)["lr"] == auto["lr"]
    given = json.loads(run("train", "--json", "--epochs", "1", "--lr", "0.3").stdout)
    assert given["lr"] == 0.3 and given["lr_rule"] == "given"


def test_l2_converges_between_2_over_L_and_its_own_bound_where_l1_is_refused():
    alpha = DEFAULTS["alpha"]
    X, y, L, l1_bound, l2_bound = _curvature_and_bounds(alpha)
    lr = (l1_bound + l2_bound) / 2
    assert 1.78 < l1_bound < 1.79 and 2.77 < l2_bound < 2.78 and round(lr, 2) == 2.28
    out = run("train", "--json", "--penalty", "l2", "--lr", f"{lr:.6f}", "--epochs", "400")
    assert out.returncode == 0, out.stderr
    model = json.loads(out.stdout)["models"]["l2"]
    # the optimum of (1/(2n))||y - Xw - b||^2 + alpha ||w||^2 by a direct linear solve
    n = len(y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w_star = np.linalg.solve(Xc.T @ Xc / n + 2 * alpha * np.eye(X.shape[1]), Xc.T @ yc / n)
    r = yc - Xc @ w_star
    f_star = r @ r / (2 * n) + alpha * w_star @ w_star
    assert abs(model["losses"][-1] - f_star) < 1e-12 * f_star
    np.testing.assert_allclose(model["weights"], w_star, rtol=1e-9)
    assert np.all(np.diff(model["losses"]) <= 1e-12)  # and its loss never went up on the way
    # the L1 run at the same step is refused, and rightly: run anyway, it blows up
    for penalty in ("l1", "both"):
        refused = run("train", "--penalty", penalty, "--lr", f"{lr:.6f}")
        assert refused.returncode == 2 and refused.stdout == "" and len(refused.stderr.strip().splitlines()) == 1
        assert "--lr" in refused.stderr and f"--penalty {penalty}" in refused.stderr and "2/L = 1.78" in refused.stderr
    with np.errstate(all="ignore"):
        l1_losses = gradient_descent(X, y, alpha, penalty="l1", lr=lr, n_iter=60).objective_history
    assert l1_losses[-1] > 1e6 * l1_losses[0]


def test_the_l2_bound_is_where_its_iteration_stops_converging():
    alpha = DEFAULTS["alpha"]
    X, y, _, _, l2_bound = _curvature_and_bounds(alpha)
    refused = run("train", "--penalty", "l2", "--lr", f"{1.01 * l2_bound:.6f}")
    assert refused.returncode == 2 and "2/(L - 2*alpha) = 2.77" in refused.stderr
    with np.errstate(all="ignore"):  # the refusal is not over-cautious: just above, the loss explodes ...
        above = gradient_descent(X, y, alpha, penalty="l2", lr=1.01 * l2_bound, n_iter=3000).objective_history
    below = gradient_descent(X, y, alpha, penalty="l2", lr=0.99 * l2_bound, n_iter=3000).objective_history
    assert above[-1] > 1e6 * above[0]
    assert below[-1] < below[0] and np.all(np.diff(below) <= 1e-12)  # ... and just below, it still descends


def test_json_weights_converge_to_sklearn():
    out = run("train", "--json", "--epochs", "3000", "--lr", "0.5", "--alpha", "0.15")
    result = json.loads(out.stdout)
    X, y, _, _ = load("synthetic", 0)
    lasso = Lasso(alpha=0.15, tol=1e-14, max_iter=100_000).fit(X, y).coef_
    ridge_alpha = convert_alpha(0.15, penalty="l2", source="mse", target="sklearn", n_samples=len(y))
    ridge = Ridge(alpha=ridge_alpha).fit(X, y).coef_
    l1, l2 = (np.array(result["models"][k]["weights"]) for k in ("l1", "l2"))
    np.testing.assert_allclose(l1, lasso, atol=1e-9)
    np.testing.assert_array_equal(l1 == 0, lasso == 0)
    np.testing.assert_allclose(l2, ridge, rtol=1e-9)
    assert result["models"]["l1"]["exact_zeros"] == int(np.sum(lasso == 0)) >= 1
    assert result["models"]["l2"]["exact_zeros"] == 0


def test_loss_never_increases_at_the_default_step():
    result = json.loads(run("train", "--json", "--data", "diabetes", "--epochs", "50").stdout)
    for model in result["models"].values():
        assert np.all(np.diff(model["losses"]) <= 1e-9)


def test_single_penalty_and_long_runs_print_at_most_twenty_epochs():
    out = run("train", "--penalty", "l1", "--epochs", "500")
    epochs = [line for line in out.stdout.splitlines() if line.startswith("Epoch")]
    assert len(epochs) == 20 and epochs[-1].startswith("Epoch 500/500")
    assert "L2 Weights" not in out.stdout


def test_help_explains_every_option():
    out = run("train", "--help")
    assert out.returncode == 0
    for option in ("--penalty", "--alpha", "--epochs", "--lr", "--seed", "--data", "--json"):
        assert option in out.stdout
    text = " ".join(out.stdout.split())  # argparse wraps lines
    assert "'auto' = 1/L" in text and "(default: auto)" in text and "2/(L - 2*alpha)" in text


@pytest.mark.parametrize(
    "args, words",
    [
        (["train", "--alpha", "-1"], "--alpha"),
        (["train", "--alpha", "nan"], "--alpha"),
        (["train", "--epochs", "0"], "--epochs"),
        (["train", "--epochs", "ten"], "--epochs"),
        (["train", "--lr", "5"], "too large"),
        (["train", "--lr", "100", "--penalty", "l2"], "2/(L - 2*alpha)"),
        (["train", "--lr", "0"], "--lr"),
        (["train", "--lr", "abc"], "--lr"),
        (["train", "--lr", "-1"], "--lr"),
        (["train", "--lr", "inf"], "--lr"),
        (["train", "--penalty", "l3"], "--penalty"),
        (["train", "--data", "iris"], "--data"),
        (["train", "--seed", "x"], "--seed"),
        (["fly"], "invalid choice"),
        ([], "required"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, words):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and words in out.stderr


def test_synthetic_runs_start_without_scikit_learn():
    """scikit-learn takes about 0.9 s to import; a run on synthetic data (the default) does not need it."""
    code = "import sys; from helpers.cli import main; main(['train', '--epochs', '1']); print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
