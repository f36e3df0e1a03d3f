"""``python -m helpers train``: the guide's "CLI Output Sample", computed for real.

Trains an L1 and an L2 linear model by full-batch (proximal) gradient descent on
``(1 / (2 n)) ||y - X w - b||^2 + alpha * P(w)`` and prints the loss after every epoch, then the
weights. One epoch is one gradient step that uses every training sample once.

The step size comes from the data. With ``L`` the largest eigenvalue of ``Xc^T Xc / n`` (``Xc``: the
centred features), the curvature of the data term, ``--lr auto`` (the default) takes ``lr = 1 / L``,
the textbook step of proximal gradient descent: the loss decreases at every epoch and the weights
converge. A number is accepted too, and refused (exit status 2, one line) only when the iteration
asked for cannot be trusted to converge:

* L1, ``w <- soft_threshold(w - lr * grad, lr * alpha)``: any ``lr < 2 / L`` still lowers the loss
  at every epoch (by at least ``(1 / lr - L / 2) ||step||^2``); at ``lr >= 2 / L`` nothing is
  guaranteed and the run can diverge (on the synthetic data it does), so it is refused.
* L2, ``w <- (w - lr * grad) / (1 + 2 lr alpha)``: a linear iteration whose matrix has the eigenvalues
  ``(1 - lr * lambda) / (1 + 2 lr alpha)`` over the eigenvalues ``lambda`` of ``Xc^T Xc / n``; it
  converges (with a decreasing loss) exactly when ``lr < 2 / (L - 2 alpha)``, for every ``lr`` when
  ``L <= 2 alpha``.

With ``--penalty both`` the tighter bound, L1's, applies.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from .solvers import gradient_descent

# .data (which imports scikit-learn, the slow part of start-up) is imported in load(), so that a
# mistyped option is reported at once instead of after a second of imports.

DEFAULTS = {"alpha": 0.2, "epochs": 20, "lr": "auto", "seed": 0}
MAX_LOG_LINES = 20  # longer runs print evenly spaced epochs


def format_weight(w: float) -> str:
    """Exact zeros print as ``0.0``; anything else keeps enough digits never to look like zero."""
    if w == 0:
        return "0.0"
    return f"{w:.2f}" if abs(w) >= 0.005 else f"{w:.1e}"


def format_weights(ws) -> str:
    return "[" + ", ".join(format_weight(float(w)) for w in ws) + "]"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (exit status 2), with no usage dump."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not np.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def _step(text: str):
    """``--lr``: the word ``auto`` (1/L, computed from the data in :func:`train`) or a number > 0."""
    if text.strip().lower() == "auto":
        return "auto"
    try:
        return _positive_float(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected 'auto' or a number > 0, got {text!r}") from None


def _nonnegative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not np.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m helpers", description="Tools of the L1 vs L2 regularization course.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser(
        "train",
        help="train L1 and L2 linear models by gradient descent and print the training log",
        description=(
            "Train linear models by full-batch (proximal) gradient descent on "
            "(1/(2n))*||y - Xw - b||^2 + alpha*P(w), with P(w) = sum|w_j| (L1) or sum w_j^2 (L2). "
            "L1 uses the proximal (soft-threshold) step, which sets weights to exact zeros."
        ),
        epilog=(
            "Step size: L is the largest eigenvalue of Xc^T Xc / n. Below 2/L the loss of either run never increases "
            "from one epoch to the next; the default 1/L is the textbook step, with which both runs converge. At "
            "lr >= 2/L nothing is guaranteed for the L1 run (it can diverge), so it is refused; the L2 run converges "
            "for every lr < 2/(L - 2*alpha) (every lr if L <= 2*alpha)."
        ),
    )
    train.add_argument("--penalty", choices=("l1", "l2", "both"), default="both", help="which model(s) to train (default: both)")
    train.add_argument("--alpha", type=_nonnegative_float, default=DEFAULTS["alpha"], help="penalty strength alpha >= 0 (default: %(default)s)")
    train.add_argument("--epochs", type=_positive_int, default=DEFAULTS["epochs"], help="number of epochs, each one full-batch step (default: %(default)s)")
    train.add_argument(
        "--lr",
        type=_step,
        default=DEFAULTS["lr"],
        help="step size: 'auto' = 1/L, with L the largest eigenvalue of Xc^T Xc / n (the data term's curvature), "
        "or a number; the L1 run needs lr < 2/L, the L2 run lr < 2/(L - 2*alpha) (default: %(default)s)",
    )
    train.add_argument("--seed", type=_int, default=DEFAULTS["seed"], help="seed of the synthetic data (default: %(default)s)")
    train.add_argument(
        "--data",
        choices=("synthetic", "diabetes"),
        default="synthetic",
        help="synthetic: 100 samples, 4 standardized features, true weights with two zeros; "
        "diabetes: scikit-learn's 442 patients, 10 standardized features (default: synthetic)",
    )
    train.add_argument("--json", action="store_true", help="print one JSON object instead of the log")
    return parser


def load(data: str, seed: int):
    """The training data: ``X`` standardized column by column, ``y`` and the feature names."""
    from .data import load_diabetes_data, make_regression_data

    if data == "diabetes":
        X, y, _, names = load_diabetes_data(standardize=True)
        return X, y, list(names), None
    X, y, coef, names = make_regression_data(100, 4, n_informative=2, noise=1.0, seed=seed)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, y, list(names), coef


def step_bounds(curvature: float, alpha: float) -> dict:
    """The step sizes below which each penalty's iteration converges: ``{"l1": 2/L, "l2": 2/(L - 2 alpha)}``.

    ``curvature`` is ``L``, the largest eigenvalue of ``Xc^T Xc / n``. A bound of ``inf`` means every
    step converges (L2 when ``L <= 2 alpha``; both when the features are constant and ``L = 0``).
    """
    l1 = 2 / curvature if curvature > 0 else np.inf
    l2 = 2 / (curvature - 2 * alpha) if curvature > 2 * alpha else np.inf
    return {"l1": l1, "l2": l2}


def _check_step(lr: float, penalty: str, curvature: float, alpha: float) -> None:
    """Refuse a step with which the asked-for run cannot be trusted to converge (see the module docstring)."""
    bounds = step_bounds(curvature, alpha)
    rules = {  # why each bound: see the module docstring
        "l1": f"the L1 run can diverge for lr >= 2/L = {bounds['l1']:.3g}",
        "l2": f"the L2 iteration diverges for lr >= 2/(L - 2*alpha) = {bounds['l2']:.3g}",
    }
    tighter = "l1" if penalty == "both" else penalty  # 2/L <= 2/(L - 2 alpha) for every alpha >= 0
    if lr < bounds[tighter]:
        return
    reason = f"{rules[tighter]} (L = {curvature:.3g}, alpha = {alpha:g})"
    if penalty == "both":
        other = f"2/(L - 2*alpha) = {bounds['l2']:.3g}" if np.isfinite(bounds["l2"]) else "none, since L <= 2*alpha"
        reason += f", the tighter of the two bounds (L2's: {other})"
    raise ValueError(f"--lr {lr:g} is too large for --penalty {penalty} on these data: {reason}; try --lr auto (1/L)")


def train(args) -> dict:
    X, y, names, true_coef = load(args.data, args.seed)
    penalties = ["l1", "l2"] if args.penalty == "both" else [args.penalty]
    Xc = X - X.mean(axis=0)
    curvature = float(np.linalg.norm(Xc, 2) ** 2 / len(y))  # L: largest eigenvalue of Xc^T Xc / n
    lr = (1 / curvature if curvature > 0 else 1.0) if args.lr == "auto" else args.lr
    _check_step(lr, args.penalty, curvature, args.alpha)
    models = {}
    for penalty in penalties:
        fit = gradient_descent(X, y, args.alpha, penalty=penalty, step="proximal", lr=lr, n_iter=args.epochs)
        models[penalty] = {
            "weights": fit.coef.tolist(),
            "intercept": fit.intercept,
            "losses": fit.objective_history[1:].tolist(),
            "exact_zeros": int(np.sum(fit.coef == 0)),
        }
    return {
        "data": args.data,
        "n_samples": int(X.shape[0]),
        "features": names,
        "true_weights": None if true_coef is None else true_coef.tolist(),
        "alpha": args.alpha,
        "epochs": args.epochs,
        "lr": lr,
        "lr_rule": "auto: 1/L" if args.lr == "auto" else "given",
        "curvature": curvature,
        # the step each run must stay below; None: every step converges (JSON has no infinity)
        "lr_bounds": {p: (b if np.isfinite(b) else None) for p, b in step_bounds(curvature, args.alpha).items() if p in penalties},
        "objective": "(1/(2n))*||y - Xw - b||^2 + alpha*P(w)",
        "models": models,
    }


def print_log(result: dict, out=sys.stdout) -> None:
    for penalty, model in result["models"].items():
        step = f"lr=1/L={result['lr']:.3g}" if result.get("lr_rule", "").startswith("auto") else f"lr={result['lr']:g}"
        print(f"Training Model... ({penalty.upper()}, alpha={result['alpha']:g}, {step}, {result['data']} data)", file=out)
        n = len(model["losses"])
        shown = set(np.linspace(1, n, min(n, MAX_LOG_LINES)).round().astype(int))
        for k, loss in enumerate(model["losses"], start=1):
            if k in shown:
                print(f"Epoch {k}/{n} Loss: {loss:.2f}", file=out)
    for penalty, model in result["models"].items():
        print(f"{penalty.upper()} Weights: {format_weights(model['weights'])}", file=out)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = train(args)
    except ValueError as exc:
        # same form as argparse's own errors above, so every bad input reads alike
        print(f"python -m helpers {args.command}: error: {exc} (see --help)", file=sys.stderr)
        return 2
    try:
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            print_log(result)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader closed the pipe early (e.g. `| head`): not an error
        sys.stdout = None
    return 0
