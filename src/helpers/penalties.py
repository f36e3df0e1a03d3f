"""Penalties, their (sub)gradients and proximal operators, and the conventions readers meet.

The L1 penalty is ``||w||_1 = sum |w_j|`` and the L2 penalty is ``||w||_2^2 = sum w_j^2``
(squared, as in ridge regression). Each penalty the course uses is one :class:`Penalty` entry of
:data:`REGISTRY` (the Lq family for drawing in :data:`LQ_FAMILY`); solvers, geometry, figures and
the CLI take it by key. ``soft_threshold`` is the L1 proximal operator the proximal-gradient
solvers and the chapters call; coordinate descent's innermost loop writes the scalar version out
(``helpers.solvers._cd_pass``), without its input checks, for speed.

Regularization conventions
--------------------------
Books and libraries scale the data-fit term differently, so the same number ``alpha`` means
different strengths. Each convention is ``c * RSS(w) + m * alpha * P(w)`` with
``RSS(w) = ||y - X w - b||^2``; two conventions give the same minimizer exactly when
``m * alpha / c`` is equal, which is what :func:`convert_alpha` uses.

=======================  =====================================  ===========================
name                     objective                              used by
=======================  =====================================  ===========================
``"sklearn"``            L1: ``RSS/(2n) + alpha ||w||_1``       ``sklearn.linear_model.Lasso``
                         L2: ``RSS + alpha ||w||_2^2``          ``sklearn.linear_model.Ridge``
``"sklearn_elasticnet"`` ``RSS/(2n) + alpha r ||w||_1``         ``ElasticNet`` (``r = l1_ratio``)
                         ``+ alpha (1 - r)/2 ||w||_2^2``
``"rss"``                ``RSS + alpha P(w)``                   the source article, ISL (James et al.)
``"half_rss"``           ``RSS/2 + alpha P(w)``                 ESL's lasso (Hastie et al.)
``"mse"``                ``RSS/(2n) + alpha P(w)``              this course's training CLI
=======================  =====================================  ===========================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validation import check_alpha, check_l1_ratio, check_positive_int

PENALTIES = ("l1", "l2")  # the two penalties every alpha convention below is defined for


def l1_penalty(w) -> float:
    """``||w||_1``, the sum of absolute values."""
    return float(np.sum(np.abs(w)))


def l2_penalty(w) -> float:
    """``||w||_2^2``, the sum of squares (ridge's penalty is the *squared* norm)."""
    w = np.asarray(w, dtype=float)
    return float(w @ w)


def elastic_net_penalty(w, l1_ratio: float) -> float:
    """scikit-learn's ElasticNet penalty ``r ||w||_1 + (1 - r)/2 ||w||_2^2`` with ``r = l1_ratio``."""
    l1_ratio = check_l1_ratio(l1_ratio)
    return l1_ratio * l1_penalty(w) + 0.5 * (1.0 - l1_ratio) * l2_penalty(w)


def l1_subgradient(w) -> np.ndarray:
    """``sign(w)``: the subgradient of ``||w||_1`` that the source article's update uses (0 is chosen at w_j = 0).

    At ``w_j = 0`` the subdifferential is the whole interval [-1, 1]; picking a single element is
    exactly why plain subgradient descent cannot settle on zero.
    """
    return np.sign(np.asarray(w, dtype=float))


def l2_gradient(w) -> np.ndarray:
    """``2 w``, the gradient of ``||w||_2^2``: a pull towards zero proportional to the weight."""
    return 2.0 * np.asarray(w, dtype=float)


def soft_threshold(z, t):
    """Proximal operator of ``t * |.|``: ``sign(z) * max(|z| - t, 0)``, elementwise.

    It solves ``argmin_w 0.5 (w - z)^2 + t |w|`` exactly: every ``|z| <= t`` maps to an exact 0.

    Parameters
    ----------
    z : float or array
        Point(s) to shrink.
    t : float >= 0
        Threshold.
    """
    t = check_alpha(t, "t")
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def prox_l2(z, t):
    """Proximal operator of ``t * ||.||_2^2``: ``z / (1 + 2 t)``, a proportional shrink that never reaches 0."""
    t = check_alpha(t, "t")
    return np.asarray(z, dtype=float) / (1.0 + 2.0 * t)


def _scales(convention: str, penalty: str, n_samples: int) -> tuple[float, float]:
    """``(c, m)`` with objective ``c * RSS + m * alpha * P`` for a convention and a penalty."""
    if penalty not in PENALTIES:
        raise ValueError(f"penalty must be one of {PENALTIES}, got {penalty!r}")
    n = n_samples
    table = {
        "sklearn": {"l1": (1 / (2 * n), 1.0), "l2": (1.0, 1.0)},
        "sklearn_elasticnet": {"l1": (1 / (2 * n), 1.0), "l2": (1 / (2 * n), 0.5)},
        "rss": {"l1": (1.0, 1.0), "l2": (1.0, 1.0)},
        "half_rss": {"l1": (0.5, 1.0), "l2": (0.5, 1.0)},
        "mse": {"l1": (1 / (2 * n), 1.0), "l2": (1 / (2 * n), 1.0)},
    }
    if convention not in table:
        raise ValueError(f"convention must be one of {tuple(table)}, got {convention!r}")
    return table[convention][penalty]


CONVENTIONS = ("sklearn", "sklearn_elasticnet", "rss", "half_rss", "mse")


def convert_alpha(alpha, *, penalty: str, source: str, target: str, n_samples: int) -> float:
    """Translate a penalty strength between two conventions so that the minimizer is unchanged.

    Parameters
    ----------
    alpha : float >= 0
        Strength in the ``source`` convention.
    penalty : {"l1", "l2"}
        Which penalty the strength multiplies (for ``"sklearn_elasticnet"``: ``l1_ratio`` 1 or 0).
    source, target : str
        Names from :data:`CONVENTIONS` (see the module docstring for their objectives).
    n_samples : int
        Number of training rows ``n``; several conventions divide the RSS by it.

    Examples
    --------
    ``Lasso(alpha=0.1)`` on 442 rows is ``RSS + 88.4 ||w||_1``:

    >>> convert_alpha(0.1, penalty="l1", source="sklearn", target="rss", n_samples=442)
    88.4
    """
    alpha = check_alpha(alpha)
    n = check_positive_int(n_samples, "n_samples")
    c_from, m_from = _scales(source, penalty, n)
    c_to, m_to = _scales(target, penalty, n)
    return float(alpha * (m_from / c_from) * (c_to / m_to))


def prox_elastic_net(z, t, l1_ratio: float):
    """Proximal operator of ``t * (r ||.||_1 + (1 - r)/2 ||.||_2^2)``: soft-threshold, then a proportional shrink.

    ``sign(z) max(|z| - t r, 0) / (1 + t (1 - r))`` elementwise, with ``r = l1_ratio``: exact zeros
    wherever ``|z| <= t r``.
    """
    r = check_l1_ratio(l1_ratio)
    t = check_alpha(t, "t")
    return soft_threshold(z, t * r) / (1.0 + t * (1.0 - r))


# ----------------------------------------------------------------------------- the registry
@dataclass(frozen=True)
class Penalty:
    """One penalty ``P(w)`` and everything the course does with it.

    Solvers use ``value``, ``gradient`` and ``prox``; figures use ``label``, ``color`` and
    :meth:`ball`; the duality-gap certificate uses ``dual_norm``. An entry that only draws (the
    Lq family) has ``prox=None``.

    Attributes
    ----------
    key : str
        Short name used by the CLI and as dictionary key (``"l1"``, ``"elasticnet"``, ``"l0.5"``...).
    label : str
        Legend and title text.
    color : str
        Its colour in every figure (Okabe-Ito, colour-blind safe).
    value : callable
        ``P(w)`` for an array ``w`` of shape (p,).
    gradient : callable or None
        A (sub)gradient of ``P`` at ``w``; for L1 ``sign(w)``, which picks 0 at ``w_j = 0``.
    prox : callable or None
        ``prox(z, t) = argmin_w 1/2 ||w - z||^2 + t P(w)`` (elementwise for these separable penalties).
    dual_norm : callable or None
        The dual of the norm behind ``P`` (L1: max |v|; L2: ||v||_2); None when ``P`` is not built on a norm.
    convex : bool
        Whether ``P`` is convex (its balls are convex sets).
    corners_on_axes : bool
        Whether its balls have corners where they cross the axes (what produces exact zeros).
    l1_ratio : float or None
        The Elastic Net's mixing parameter (1 is the Lasso, 0 ridge); None for other penalties.
    shape : str
        What its ball looks like, for figure titles.
    l1_weight, l2_weight : float or None
        ``P(w) = l1_weight ||w||_1 + l2_weight / 2 ||w||_2^2`` for the penalties the solvers handle
        (L1: 1, 0; L2: 0, 2; Elastic Net: r, 1 - r); None for the Lq family.
    degree : float or None
        For the Lq family: ``P(s w) = s^degree P(w)`` for ``s > 0`` (q; 1 for q = inf).
    """

    key: str
    label: str
    color: str
    value: Callable[[np.ndarray], float]
    gradient: Callable[[np.ndarray], np.ndarray] | None
    prox: Callable[[np.ndarray, float], np.ndarray] | None
    dual_norm: Callable[[np.ndarray], float] | None
    convex: bool
    corners_on_axes: bool
    shape: str = "ball"
    l1_ratio: float | None = None
    l1_weight: float | None = None
    l2_weight: float | None = None
    degree: float | None = None

    def level(self, radius: float) -> float:
        """The penalty on the axes at distance ``radius``: the ball of that radius is ``{P(w) <= level}``."""
        return self.value(np.array([float(radius), 0.0]))

    def radius(self, w) -> float:
        """The radius of the smallest ball around ``w`` (where the level set through ``w`` crosses the axes).

        For L1 it is ``||w||_1``, for L2 ``||w||_2``: the "budget" ``t`` of the constrained problem
        ``P(w) <= P(t e_1)``.
        """
        target = self.value(np.asarray(w, dtype=float))
        if target == 0:
            return 0.0
        if self.l1_weight is not None:  # a1 r + a2/2 r^2 = target, in closed form (exact for L1 and L2)
            a1, a2 = self.l1_weight, self.l2_weight
            return target / a1 if a2 == 0 else float((-a1 + np.sqrt(a1 * a1 + 2 * a2 * target)) / a2)
        return _bisect(lambda r: self.level(r) - target)

    def ball(self, radius: float = 1.0, n_points: int = 400) -> np.ndarray:
        """At least ``n_points`` points on the boundary of ``{w in R^2 : P(w) <= P(radius e_1)}``, a closed loop.

        Shape ``(m, 2)``; the four points on the axes, where L1-like balls have their corners, are among them.

        Found along rays from the origin, in closed form: for ``a1 ||w||_1 + a2/2 ||w||^2`` the length
        ``s`` along a unit direction ``u`` solves ``a1 s ||u||_1 + a2/2 s^2 = level``; for the Lq
        family, positively homogeneous of degree ``degree``, ``s = (level / P(u))^(1/degree)``.
        """
        target = self.level(radius)
        n_points = 4 * int(np.ceil((n_points - 1) / 4)) + 1  # the points on the axes (corners) are among them
        angles = np.linspace(0.0, 2 * np.pi, n_points)
        directions = np.column_stack([np.cos(angles), np.sin(angles)])
        if self.l1_weight is not None:
            a1, a2 = self.l1_weight * np.abs(directions).sum(axis=1), self.l2_weight
            lengths = target / a1 if a2 == 0 else (-a1 + np.sqrt(a1 * a1 + 2 * a2 * target)) / a2
        else:
            lengths = (target / np.array([self.value(u) for u in directions])) ** (1.0 / self.degree)
        return directions * lengths[:, None]


def _bisect(f, n_steps: int = 80) -> float:
    """Root in ``[0, inf)`` of an increasing function ``f`` with ``f(0) <= 0``, to about machine precision."""
    lo, hi = 0.0, 1.0
    while f(hi) < 0:
        lo, hi = hi, 2 * hi
    for _ in range(n_steps):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return 0.5 * (lo + hi)


def _lq_norm(q: float) -> Callable[[np.ndarray], float]:
    if np.isinf(q):
        return lambda v: float(np.max(np.abs(v)))
    return lambda v: float(np.sum(np.abs(v) ** q) ** (1.0 / q))


def _lq_entry(q: float, color: str) -> Penalty:
    """``sum |w_j|^q`` (``max |w_j|`` for q = inf), for drawing only: no solver uses these."""
    name = "\\infty" if np.isinf(q) else f"{q:g}"
    value = _lq_norm(q) if np.isinf(q) else (lambda w: float(np.sum(np.abs(np.asarray(w, dtype=float)) ** q)))
    dual = None if q < 1 else _lq_norm(1.0 if np.isinf(q) else (np.inf if q == 1 else q / (q - 1)))
    return Penalty(
        key="linf" if np.isinf(q) else f"l{q:g}",
        label=f"$L_{{{name}}}$",
        color=color,
        value=value,
        gradient=None,
        prox=None,
        dual_norm=dual,
        convex=q >= 1,
        corners_on_axes=q <= 1,
        degree=1.0 if np.isinf(q) else float(q),
        shape="square $\\max(|w_1|, |w_2|) \\leq t$" if np.isinf(q) else f"$|w_1|^{{{q:g}}}+|w_2|^{{{q:g}}} \\leq t^{{{q:g}}}$",
    )


def elastic_net(l1_ratio: float = 0.5) -> Penalty:
    """scikit-learn's Elastic Net penalty ``r ||w||_1 + (1 - r)/2 ||w||_2^2`` as a registry entry (``r = l1_ratio``)."""
    r = check_l1_ratio(l1_ratio)
    return Penalty(
        key="elasticnet",
        label=f"Elastic Net (l1_ratio={r:g})",
        color="#CC79A7",  # reddish purple
        value=lambda w: elastic_net_penalty(w, r),
        gradient=lambda w: r * l1_subgradient(w) + (1.0 - r) * np.asarray(w, dtype=float),
        prox=lambda z, t: prox_elastic_net(z, t, r),
        dual_norm=None,
        convex=True,
        corners_on_axes=r > 0,
        shape="rounded diamond",
        l1_ratio=r,
        l1_weight=r,
        l2_weight=1.0 - r,
    )


L1 = Penalty(
    key="l1",
    label="L1 (Lasso)",
    color="#0072B2",  # blue
    value=l1_penalty,
    gradient=l1_subgradient,
    prox=soft_threshold,
    dual_norm=_lq_norm(np.inf),
    convex=True,
    corners_on_axes=True,
    shape="diamond $|w_1|+|w_2| \\leq t$",
    l1_weight=1.0,
    l2_weight=0.0,
)
L2 = Penalty(
    key="l2",
    label="L2 (Ridge)",
    color="#D55E00",  # vermillion
    value=l2_penalty,
    gradient=l2_gradient,
    prox=prox_l2,
    dual_norm=_lq_norm(2.0),
    convex=True,
    corners_on_axes=False,
    shape="disc $w_1^2+w_2^2 \\leq t^2$",
    l1_weight=0.0,
    l2_weight=2.0,  # ||w||^2 = 2/2 ||w||^2
)
ELASTIC_NET = elastic_net(0.5)

# Every penalty the course knows, by key: the solvers, the CLI and the figures iterate over it.
REGISTRY: dict[str, Penalty] = {p.key: p for p in (L1, L2, ELASTIC_NET)}
# The Lq family, for drawing (chapter 6): which balls are convex, which have corners on the axes.
LQ_FAMILY: dict[str, Penalty] = {
    p.key: p
    for p in (
        _lq_entry(0.5, "#E69F00"),  # orange
        L1,
        _lq_entry(1.5, "#009E73"),  # bluish green
        L2,
        _lq_entry(np.inf, "#56B4E9"),  # sky blue
    )
}


def get_penalty(key, *, l1_ratio: float | None = None) -> Penalty:
    """The registry entry for ``key`` (an Elastic Net with ``l1_ratio`` when given); a :class:`Penalty` passes through."""
    if isinstance(key, Penalty):
        return key
    if key == "elasticnet" and l1_ratio is not None:
        return elastic_net(l1_ratio)
    if key in REGISTRY:
        return REGISTRY[key]
    if key in LQ_FAMILY:
        return LQ_FAMILY[key]
    raise ValueError(f"penalty must be one of {tuple(REGISTRY) + tuple(k for k in LQ_FAMILY if k not in REGISTRY)}, got {key!r}")
