"""`python -m helpers train` as a user runs it: a real subprocess, checked against scikit-learn."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from helpers.cli import DEFAULTS, load
from helpers.penalties import REGISTRY, convert_alpha, get_penalty
from helpers.solvers import elastic_net, elastic_net_duality_gap, elastic_net_objective, gradient_descent


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
    # the source article's sample: `train --epochs 5`; with the old default step 0.1 it printed
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
    # the L1 run at the same step is refused, alone or with L2 (the default pair), and rightly: run anyway, it blows up
    for penalties in (["l1"], ["l1", "l2"], ["l2", "l1"]):
        refused = run("train", "--penalty", *penalties, "--lr", f"{lr:.6f}")
        assert refused.returncode == 2 and refused.stdout == "" and len(refused.stderr.strip().splitlines()) == 1
        assert "--lr" in refused.stderr and f"--penalty {' '.join(sorted(penalties))}" in refused.stderr
        assert "the L1 run can diverge for lr >= 2/L = 1.78" in refused.stderr
    assert "the tightest of the bounds (L2's: 2/(L - 2*alpha) = 2.77)" in refused.stderr
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
    for option in ("--penalty", "--l1-ratio", "--alpha", "--epochs", "--lr", "--seed", "--data", "--json"):
        assert option in out.stdout
    text = " ".join(out.stdout.split())  # argparse wraps lines
    assert "'auto' = 1/L" in text and "(default: auto)" in text and "2/(L - 2*alpha)" in text
    assert all(key in text for key in REGISTRY) and "or all (default: l1 l2)" in text
    assert "2/(L - 0.5*alpha)" in text and "r*||w||_1 + (1-r)/2*||w||^2" in text


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
        (["train", "--penalty", "both"], "--penalty"),
        (["train", "--penalty"], "--penalty"),
        (["train", "--penalty", "l0.5"], "--penalty"),  # drawn only: not a choice
        (["train", "--penalty", "elasticnet", "--l1-ratio", "-0.1"], "--l1-ratio"),
        (["train", "--penalty", "elasticnet", "--l1-ratio", "1.5"], "--l1-ratio"),
        (["train", "--penalty", "elasticnet", "--l1-ratio", "abc"], "--l1-ratio"),
        (["train", "--penalty", "elasticnet", "--l1-ratio", "nan"], "--l1-ratio"),
        (["train", "--l1-ratio", "0.3"], "--l1-ratio"),  # no Elastic Net among the penalties: refused, not ignored
        (["train", "--penalty", "l1", "--l1-ratio", "0.5"], "add elasticnet"),
        (["train", "--penalty", "elasticnet", "--lr", "1.96"], "2/(L - 0.5*alpha) = 1.96"),
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


def test_a_bad_option_fails_before_scikit_learn_is_imported():
    # argparse rejects the option before load() runs, so the slow import never happens; so does the
    # --l1-ratio refusal, checked before the data are loaded
    for args in (["train", "--alpha", "-1"], ["train", "--l1-ratio", "0.3", "--data", "diabetes"]):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys\nfrom helpers.cli import main\n"
                f"try:\n    code = main({args!r})\nexcept SystemExit as exc:\n    code = exc.code\nprint(code, 'sklearn' in sys.modules)\n",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.stdout.split() == ["2", "False"], out.stderr


def test_every_error_line_has_the_same_form():
    # argparse's refusals and the command's own (the step bound per penalty, --l1-ratio without an Elastic Net) read alike
    for args in (
        ["train", "--alpha", "-1"],
        ["train", "--lr", "abc"],
        ["train", "--lr", "5"],
        ["train", "--lr", "5", "--penalty", "l2"],
        ["train", "--l1-ratio", "2", "--penalty", "all"],
        ["train", "--l1-ratio", "0.2"],
    ):
        out = run(*args)
        assert out.returncode == 2
        assert out.stderr.startswith("python -m helpers train: error: ")
        assert out.stderr.rstrip().endswith("(see --help)")


# ----------------------------------------------------------------------------- the Elastic Net run
def test_penalty_all_trains_every_registered_penalty():
    out = run("train", "--penalty", "all", "--epochs", "5")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    headers = [line for line in lines if line.startswith("Training Model...")]
    assert [h.split(" (")[1].split(",")[0] for h in headers] == [key.upper() for key in REGISTRY] == ["L1", "L2", "ELASTICNET"]
    assert "l1_ratio=0.5, alpha=0.2" in headers[2]
    assert len([line for line in lines if line.startswith("Epoch")]) == 15
    assert [line.split(" Weights: ")[0] for line in lines if " Weights: " in line] == ["L1", "L2", "ELASTICNET"]
    result = json.loads(run("train", "--json", "--penalty", "all", "--epochs", "5").stdout)
    assert list(result["models"]) == list(result["lr_bounds"]) == list(REGISTRY)
    assert result["models"]["elasticnet"]["penalty"] == "0.5*||w||_1 + 0.25*||w||^2"
    assert result["models"]["elasticnet"]["l1_ratio"] == 0.5 and result["models"]["l1"]["l1_ratio"] is None
    # the same runs as the default pair, whatever else is trained beside them
    pair = json.loads(run("train", "--json", "--epochs", "5").stdout)
    assert list(pair["models"]) == ["l1", "l2"] and all(pair["models"][k] == result["models"][k] for k in pair["models"])


def _enet_optimum(X, y, alpha, l1_ratio):
    return elastic_net(X, y, alpha, l1_ratio=l1_ratio, tol=1e-15)


@pytest.mark.parametrize("l1_ratio", [None, 0.2, 0.8])
def test_elastic_net_run_converges_to_the_elastic_net_optimum(l1_ratio):
    # the command's objective (1/(2n)) RSS + alpha (r ||w||_1 + (1 - r)/2 ||w||^2) is ElasticNet's, same alpha
    args = ["train", "--json", "--penalty", "elasticnet", "--epochs", "300", "--alpha", "0.15"]
    args += [] if l1_ratio is None else ["--l1-ratio", str(l1_ratio)]
    out = run(*args)
    assert out.returncode == 0, out.stderr
    model = json.loads(out.stdout)["models"]["elasticnet"]
    r = DEFAULTS["l1_ratio"] if l1_ratio is None else l1_ratio
    assert model["l1_ratio"] == r and model["label"] == get_penalty("elasticnet", l1_ratio=r).label
    X, y, _, _ = load("synthetic", DEFAULTS["seed"])
    opt = _enet_optimum(X, y, 0.15, r)
    weights = np.array(model["weights"])
    # how far the command's weights can be from the optimum, from duality gaps: the objective is
    # mu-strongly convex, mu = smallest eigenvalue of Xc^T Xc / n plus alpha (1 - r), so ||w - w*||^2 <= 2 gap / mu,
    # for the command's weights and for the solver's; each gap is exact only up to the rounding of the
    # objective (some 1e-16 relative: a gap can even come out as 0), so 1e-14 relative is added to both
    optimum = elastic_net_objective(X, y, opt.coef, opt.intercept, 0.15, l1_ratio=r)
    mu = np.linalg.eigvalsh(np.cov(X, rowvar=False, bias=True)).min() + 0.15 * (1 - r)
    gaps = [elastic_net_duality_gap(X, y, weights, 0.15, l1_ratio=r), opt.duality_gap]
    radius = sum(np.sqrt(2 * (gap + 1e-14 * optimum) / mu) for gap in gaps)
    assert np.linalg.norm(weights - opt.coef) <= radius < 1e-6
    np.testing.assert_array_equal(weights == 0, opt.coef == 0)
    assert abs(model["losses"][-1] - optimum) < 1e-12 * optimum
    assert model["intercept"] == pytest.approx(opt.intercept, abs=1e-9)
    # and scikit-learn agrees at the same alpha
    sk = ElasticNet(alpha=0.15, l1_ratio=r, tol=1e-12, max_iter=1_000_000).fit(X, y).coef_
    np.testing.assert_allclose(weights, sk, atol=1e-8)


def test_the_default_elastic_net_log_shows_an_exact_zero_between_l1_and_l2():
    # at the default alpha = 0.2, l1_ratio = 0.5: x2 exactly 0 (as for L1), x3 small but kept (as for L2)
    out = run("train", "--penalty", "all")
    assert out.returncode == 0, out.stderr
    zeros = {key: _printed_weights(out.stdout, key.upper()).count("0.0") for key in REGISTRY}
    assert zeros == {"l1": 2, "l2": 0, "elasticnet": 1}
    enet = _printed_weights(out.stdout, "ELASTICNET")
    X, y, _, true_w = load("synthetic", DEFAULTS["seed"])
    opt = _enet_optimum(X, y, DEFAULTS["alpha"], DEFAULTS["l1_ratio"]).coef
    assert [v == "0.0" for v in enet] == list(opt == 0) == [False, False, True, False]
    assert abs(opt[3]) > 1e-3  # plainly non-zero at the optimum too: not a zero the log has yet to reach


def test_elastic_net_step_bound_is_2_over_L_minus_its_curvature():
    alpha, r = DEFAULTS["alpha"], DEFAULTS["l1_ratio"]
    X, y, L, l1_bound, _ = _curvature_and_bounds(alpha)
    enet_bound = 2 / (L - alpha * (1 - r))  # the penalty alpha (1 - r)/2 ||w||^2 adds curvature alpha (1 - r)
    assert l1_bound < 1.9 < enet_bound and round(enet_bound, 2) == 1.96
    # between 2/L and its bound the Elastic Net run is accepted, its loss falls at every epoch, and it converges
    out = run("train", "--json", "--penalty", "elasticnet", "--lr", "1.9", "--epochs", "300")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["lr_bounds"] == {"elasticnet": pytest.approx(enet_bound, rel=1e-12)}
    model = result["models"]["elasticnet"]
    assert np.all(np.diff(model["losses"]) <= 1e-12)
    np.testing.assert_allclose(model["weights"], _enet_optimum(X, y, alpha, r).coef, atol=1e-7)
    # the guaranteed decrease per epoch, (1/lr + alpha (1 - r)/2 - L/2) ||step||^2, holds at every epoch
    fit = gradient_descent(X, y, alpha, penalty=get_penalty("elasticnet", l1_ratio=r), lr=1.9, n_iter=50)
    guaranteed = (1 / 1.9 + alpha * (1 - r) / 2 - L / 2) * np.sum(np.diff(fit.coef_history, axis=0) ** 2, axis=1)
    assert np.all(-np.diff(fit.objective_history) >= guaranteed - 1e-12) and guaranteed[0] > 0
    # the L1 run at the same step is refused; the Elastic Net run from its own bound on
    assert run("train", "--penalty", "l1", "--lr", "1.9").returncode == 2
    refused = run("train", "--penalty", "elasticnet", "--lr", f"{1.001 * enet_bound:.6f}")
    assert refused.returncode == 2 and "the ELASTICNET run can diverge for lr >= 2/(L - 0.5*alpha) = 1.96" in refused.stderr
    # and rightly: further out the run does diverge (at 2.28, where the L2 run still converges)
    with np.errstate(all="ignore"):
        losses = gradient_descent(X, y, alpha, penalty="elasticnet", lr=2.28, n_iter=200).objective_history
    assert losses[-1] > 1e6 * losses[0]
    # a smaller l1_ratio, more L2 curvature: a larger bound, 2/(L - 0.8 alpha) at l1_ratio = 0.2
    small = json.loads(run("train", "--json", "--penalty", "elasticnet", "--l1-ratio", "0.2", "--epochs", "1").stdout)
    assert small["lr_bounds"]["elasticnet"] == pytest.approx(2 / (L - 0.8 * alpha), rel=1e-12)
