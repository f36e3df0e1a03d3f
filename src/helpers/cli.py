"""``python -m helpers train``: the source article's "CLI Output Sample", computed for real.

Trains linear models by full-batch (proximal) gradient descent on
``(1 / (2 n)) ||y - X w - b||^2 + alpha * P(w)``, one per penalty of :data:`helpers.penalties.REGISTRY`
asked for (``--penalty l1 l2``, the default, is the source article's pair; ``--penalty all`` adds the Elastic Net,
whose mix ``--l1-ratio`` sets), and prints the loss after every epoch, then the weights. One epoch is one
gradient step that uses every training sample once. For the Elastic Net,
``P(w) = r ||w||_1 + (1 - r)/2 ||w||_2^2``, so the objective is scikit-learn's ``ElasticNet`` with the
same ``alpha``.

The step size comes from the data. With ``L`` the largest eigenvalue of ``Xc^T Xc / n`` (``Xc``: the
centred features), the curvature of the data term, ``--lr auto`` (the default) takes ``lr = 1 / L``,
the textbook step of proximal gradient descent: the loss decreases at every epoch and the weights
converge. A number is accepted too, and refused (exit status 2, one line) when the iteration asked for
cannot be trusted to converge. Every registered penalty is ``P(w) = a ||w||_1 + b/2 ||w||_2^2``
(``l1_weight`` a, ``l2_weight`` b: L1 1 and 0, L2 0 and 2, Elastic Net r and 1 - r), and the proximal step
handles all of ``alpha P``, which is ``alpha b``-strongly convex. The step's own objective is then
``(1/lr + alpha b)``-strongly convex; adding that to the data term's quadratic upper bound gives

    F(w_k) - F(w_{k+1}) >= (1/lr + alpha b / 2 - L / 2) ||w_{k+1} - w_k||^2,

so the loss never rises for ``lr < 2 / (L - alpha b)`` (for every ``lr`` when ``L <= alpha b``), and each
penalty is refused from its own bound on:

* L1 (b = 0): ``2 / L``. Below it the loss never rises, no more is promised here; at ``lr >= 2 / L``
  nothing is guaranteed and the run can diverge (on the synthetic data it does).
* L2 (b = 2): ``2 / (L - 2 alpha)``, the exact edge: the iteration ``w <- (w - lr * grad) / (1 + 2 lr alpha)``
  is linear, with the factors ``(1 - lr * lambda) / (1 + 2 lr alpha)`` over the eigenvalues ``lambda`` of
  ``Xc^T Xc / n``, so it diverges from there on.
* Elastic Net (b = 1 - r): ``2 / (L - alpha (1 - r))``. Below it the objective, strongly convex, falls at
  every epoch by at least the amount above, so the steps shrink to 0 and the weights converge to the
  minimizer. Beyond it nothing is guaranteed: once the signs settle the iteration is linear on the
  non-zero weights ``S``, with factors ``(1 - lr * lambda) / (1 + lr alpha (1 - r))`` over the eigenvalues
  of ``X_S^T X_S / n``; it diverges there when the steepest direction of the data lies in ``S``, and
  otherwise may still converge (on the synthetic data it does at lr = 2.0, and diverges at 2.1).

With several penalties the tightest of their bounds applies (L1's, ``2 / L``, when it is among them).
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from .penalties import REGISTRY, Penalty, get_penalty
from .solvers import gradient_descent

# .data (which imports scikit-learn, the slow part of start-up) is imported in load(), so that a
# mistyped option is reported at once instead of after a second of imports.

DEFAULTS = {"penalty": ["l1", "l2"], "l1_ratio": 0.5, "alpha": 0.2, "epochs": 20, "lr": "auto", "seed": 0}
ALL = "all"  # --penalty all: every penalty of the registry
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


def _l1_ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}") from None
    if not 0 <= value <= 1:  # also refuses nan
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1] (1: the Lasso, 0: ridge), got {text!r}")
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


def penalty_formula(penalty: Penalty) -> str:
    """``P(w)`` written from the registry's weights: ``||w||_1``, ``||w||^2``, ``0.5*||w||_1 + 0.25*||w||^2``."""
    terms = []
    for weight, norm in ((penalty.l1_weight, "||w||_1"), (penalty.l2_weight / 2, "||w||^2")):
        if weight:
            terms.append(norm if weight == 1 else f"{weight:g}*{norm}")
    return " + ".join(terms) or "0"


def bound_formula(penalty: Penalty) -> str:
    """The step bound of ``penalty`` as a formula: ``2/L``, ``2/(L - 2*alpha)``, ``2/(L - 0.5*alpha)``."""
    b = penalty.l2_weight
    return "2/L" if b == 0 else f"2/(L - {b:g}*alpha)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m helpers", description="Tools of the L1 vs L2 regularization course.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    penalties = "; ".join(f"{key}: {p.label}, P(w) = {penalty_formula(p)}" for key, p in REGISTRY.items())
    train = commands.add_parser(
        "train",
        help="train L1, L2 (and Elastic Net) linear models by gradient descent and print the training log",
        description=(
            "Train linear models by full-batch proximal gradient descent on "
            f"(1/(2n))*||y - Xw - b||^2 + alpha*P(w), one per penalty asked for ({penalties}). "
            "The proximal step of a penalty with an L1 part (soft-thresholding) sets weights to exact zeros."
        ),
        epilog=(
            "Step size: L is the largest eigenvalue of Xc^T Xc / n, b the penalty's L2 weight in "
            "P(w) = a*||w||_1 + b/2*||w||^2. Below 2/(L - b*alpha) (every lr if L <= b*alpha) the loss of the run "
            "never increases from one epoch to the next; the default 1/L is the textbook step, with which every run "
            "converges. At or above that bound a run is refused: "
            + "; ".join(f"{key} from {bound_formula(p)}" for key, p in REGISTRY.items())
            + " (at --l1-ratio 0.5). Beyond its bound the L1 run can diverge, and the L2 run does."
        ),
    )
    train.add_argument(
        "--penalty",
        nargs="+",
        choices=(*REGISTRY, ALL),
        default=DEFAULTS["penalty"],
        metavar="PENALTY",
        help=f"which model(s) to train, one or more of {', '.join(REGISTRY)}, or {ALL} "
        f"(default: {' '.join(DEFAULTS['penalty'])})",
    )
    train.add_argument(
        "--l1-ratio",
        type=_l1_ratio,
        default=None,
        help="the Elastic Net's mix r in [0, 1]: P(w) = r*||w||_1 + (1-r)/2*||w||^2 (1: the Lasso, 0: ridge); "
        f"only with elasticnet among the penalties (default: {DEFAULTS['l1_ratio']})",
    )
    train.add_argument("--alpha", type=_nonnegative_float, default=DEFAULTS["alpha"], help="penalty strength alpha >= 0 (default: %(default)s)")
    train.add_argument("--epochs", type=_positive_int, default=DEFAULTS["epochs"], help="number of epochs, each one full-batch step (default: %(default)s)")
    train.add_argument(
        "--lr",
        type=_step,
        default=DEFAULTS["lr"],
        help="step size: 'auto' = 1/L, with L the largest eigenvalue of Xc^T Xc / n (the data term's curvature), "
        "or a number below each run's bound 2/(L - b*alpha), b the penalty's L2 weight (see below) (default: %(default)s)",
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


def step_bound(penalty: Penalty, curvature: float, alpha: float) -> float:
    """The step size from which ``penalty``'s run is refused: ``2 / (L - alpha b)``, b its ``l2_weight``.

    ``curvature`` is ``L``, the largest eigenvalue of ``Xc^T Xc / n``. ``inf`` means every step is
    accepted (``L <= alpha b``, e.g. constant features, ``L = 0``). See the module docstring for what
    holds below the bound for each penalty.
    """
    margin = curvature - alpha * penalty.l2_weight
    return 2 / margin if margin > 0 else np.inf


def step_bounds(curvature: float, alpha: float, penalties=None) -> dict:
    """``{key: step_bound}`` for ``penalties`` (default: the whole registry), e.g. ``{"l1": 2/L, "l2": 2/(L - 2 alpha), ...}``."""
    penalties = REGISTRY.values() if penalties is None else penalties
    return {p.key: step_bound(p, curvature, alpha) for p in penalties}


def _check_step(lr: float, penalties: list[Penalty], curvature: float, alpha: float) -> None:
    """Refuse a step with which an asked-for run cannot be trusted to converge (see the module docstring)."""
    bounds = step_bounds(curvature, alpha, penalties)
    tightest = min(penalties, key=lambda p: bounds[p.key])
    if lr < bounds[tightest.key]:
        return
    reason = (
        f"the {tightest.key.upper()} run can diverge for lr >= {bound_formula(tightest)} = {bounds[tightest.key]:.3g} "
        f"(L = {curvature:.3g}, alpha = {alpha:g})"
    )
    others = [p for p in penalties if p is not tightest]
    if others:
        listed = "; ".join(
            f"{p.key.upper()}'s: {bound_formula(p)} = {bounds[p.key]:.3g}"
            if np.isfinite(bounds[p.key])
            else f"{p.key.upper()}'s: none, since L <= {p.l2_weight:g}*alpha"
            for p in others
        )
        reason += f", the tightest of the bounds ({listed})"
    asked = " ".join(p.key for p in penalties)
    raise ValueError(f"--lr {lr:g} is too large for --penalty {asked} on these data: {reason}; try --lr auto (1/L)")


def chosen_penalties(keys, l1_ratio) -> list[Penalty]:
    """The registry entries ``--penalty`` asks for, in registry order, the Elastic Net with ``--l1-ratio``.

    ``l1_ratio`` is None when ``--l1-ratio`` was not given (then the default 0.5); given without the
    Elastic Net among the penalties it would have no effect, which is refused rather than ignored.
    """
    wanted = set(REGISTRY) if ALL in keys else set(keys)
    penalties = [get_penalty(key, l1_ratio=DEFAULTS["l1_ratio"] if l1_ratio is None else l1_ratio) for key in REGISTRY if key in wanted]
    if l1_ratio is not None and not any(p.l1_ratio is not None for p in penalties):
        raise ValueError(
            f"--l1-ratio {l1_ratio:g} sets the Elastic Net's mix, but --penalty {' '.join(keys)} trains no Elastic Net; "
            "add elasticnet to --penalty (or use all), or leave --l1-ratio out"
        )
    return penalties


def train(args) -> dict:
    penalties = chosen_penalties(args.penalty, args.l1_ratio)  # before load(): a refused option fails at once
    X, y, names, true_coef = load(args.data, args.seed)
    Xc = X - X.mean(axis=0)
    curvature = float(np.linalg.norm(Xc, 2) ** 2 / len(y))  # L: largest eigenvalue of Xc^T Xc / n
    lr = (1 / curvature if curvature > 0 else 1.0) if args.lr == "auto" else args.lr
    _check_step(lr, penalties, curvature, args.alpha)
    models = {}
    for penalty in penalties:
        fit = gradient_descent(X, y, args.alpha, penalty=penalty, step="proximal", lr=lr, n_iter=args.epochs)
        models[penalty.key] = {
            "label": penalty.label,
            "penalty": penalty_formula(penalty),
            "l1_ratio": penalty.l1_ratio,  # the Elastic Net's mix; None for the other penalties
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
        "lr_bounds": {k: (b if np.isfinite(b) else None) for k, b in step_bounds(curvature, args.alpha, penalties).items()},
        "objective": "(1/(2n))*||y - Xw - b||^2 + alpha*P(w)",
        "models": models,
    }


def print_log(result: dict, out=sys.stdout) -> None:
    for key, model in result["models"].items():
        step = f"lr=1/L={result['lr']:.3g}" if result.get("lr_rule", "").startswith("auto") else f"lr={result['lr']:g}"
        mix = "" if model.get("l1_ratio") is None else f", l1_ratio={model['l1_ratio']:g}"
        print(f"Training Model... ({key.upper()}{mix}, alpha={result['alpha']:g}, {step}, {result['data']} data)", file=out)
        n = len(model["losses"])
        shown = set(np.linspace(1, n, min(n, MAX_LOG_LINES)).round().astype(int))
        for k, loss in enumerate(model["losses"], start=1):
            if k in shown:
                print(f"Epoch {k}/{n} Loss: {loss:.2f}", file=out)
    for key, model in result["models"].items():
        print(f"{key.upper()} Weights: {format_weights(model['weights'])}", file=out)


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
