"""``python -m helpers train``: the guide's "CLI Output Sample", computed for real.

Trains an L1 and an L2 linear model by full-batch (proximal) gradient descent on
``(1 / (2 n)) ||y - X w - b||^2 + alpha * P(w)`` and prints the loss after every epoch, then the
weights. One epoch is one gradient step that uses every training sample once.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from .solvers import gradient_descent

# .data (which imports scikit-learn, the slow part of start-up) is imported in load(), so that a
# mistyped option is reported at once instead of after a second of imports.

DEFAULTS = {"alpha": 0.2, "epochs": 20, "lr": 0.1, "seed": 0}
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
    )
    train.add_argument("--penalty", choices=("l1", "l2", "both"), default="both", help="which model(s) to train (default: both)")
    train.add_argument("--alpha", type=_nonnegative_float, default=DEFAULTS["alpha"], help="penalty strength alpha >= 0 (default: %(default)s)")
    train.add_argument("--epochs", type=_positive_int, default=DEFAULTS["epochs"], help="number of epochs, each one full-batch step (default: %(default)s)")
    train.add_argument("--lr", type=_positive_float, default=DEFAULTS["lr"], help="step size; must be below 2/L, L the curvature of the data term (default: %(default)s)")
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


def train(args) -> dict:
    X, y, names, true_coef = load(args.data, args.seed)
    penalties = ["l1", "l2"] if args.penalty == "both" else [args.penalty]
    Xc = X - X.mean(axis=0)
    curvature = np.linalg.norm(Xc, 2) ** 2 / len(y)
    if args.lr >= 2 / curvature:  # beyond 2/L every gradient step overshoots further: the loss explodes
        raise ValueError(f"--lr {args.lr:g} is too large for these data: gradient descent diverges for lr >= 2/L = {2 / curvature:.3g}")
    models = {}
    for penalty in penalties:
        fit = gradient_descent(X, y, args.alpha, penalty=penalty, step="proximal", lr=args.lr, n_iter=args.epochs)
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
        "lr": args.lr,
        "objective": "(1/(2n))*||y - Xw - b||^2 + alpha*P(w)",
        "models": models,
    }


def print_log(result: dict, out=sys.stdout) -> None:
    for penalty, model in result["models"].items():
        print(f"Training Model... ({penalty.upper()}, alpha={result['alpha']:g}, {result['data']} data)", file=out)
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
