"""Every figure the book draws more than once, in one style.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); L1 is always blue, L2 always vermillion. Each function takes an optional ``ax``
(or ``axes``), draws only there, and returns what it drew on; nothing touches pyplot's global
state except creating a new figure when no axes are given.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, Ellipse, Polygon

from .geometry import QuadraticLoss, constrained_solution

COLORS = {
    "l1": "#0072B2",  # blue
    "l2": "#D55E00",  # vermillion
    "ols": "#000000",
    "truth": "#009E73",  # bluish green
    "elasticnet": "#CC79A7",  # reddish purple
    "train": "#0072B2",
    "test": "#D55E00",
    "muted": "#999999",
}
# Okabe-Ito without its yellow (too faint on white); lines beyond the seventh change dash style
CYCLE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
LINESTYLES = ["-", "--", "-.", ":"]
LABELS = {"l1": "L1 (Lasso)", "l2": "L2 (Ridge)"}

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": plt.cycler(color=CYCLE),
    "figure.constrained_layout.use": True,
}


def use_style() -> None:
    """Apply the course style to every figure made afterwards (call once per notebook)."""
    plt.rcParams.update(STYLE)


def _axes(ax, figsize):
    if ax is not None:
        return ax.figure, ax
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


# ----------------------------------------------------------------------------- diamond vs circle
class ConstraintRegionPlot:
    """The diamond (L1) and the disc (L2) beside the loss contours, with both constrained optima.

    Each panel shows the region ``||w|| <= budget``, a few elliptical contours of the least-squares
    loss, its unconstrained minimum (black cross), the constrained minimum (filled dot) and the
    contour through it (thick line): the first contour that touches the region. Call
    :meth:`update` to move the loss or the budget; only the artists in :attr:`dynamic_artists`
    change, so it is fast.
    """

    def __init__(self, loss: QuadraticLoss, budget: float, *, axes=None, n_contours: int = 4, limit: float = 3.0):
        if axes is None:
            with plt.rc_context(STYLE):
                fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.0), sharex=True, sharey=True)
        self.fig, self.axes = axes[0].figure, axes
        self.n_contours = n_contours
        self.artists, self.dynamic_artists = [], []
        for ax, penalty in zip(axes, ("l1", "l2")):
            ax.set_xlim(-limit, limit)
            ax.set_ylim(-limit, limit)
            ax.set_aspect("equal")
            axis_lines = [ax.axhline(0, color=COLORS["muted"], lw=0.8), ax.axvline(0, color=COLORS["muted"], lw=0.8)]
            ax.set_xlabel(r"weight $w_1$")
            region = Polygon(np.zeros((4, 2)), closed=True) if penalty == "l1" else Circle((0, 0), 1.0)
            region.set(facecolor=COLORS[penalty], alpha=0.25, edgecolor=COLORS[penalty], lw=2)
            ax.add_patch(region)
            contours = [ax.add_patch(Ellipse((0, 0), 1, 1, fill=False, color=COLORS["muted"], lw=1)) for _ in range(n_contours)]
            touching = ax.add_patch(Ellipse((0, 0), 1, 1, fill=False, color=COLORS[penalty], lw=2.5))
            (center,) = ax.plot([], [], "x", color=COLORS["ols"], ms=10, mew=2.5, label="least squares")
            (optimum,) = ax.plot([], [], "o", color=COLORS[penalty], ms=9, mec="white", mew=1.5, label="constrained optimum")
            self.artists.append((penalty, region, contours, touching, center, optimum))
            # for blitting (Explorer(dynamic=...)): what update changes, plus the static artists a full
            # draw puts on top of them (the axis lines over the region, the legend over everything)
            self.dynamic_artists += [region, *contours, touching, *axis_lines, center, optimum, ax.title]
        axes[0].set_ylabel(r"weight $w_2$")
        self.dynamic_artists.append(axes[0].legend(loc="lower left", framealpha=0.9))
        self.update(loss, budget)

    def update(self, loss: QuadraticLoss, budget: float):
        """Redraw for a new loss and budget; returns the two constrained optima ``(w_l1, w_l2)``."""
        eigvals, eigvecs = np.linalg.eigh(loss.hessian)
        angle = np.degrees(np.arctan2(eigvecs[1, 0], eigvecs[0, 0]))
        optima = []
        for ax, (penalty, region, contours, touching, center, optimum) in zip(self.axes, self.artists):
            w = constrained_solution(loss, budget, penalty)
            optima.append(w)
            if penalty == "l1":
                region.set_xy(budget * np.array([[1, 0], [0, 1], [-1, 0], [0, -1]]))
            else:
                region.set_radius(budget)
            # the loss is L on an ellipse with semi-axes sqrt(2 L / eigenvalue) along the eigenvectors;
            # background contours sit at fixed fractions of the loss at w = 0, so they move with the loss
            reference = float(loss(np.zeros(2)))
            levels = [float(loss(w))] + [reference * ((k + 1) / (self.n_contours + 1)) ** 2 for k in range(self.n_contours)]
            for ellipse, level in zip([touching, *contours], levels):
                ellipse.set_center(loss.center)
                ellipse.set_width(2 * np.sqrt(2 * level / eigvals[0]))
                ellipse.set_height(2 * np.sqrt(2 * level / eigvals[1]))
                ellipse.set_angle(angle)
                ellipse.set_visible(level > 0)
            center.set_data([loss.center[0]], [loss.center[1]])
            optimum.set_data([w[0]], [w[1]])
            zeros = int(np.sum(w == 0))
            name = "L1: diamond $|w_1|+|w_2| \\leq t$" if penalty == "l1" else "L2: disc $w_1^2+w_2^2 \\leq t^2$"
            ax.set_title(f"{name}\n$w$ = ({w[0]:.2f}, {w[1]:.2f}), exact zeros: {zeros}")
        return tuple(optima)


def constraint_regions(loss: QuadraticLoss, budget: float, *, axes=None, **kwargs):
    """Draw the diamond vs disc figure (see :class:`ConstraintRegionPlot`); returns ``(fig, axes)``."""
    plot = ConstraintRegionPlot(loss, budget, axes=axes, **kwargs)
    return plot.fig, plot.axes


# ----------------------------------------------------------------------------- coefficients
def coefficient_path(
    alphas, coefs, *, feature_names=None, ax=None, title=None, legend=True, xlabel=r"penalty strength $\alpha$ (log scale)"
):
    """Each coefficient against the penalty strength, strongest penalty on the left.

    Parameters
    ----------
    alphas : array, shape (n_alphas,)
    coefs : array, shape (n_alphas, n_features)
    """
    fig, ax = _axes(ax, (6.5, 4.0))
    coefs = np.asarray(coefs)
    names = feature_names or [f"$w_{{{j + 1}}}$" for j in range(coefs.shape[1])]
    for j in range(coefs.shape[1]):
        ax.plot(alphas, coefs[:, j], color=CYCLE[j % len(CYCLE)], ls=LINESTYLES[(j // len(CYCLE)) % 4], lw=1.8, label=names[j])
    ax.set_xscale("log")
    ax.invert_xaxis()  # read left to right as the penalty relaxes and the model grows
    ax.axhline(0, color=COLORS["muted"], lw=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("coefficient")
    if title:
        ax.set_title(title)
    if legend and coefs.shape[1] <= 12:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


class CoefficientBars:
    """Grouped bars of several coefficient vectors; an exact zero is marked with a hollow ring.

    :meth:`update` changes the bar heights in place (fast enough for a live slider);
    :attr:`dynamic_artists` lists what it changes, for ``Explorer(dynamic=...)``.
    """

    def __init__(self, coefs: dict, *, feature_names=None, ax=None, ylim=None, title=None):
        self.fig, self.ax = _axes(ax, (7.5, 3.8))
        first = np.asarray(next(iter(coefs.values())))
        names = feature_names or [f"$w_{{{j + 1}}}$" for j in range(len(first))]
        x = np.arange(len(first))
        width = 0.8 / len(coefs)
        self.bars, self.rings, self.offsets = {}, {}, {}
        for k, label in enumerate(coefs):
            color = _penalty_color(label, CYCLE[k % len(CYCLE)])
            self.offsets[label] = x - 0.4 + width * (k + 0.5)
            self.bars[label] = self.ax.bar(self.offsets[label], np.zeros_like(first), width, color=color, label=label)
            (self.rings[label],) = self.ax.plot([], [], "o", mfc="white", mec=color, mew=1.5, ms=7)
        self.ax.set_xticks(x, names, rotation=0)
        zero_line = self.ax.axhline(0, color="black", lw=0.8)
        self.ax.set_ylabel("coefficient")
        if ylim is not None:
            self.ax.set_ylim(*ylim)
        if title:
            self.ax.set_title(title)
        self.ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="ring = exactly 0")
        # the zero line is static, but a full draw puts it over the bars' bases
        self.dynamic_artists = [*(b for bars in self.bars.values() for b in bars), *self.rings.values(), zero_line, self.ax.title]
        self.update(coefs)

    def update(self, coefs: dict, title=None):
        for label, values in coefs.items():
            values = np.asarray(values)
            for bar, v in zip(self.bars[label], values):
                bar.set_height(v)
            zero = values == 0
            self.rings[label].set_data(self.offsets[label][zero], np.zeros(zero.sum()))
        if title is not None:
            self.ax.set_title(title)
        return self.ax


def _penalty_color(label: str, default: str) -> str:
    """L1/Lasso labels are blue, L2/Ridge vermillion, Elastic Net purple, anything else ``default``."""
    low = label.lower()
    for words, key in (
        (("l1", "lasso"), "l1"),
        (("l2", "ridge"), "l2"),
        (("elastic",), "elasticnet"),
        (("true", "truth"), "truth"),
    ):
        if any(w in low for w in words):
            return COLORS[key]
    return default


def coefficient_bars(coefs: dict, **kwargs):
    """Grouped coefficient bars (see :class:`CoefficientBars`); returns the axes."""
    return CoefficientBars(coefs, **kwargs).ax


# ----------------------------------------------------------------------------- errors
def error_curves(
    x, train_error, test_error, *, ax=None, xlabel="model capacity", ylabel="mean squared error", log_x=False, mark_best=True
):
    """Training and test error against capacity (or penalty); marks the lowest test error."""
    fig, ax = _axes(ax, (6.0, 3.8))
    ax.plot(x, train_error, "o-", color=COLORS["train"], label="training error")
    ax.plot(x, test_error, "s--", color=COLORS["test"], label="test error")
    if mark_best:
        best = int(np.argmin(test_error))
        ax.plot([x[best]], [test_error[best]], "*", color="black", ms=14, label="lowest test error")
    if log_x:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    return ax


# ----------------------------------------------------------------------------- optimization traces
def weight_trajectories(
    coef_history, *, ax=None, floor: float = 1e-12, title=None, feature_names=None, highlight=None, xlabel="iteration"
):
    """``|w_j|`` against the iteration on a log scale; exact zeros are drawn on a grey floor line.

    A log scale makes the difference between "small" and "zero" visible: a weight that hovers
    around 0 shows as a noisy band far above the floor, a weight that *is* 0 sits on the floor.

    Parameters
    ----------
    coef_history : array, shape (n_iter + 1, n_features)
        Row ``k`` holds the weights after ``k`` iterations (row 0 is the start).
    floor : float > 0
        Where exact zeros are drawn (below every non-zero magnitude shown).
    highlight : sequence of int, optional
        Features drawn in colour (e.g. the irrelevant ones); the others are drawn thin and grey.
    """
    history = np.abs(np.asarray(coef_history, dtype=float))
    if history.ndim != 2:
        raise ValueError(f"coef_history must be 2-D with shape (n_iter + 1, n_features), got shape {history.shape}")
    if not (np.isfinite(floor) and floor > 0):
        raise ValueError(f"floor must be a positive number, got {floor!r}")
    fig, ax = _axes(ax, (6.0, 3.8))
    steps = np.arange(history.shape[0])
    names = feature_names or [f"$w_{{{j + 1}}}$" for j in range(history.shape[1])]
    chosen = range(history.shape[1]) if highlight is None else list(highlight)
    for j in range(history.shape[1]):
        colored = j in chosen
        ax.plot(
            steps,
            np.maximum(history[:, j], floor),  # exact zeros land on the floor instead of vanishing
            color=CYCLE[j % len(CYCLE)] if colored else COLORS["muted"],
            lw=1.1 if colored else 0.8,
            alpha=0.75 if colored else 1.0,  # overlapping noisy lines stay distinguishable
            label=names[j] if colored else None,
        )
    ax.axhline(floor, color="black", lw=1, ls=":")
    ax.text(steps[-1], floor, "exactly 0", ha="right", va="bottom", fontsize=9)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(r"$|w_j|$ (log scale)")
    if title:
        ax.set_title(title)
    return ax


# ----------------------------------------------------------------------------- choosing alpha
def cv_curve(alphas, cv_mean, cv_se, *, alpha_min=None, alpha_1se=None, test_error=None, ax=None, ylabel="mean squared error"):
    """Cross-validation error against alpha (log scale, strongest penalty on the left) with +-1 SE bars.

    Marks the alpha with the lowest CV error and the one-standard-error choice when given;
    ``test_error`` (same length as ``alphas``) adds the error on held-out test data for comparison.
    """
    alphas = np.asarray(alphas, dtype=float)
    cv_mean, cv_se = np.asarray(cv_mean, dtype=float), np.asarray(cv_se, dtype=float)
    if not (alphas.shape == cv_mean.shape == cv_se.shape) or alphas.ndim != 1:
        raise ValueError(
            f"alphas, cv_mean and cv_se must be 1-D of equal length, got shapes {alphas.shape}, {cv_mean.shape}, {cv_se.shape}"
        )
    fig, ax = _axes(ax, (6.5, 3.8))
    ax.fill_between(alphas, cv_mean - cv_se, cv_mean + cv_se, color=COLORS["l1"], alpha=0.2, lw=0, label="CV error ± 1 SE")
    ax.plot(alphas, cv_mean, "o-", color=COLORS["l1"], ms=3, label="CV error (mean over folds)")
    if test_error is not None:
        ax.plot(alphas, test_error, "--", color=COLORS["test"], label="test error")
    for value, style, text in ((alpha_min, "-", "lowest CV error"), (alpha_1se, "--", "one-SE rule")):
        if value is not None:
            ax.axvline(value, color="black", ls=style, lw=1.2, label=f"{text}: α = {value:.3g}")
    ax.set_xscale("log")
    ax.invert_xaxis()
    ax.set_xlabel(r"penalty strength $\alpha$ (log scale)")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    return ax
