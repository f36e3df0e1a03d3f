"""`python -m helpers train` as a user runs it: a real subprocess, checked against scikit-learn."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn.linear_model import Lasso, Ridge

from helpers.cli import load
from helpers.penalties import convert_alpha


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


@pytest.mark.parametrize(
    "args, words",
    [
        (["train", "--alpha", "-1"], "--alpha"),
        (["train", "--alpha", "nan"], "--alpha"),
        (["train", "--epochs", "0"], "--epochs"),
        (["train", "--epochs", "ten"], "--epochs"),
        (["train", "--lr", "5"], "too large"),
        (["train", "--lr", "0"], "--lr"),
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
