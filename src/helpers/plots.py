"""Every figure the book draws more than once, in one style.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies); each penalty's colour and label come from its entry in the registry
(:mod:`helpers.penalties`): L1 blue, L2 vermillion, Elastic Net reddish purple. Each function takes
an optional ``ax`` (or ``axes``), draws only there, and returns what it drew on. Without axes it
makes a new figure in the course style; :func:`use_style` makes that style pyplot's default.

Figures draw what they are given: the optima come from :mod:`helpers.geometry` or the solvers.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Ellipse, Polygon

from .geometry import QuadraticLoss
from .penalties import REGISTRY, Penalty, get_penalty

COLORS = {
    **{key: penalty.color for key, penalty in REGISTRY.items()},  # "l1", "l2", "elasticnet"
    "ols": "#000000",
    "truth": "#009E73",  # bluish green
    "train": "#0072B2",
    "test": "#D55E00",
    "muted": "#999999",
}
# Okabe-Ito without its yellow (too faint on white); lines beyond the seventh change dash style
CYCLE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
LINESTYLES = ["-", "--", "-.", ":"]

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
    """Make the course style pyplot's default for every figure made afterwards (call once per notebook)."""
    plt.rcParams.update(STYLE)


def _axes(ax, figsize):
    if ax is not None:
        return ax.figure, ax
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


# ----------------------------------------------------------------------------- the balls of the penalties
class ConstraintRegionPlot:
    """The balls of several penalties (the L1 diamond, the L2 disc, ...) beside the loss contours.

    One panel per penalty shows the region ``P(w) <= P(budget e_1)``, a few elliptical contours of
    the least-squares loss, its unconstrained minimum (black cross) and, when given, the constrained
    minimum (filled dot) with the contour through it (thick line): the first contour that touches
    the region. The optima are computed elsewhere (:func:`helpers.geometry.constrained_solution`).

    Parameters
    ----------
    loss : QuadraticLoss
    budget : float > 0
        The radius ``t`` of every ball (where it crosses the axes).
    optima : dict, optional
        ``penalty key -> w`` (shape (2,)) for the panels that show a constrained optimum.
    penalties : sequence of keys or Penalty
        One panel each, left to right (default: L1 and L2).
    """

    def __init__(self, loss: QuadraticLoss, budget: float, optima=None, *, penalties=("l1", "l2"), axes=None,
                 n_contours: int = 4, limit: float = 3.0):  # fmt: skip
        self.penalties = [get_penalty(p) for p in penalties]
        if axes is None:
            with plt.rc_context(STYLE):
                panel = 4.0 if len(self.penalties) < 3 else 3.2  # three or more panels: smaller, so pages stay light
                fig, axes = plt.subplots(1, len(self.penalties), figsize=(panel * len(self.penalties), panel), sharex=True,
                                         sharey=True, squeeze=False)  # fmt: skip
                axes = axes[0]
        if len(axes) != len(self.penalties):
            raise ValueError(f"axes: {len(axes)} given for {len(self.penalties)} penalties")
        self.fig, self.axes = axes[0].figure, axes
        self.n_contours = n_contours
        self.title_size = 12 if len(self.penalties) < 3 else 9.5  # three titles side by side must not touch
        self.panels = []
        for ax, penalty in zip(axes, self.penalties):
            ax.set_xlim(-limit, limit)
            ax.set_ylim(-limit, limit)
            ax.set_aspect("equal")
            ax.axhline(0, color=COLORS["muted"], lw=0.8)
            ax.axvline(0, color=COLORS["muted"], lw=0.8)
            ax.set_xlabel(r"weight $w_1$")
            region = ax.add_patch(Polygon(np.zeros((3, 2)), closed=True, facecolor=penalty.color, alpha=0.25,
                                          edgecolor=penalty.color, lw=2))  # fmt: skip
            contours = [ax.add_patch(Ellipse((0, 0), 1, 1, fill=False, color=COLORS["muted"], lw=1)) for _ in range(n_contours)]
            touching = ax.add_patch(Ellipse((0, 0), 1, 1, fill=False, color=penalty.color, lw=2.5))
            (center,) = ax.plot([], [], "x", color=COLORS["ols"], ms=10, mew=2.5, label="least squares")
            (optimum,) = ax.plot([], [], "o", color=penalty.color, ms=9, mec="white", mew=1.5, label="constrained optimum")
            self.panels.append((penalty, region, contours, touching, center, optimum))
        axes[0].set_ylabel(r"weight $w_2$")
        axes[0].legend(loc="lower left", framealpha=0.9)
        self.update(loss, budget, optima)

    def update(self, loss: QuadraticLoss, budget: float, optima=None) -> None:
        """Redraw for a new loss, budget and optima (``penalty key -> w``)."""
        optima = optima or {}
        eigvals, eigvecs = np.linalg.eigh(loss.hessian)
        angle = np.degrees(np.arctan2(eigvecs[1, 0], eigvecs[0, 0]))
        reference = float(loss(np.zeros(2)))
        for ax, (penalty, region, contours, touching, center, optimum) in zip(self.axes, self.panels):
            region.set_xy(penalty.ball(budget, 200))
            w = optima.get(penalty.key)
            # the loss is L on an ellipse with semi-axes sqrt(2 L / eigenvalue) along the eigenvectors;
            # background contours sit at fixed fractions of the loss at w = 0, so they move with the loss
            levels = [reference * ((k + 1) / (self.n_contours + 1)) ** 2 for k in range(self.n_contours)]
            for ellipse, level in zip([touching, *contours], [float(loss(w)) if w is not None else 0.0, *levels]):
                ellipse.set_center(loss.center)
                ellipse.set_width(2 * np.sqrt(2 * level / eigvals[0]))
                ellipse.set_height(2 * np.sqrt(2 * level / eigvals[1]))
                ellipse.set_angle(angle)
                ellipse.set_visible(level > 0)
            center.set_data([loss.center[0]], [loss.center[1]])
            if w is None:
                optimum.set_data([], [])
                ax.set_title(f"{penalty.label}: {penalty.shape}", fontsize=self.title_size)
            else:
                optimum.set_data([w[0]], [w[1]])
                ax.set_title(f"{penalty.label}: {penalty.shape}\n$w$ = ({w[0]:.2f}, {w[1]:.2f}), exact zeros: {int(np.sum(w == 0))}",
                             fontsize=self.title_size)


class PenalizedSurfacePlot:
    """The penalized objective ``F(w) = loss(w) + alpha P(w)`` over two weights as a heat map, minimum marked.

    The unconstrained view of the same problem that :class:`ConstraintRegionPlot` draws constrained
    (the view of Parr's explained.ai article on regularization). One panel per penalty colours the
    plane in bands of ``F`` (dark = low), marks the least-squares solution (black cross) and, when
    given, the penalized minimum (dot in the penalty's colour), computed elsewhere
    (:func:`helpers.geometry.penalized_solution`). The bands are equal steps of ``sqrt(F - min F)``,
    evenly spaced around the minimum like the loss's own ellipses; the kinks of an L1 part show as
    bends where the bands cross the axes.

    Parameters
    ----------
    loss : QuadraticLoss
    alpha : float >= 0
        The penalty strength, in the convention ``loss(w) + alpha P(w)`` of :mod:`helpers.geometry`.
    optima : dict, optional
        ``penalty key -> w`` (shape (2,)) for the panels that show the minimum.
    penalties : sequence of keys or Penalty
        L1, L2 or Elastic Net entries (those with ``l1_weight``), one panel each.
    limit : float > 0
        Every panel shows the square ``[-limit, limit]^2`` (as :class:`ConstraintRegionPlot`).
    resolution : int
        Grid points along each axis; odd, so that the axes ``w_j = 0`` are grid lines.

    Attributes
    ----------
    grid : array, shape (resolution,)
        The coordinates of the grid along either axis.
    values : dict
        ``penalty key -> F`` on the grid as drawn, shape (resolution, resolution):
        ``values[key][i, j] = F((grid[j], grid[i]))`` (rows go along ``w_2``).
    """

    def __init__(self, loss: QuadraticLoss, alpha: float, optima=None, *, penalties=("l1", "l2"), axes=None,
                 limit: float = 3.0, resolution: int = 241, n_bands: int = 14, cmap: str = "cividis"):  # fmt: skip
        self.penalties = [get_penalty(p) for p in penalties]
        for penalty in self.penalties:
            if penalty.l1_weight is None:
                raise ValueError(f"penalties: {penalty.key!r} is for drawing balls only; the surface needs L1, L2 or Elastic Net")
        if resolution < 3 or resolution % 2 == 0:
            raise ValueError(f"resolution must be an odd integer >= 3 (the axes are grid lines), got {resolution!r}")
        if axes is None:
            with plt.rc_context(STYLE):
                fig, axes = plt.subplots(1, len(self.penalties), figsize=(4.0 * len(self.penalties), 4.0), squeeze=False)
                axes = axes[0]
        if len(axes) != len(self.penalties):
            raise ValueError(f"axes: {len(axes)} given for {len(self.penalties)} penalties")
        self.fig, self.axes = axes[0].figure, axes
        self.grid = np.linspace(-limit, limit, resolution)
        self._points = np.stack(np.meshgrid(self.grid, self.grid), axis=-1)  # [i, j] = (grid[j], grid[i])
        self.values = {}
        half = (self.grid[1] - self.grid[0]) / 2  # pixel centres on the grid points
        self.panels = []
        for ax, penalty in zip(axes, self.penalties):
            image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", extent=(-limit - half, limit + half) * 2,
                              cmap=plt.get_cmap(cmap, n_bands), vmin=0.0, vmax=1.0, interpolation="nearest")  # fmt: skip
            ax.axhline(0, color="white", lw=0.6, alpha=0.6)
            ax.axvline(0, color="white", lw=0.6, alpha=0.6)
            ax.grid(False)
            ax.set(xlim=(-limit, limit), ylim=(-limit, limit), aspect="equal", xlabel=r"weight $w_1$")
            (center,) = ax.plot([], [], "x", color=COLORS["ols"], ms=10, mew=2.5, label="least squares")
            (optimum,) = ax.plot([], [], "o", color=penalty.color, ms=9, mec="white", mew=1.5, label="penalized minimum")
            self.panels.append((penalty, image, center, optimum))
        axes[0].set_ylabel(r"weight $w_2$")
        axes[0].legend(loc="lower left", framealpha=0.9)
        self.update(loss, alpha, optima)

    def update(self, loss: QuadraticLoss, alpha: float, optima=None) -> None:
        """Redraw for a new loss, strength and minima (``penalty key -> w``)."""
        optima = optima or {}
        fit = loss(self._points)
        l1_norm, sq_norm = np.abs(self._points).sum(axis=-1), (self._points**2).sum(axis=-1)
        for ax, (penalty, image, center, optimum) in zip(self.axes, self.panels):
            F = fit + alpha * (penalty.l1_weight * l1_norm + 0.5 * penalty.l2_weight * sq_norm)
            self.values[penalty.key] = F
            shade = np.sqrt(F - F.min())
            image.set_data(shade / shade.max())
            center.set_data([loss.center[0]], [loss.center[1]])
            w = optima.get(penalty.key)
            title = f"{penalty.label}: loss + α·penalty, α = {alpha:.3g}"
            if w is None:
                optimum.set_data([], [])
                ax.set_title(title)
            else:
                optimum.set_data([w[0]], [w[1]])
                ax.set_title(f"{title}\nminimum $w$ = ({w[0]:.2f}, {w[1]:.2f}), exact zeros: {int(np.sum(w == 0))}")


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

    Parameters
    ----------
    coefs : dict
        ``key -> coefficients`` (shape (p,)), one group member each. A key that names a penalty of
        the registry (``"l1"``, ``"l2"``, ``"elasticnet"``) or is a :class:`~helpers.penalties.Penalty`
        is shown with that penalty's label and colour; any other key is its own label.
    colors : dict, optional
        ``key -> colour`` for the other keys (default: the course's colour cycle).

    :meth:`update` changes the bar heights in place, fast enough for a live slider.
    """

    def __init__(self, coefs: dict, *, colors=None, feature_names=None, ax=None, ylim=None, title=None):
        self.fig, self.ax = _axes(ax, (7.5, 3.8))
        first = np.asarray(next(iter(coefs.values())))
        names = feature_names or [f"$w_{{{j + 1}}}$" for j in range(len(first))]
        x = np.arange(len(first))
        width = 0.8 / len(coefs)
        self.bars, self.rings, self.offsets = {}, {}, {}
        for k, key in enumerate(coefs):
            penalty = _registered(key)
            label = penalty.label if penalty else str(key)
            color = penalty.color if penalty else (colors or {}).get(key, CYCLE[k % len(CYCLE)])
            self.offsets[key] = x - 0.4 + width * (k + 0.5)
            self.bars[key] = self.ax.bar(self.offsets[key], np.zeros_like(first), width, color=color, label=label)
            (self.rings[key],) = self.ax.plot([], [], "o", mfc="white", mec=color, mew=1.5, ms=7)
        self.ax.set_xticks(x, names, rotation=0)
        self.ax.axhline(0, color="black", lw=0.8)
        self.ax.set_ylabel("coefficient")
        if ylim is not None:
            self.ax.set_ylim(*ylim)
        if title:
            self.ax.set_title(title)
        self.ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="ring = exactly 0")
        self.update(coefs)

    def update(self, coefs: dict, title=None):
        for key, values in coefs.items():
            values = np.asarray(values)
            for bar, v in zip(self.bars[key], values):
                bar.set_height(v)
            zero = values == 0
            self.rings[key].set_data(self.offsets[key][zero], np.zeros(zero.sum()))
        if title is not None:
            self.ax.set_title(title)
        return self.ax


def _registered(key) -> Penalty | None:
    """The registry entry a dictionary key stands for, or None for a plain label."""
    if isinstance(key, Penalty):
        return key
    return REGISTRY.get(key) if isinstance(key, str) else None


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


# ----------------------------------------------------------------------------- the selection landscape
def _label_and_color(key, k, colors):
    """A registry key's label and colour; any other key is its own label, coloured from ``colors`` or the cycle."""
    penalty = _registered(key)
    if penalty:
        return penalty.label, penalty.color
    return str(key), (colors or {}).get(key, CYCLE[k % len(CYCLE)])


def threshold_rules(z, rules, *, points=None, colors=None, titles=None, axes=None):
    """Estimators of an orthonormal design as functions of the least-squares coefficient (ESL Table 3.4).

    One panel per rule: its curve ``z -> estimate`` over the grey 45-degree line of least squares,
    and, when given, the coefficients a solver returned on a data set (black rings), which lie on the
    curve when the formula is right.

    Parameters
    ----------
    z : array, shape (m,)
        Least-squares coefficients along the horizontal axis.
    rules : dict
        ``key -> estimates at z`` (shape (m,)); a registry key (``"l1"``, ``"l2"``) brings its label and colour.
    points : dict, optional
        ``key -> (z_data, w_data)``: least-squares and solver coefficients of one data set.
    colors, titles : dict, optional
        ``key -> colour`` for keys outside the registry; ``key -> panel title`` (default: the label).
    """
    z = np.asarray(z, dtype=float)
    if axes is None:
        with plt.rc_context(STYLE):
            _, axes = plt.subplots(1, len(rules), figsize=(3.7 * len(rules), 3.9), sharex=True, sharey=True)
    axes = np.atleast_1d(axes)
    if len(axes) != len(rules):
        raise ValueError(f"axes must hold one panel per rule ({len(rules)}), got {len(axes)}")
    for k, (ax, (key, values)) in enumerate(zip(axes, rules.items())):
        values = np.asarray(values, dtype=float)
        if values.shape != z.shape:
            raise ValueError(f"rules[{key!r}] must have the shape of z {z.shape}, got {values.shape}")
        label, color = _label_and_color(key, k, colors)
        ax.axhline(0, color="black", lw=0.6)
        ax.axvline(0, color="black", lw=0.6)
        ax.plot(z, z, color=COLORS["muted"], ls="--", lw=1.2, label="least squares")
        ax.plot(z, values, color=color, lw=2.4, label=label)
        if points and key in points:
            z_data, w_data = points[key]
            ax.plot(z_data, w_data, "o", mfc="none", mec="black", mew=1.3, ms=7, label="solver, on data")
        ax.set_title((titles or {}).get(key, label))
        ax.set_xlabel(r"least-squares coefficient $\hat\beta_j$")
        ax.set_aspect("equal")
        ax.legend(frameon=False, loc="upper left", fontsize=8.5)
    axes[0].set_ylabel("estimate of $\\beta_j$")
    return axes


def degrees_of_freedom_plot(results, *, colors=None, ax=None):
    """Degrees of freedom against the number of non-zero weights, one series per method, with 2-SE bars.

    The dashed diagonal ``df = number of non-zero weights`` is what counting the weights says; a method
    above it pays for its search, one below it (ridge) for less than its weights.

    Parameters
    ----------
    results : dict
        ``key -> (size, df, se)``, arrays of equal length: average number of non-zero weights, the
        Monte-Carlo degrees of freedom and its standard error (:func:`helpers.selection.covariance_df`).
    colors : dict, optional
        ``key -> colour`` for keys outside the registry.
    """
    fig, ax = _axes(ax, (6.6, 4.4))
    arrays = {key: [np.asarray(a, dtype=float) for a in value] for key, value in results.items()}
    if any(not (s.shape == d.shape == e.shape) for s, d, e in arrays.values()):
        raise ValueError("results must map each key to (size, df, se) arrays of equal length")
    top = max(max(s.max(), d.max()) for s, d, _ in arrays.values())
    ax.plot([0, top], [0, top], color=COLORS["muted"], ls="--", lw=1.2, label="df = number of non-zero weights")
    for k, (key, (size, df, se)) in enumerate(arrays.items()):
        label, color = _label_and_color(key, k, colors)
        marker = "osD^v"[k % 5]
        ax.errorbar(size, df, yerr=2 * se, fmt=f"{marker}-", color=color, ms=5, lw=1.4, capsize=2.5, label=label)
    ax.set_xlabel("number of non-zero weights (average over the draws)")
    ax.set_ylabel("degrees of freedom (Monte Carlo, ± 2 SE)")
    ax.legend(frameon=False, loc="upper left")
    return ax


# ----------------------------------------------------------------------------- honest assessment
def strip_means(groups, *, ax=None, ylabel="", reference=None, title=None, colors=None):
    """One column of dots per group (e.g. one dot per simulated data set) with its mean +- 2 standard errors.

    Parameters
    ----------
    groups : dict of label -> 1-D array
        The values of each group; the standard error is ``std(ddof=1) / sqrt(len)``.
    reference : float, optional
        Draws a horizontal line there (e.g. 0 for differences).
    colors : sequence of colours, optional
        One per group; the course cycle by default.
    """
    values = [np.asarray(v, dtype=float) for v in groups.values()]
    if not values or any(v.ndim != 1 or v.size < 2 for v in values):
        raise ValueError("groups must map each label to a 1-D array of at least 2 values")
    fig, ax = _axes(ax, (6.0, 3.8))
    colors = list(colors) if colors is not None else CYCLE
    for k, v in enumerate(values):
        offsets = np.linspace(-0.18, 0.18, v.size)  # spread in the order given: jitter without randomness
        ax.plot(k + offsets, v, "o", color=colors[k % len(colors)], alpha=0.55, ms=4, mew=0)
        mean, se = v.mean(), v.std(ddof=1) / np.sqrt(v.size)
        ax.errorbar(k + 0.32, mean, yerr=2 * se, fmt="D", color="black", ms=5, capsize=4, lw=1.5)
    if reference is not None:
        ax.axhline(reference, color=COLORS["muted"], lw=1, ls="--")
    ax.set_xticks(range(len(values)), list(groups))
    ax.set_xlim(-0.5, len(values) - 0.3)
    ax.grid(False, axis="x")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def coverage_plot(labels, series, *, nominal=0.95, ax=None, ylabel="coverage of the 95% intervals"):
    """Coverage of confidence intervals per item (e.g. per coefficient), with +- 2 Monte-Carlo standard errors.

    Parameters
    ----------
    labels : sequence of str
        The items on the x axis.
    series : dict of name -> (coverage, se)
        Two arrays of ``len(labels)`` each; NaN where an item has no interval (it is not drawn).
    nominal : float
        The promised coverage, drawn as a horizontal line.
    """
    labels = list(labels)
    fig, ax = _axes(ax, (6.5, 3.8))
    x = np.arange(len(labels))
    width = 0.5 / max(len(series), 1)
    for k, (name, (cov, se)) in enumerate(series.items()):
        cov, se = np.asarray(cov, dtype=float), np.asarray(se, dtype=float)
        if cov.shape != (len(labels),) or se.shape != (len(labels),):
            raise ValueError(f"series {name!r}: coverage and se must each have {len(labels)} entries, got {cov.shape} and {se.shape}")
        shift = (k - (len(series) - 1) / 2) * width
        ax.errorbar(x + shift, cov, yerr=2 * se, fmt="o", color=CYCLE[k % len(CYCLE)], capsize=3, label=f"{name} (± 2 SE)")
    ax.axhline(nominal, color="black", lw=1, ls="--", label=f"promised: {nominal:g}")
    ax.set_xticks(x, labels)
    ax.grid(False, axis="x")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="lower left")
    return ax


def bias_variance_curves(
    alphas,
    bias_sq,
    variance,
    *,
    monte_carlo=None,
    baseline=None,
    ax=None,
    ylabel="mean squared error",
    title=None,
    legend_loc="upper left",
):
    """Squared bias, variance and their sum, the mean squared error, against the penalty strength.

    The minimum of the sum is marked with a star. Strongest penalty on the right: bias rises and variance
    falls from left to right.

    Parameters
    ----------
    alphas : array, shape (n_alphas,)
        Penalty strengths > 0 (log scale).
    bias_sq, variance : array, shape (n_alphas,)
        E.g. from :func:`helpers.shrinkage.ridge_bias_variance`.
    monte_carlo : tuple (alphas, mse, se), optional
        Simulated mean squared errors at some strengths, drawn as points with +- 2 standard errors.
    baseline : float, optional
        A reference level drawn as a dotted line, e.g. least squares' error (``alpha = 0``).
    """
    alphas, bias_sq, variance = (np.asarray(a, dtype=float) for a in (alphas, bias_sq, variance))
    if alphas.ndim != 1 or not (alphas.shape == bias_sq.shape == variance.shape):
        raise ValueError(
            f"alphas, bias_sq and variance must be 1-D of equal length, got shapes {alphas.shape}, {bias_sq.shape}, {variance.shape}"
        )
    if np.any(alphas <= 0):
        raise ValueError("alphas must be > 0 (they are drawn on a log scale); show alpha = 0 as the baseline")
    fig, ax = _axes(ax, (6.0, 3.8))
    mse = bias_sq + variance
    ax.plot(alphas, bias_sq, color="#E69F00", lw=2, ls="--", label="bias²")
    ax.plot(alphas, variance, color="#56B4E9", lw=2, ls="-.", label="variance")
    ax.plot(alphas, mse, color="black", lw=2.2, label="mean squared error")
    best = int(np.argmin(mse))
    ax.plot([alphas[best]], [mse[best]], "*", color="black", ms=14, label=f"minimum at α = {alphas[best]:.2g}")
    if baseline is not None:
        ax.axhline(baseline, color=COLORS["muted"], lw=1.2, ls=":", label="α = 0 (least squares)")
    if monte_carlo is not None:
        mc_alphas, mc_mse, mc_se = (np.asarray(a, dtype=float) for a in monte_carlo)
        ax.errorbar(mc_alphas, mc_mse, yerr=2 * mc_se, fmt="o", color=COLORS["test"], ms=5, capsize=3, label="Monte Carlo ± 2 SE")
    ax.set_xscale("log")
    ax.set_xlabel(r"penalty strength $\alpha$ (log scale)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(frameon=False, loc=legend_loc)  # a fixed place: "best" searches every point of the curves
    return ax


def bias_variance_simulated(alphas, result, *, baseline=None, ax=None, title=None, xlabel=r"penalty strength $\alpha$ (log scale)"):
    """Monte-Carlo squared bias, variance and test error against the penalty strength, each with +- 2 SE.

    The test error is simulated with fresh noise, so it sits above bias² + variance by the noise
    ``sigma^2`` (drawn as a dashed line); its minimum is marked with a star and its alpha written above.

    Parameters
    ----------
    alphas : array, shape (n_alphas,)
        Penalty strengths > 0 (log scale).
    result : helpers.biasvariance.BiasVariance
        From :func:`helpers.biasvariance.decompose`, one entry per alpha.
    baseline : float, optional
        Least squares' simulated test error (``alpha = 0``), drawn as a dotted line.
    """
    alphas = np.asarray(alphas, dtype=float)
    series = [np.asarray(a, dtype=float) for a in (result.bias_sq, result.variance, result.test_error)]
    errors = [np.asarray(a, dtype=float) for a in (result.bias_sq_se, result.variance_se, result.test_error_se)]
    if alphas.ndim != 1 or any(s.shape != alphas.shape or e.shape != alphas.shape for s, e in zip(series, errors)):
        raise ValueError(f"result must hold one estimate per alpha ({alphas.shape[0]} alphas, 1-D); got shape {series[0].shape}")
    if np.any(alphas <= 0):
        raise ValueError("alphas must be > 0 (they are drawn on a log scale); show alpha = 0 as the baseline")
    fig, ax = _axes(ax, (6.0, 3.8))
    styles = [("bias²", "#E69F00", "--"), ("variance", "#56B4E9", "-."), ("test error (fresh noise)", "black", "-")]
    for values, se, (label, color, ls) in zip(series, errors, styles):
        ax.fill_between(alphas, values - 2 * se, values + 2 * se, color=color, alpha=0.25, lw=0)
        ax.plot(alphas, values, color=color, ls=ls, lw=2, label=label)
    best = int(np.argmin(series[2]))
    ax.plot([alphas[best]], [series[2][best]], "*", color="black", ms=14, label="lowest test error")
    ax.annotate(f"α = {alphas[best]:.2g}", (alphas[best], series[2][best]), xytext=(0, 12), textcoords="offset points", ha="center", va="bottom")
    ax.axhline(result.noise, color=COLORS["muted"], lw=1.2, ls="--", label="noise σ²")
    if baseline is not None:
        ax.axhline(baseline, color=COLORS["ols"], lw=1.2, ls=":", label="least squares (α = 0)")
    ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean squared error")
    if title:
        ax.set_title(title)
    ax.legend(frameon=False)
    return ax
