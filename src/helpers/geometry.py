"""Two-feature geometry: least squares inside the ball of a penalty, solved exactly.

A least-squares loss in two weights is a quadratic bowl ``f(w) = 1/2 (w - c)^T A (w - c)`` whose
level sets are ellipses around the unpenalized optimum ``c``. For a penalty ``P`` of the registry
(:mod:`helpers.penalties`: L1, L2, Elastic Net) the constrained problem is

    ``min f(w)`` subject to ``P(w) <= P(t e_1)``  (the ball of radius ``t``: the L1 diamond
    ``|w_1| + |w_2| <= t``, the L2 disc ``w_1^2 + w_2^2 <= t^2``, the Elastic Net's rounded diamond)

and the penalized problem ``min f(w) + alpha P(w)`` has the same solution for a matching pair
``(alpha, t)``, computed by :func:`alpha_to_budget` and :func:`budget_to_alpha`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq

from ._validation import check_alpha, check_Xy
from .penalties import Penalty, get_penalty


class QuadraticLoss(NamedTuple):
    """``f(w) = 1/2 (w - center)^T hessian (w - center)``; ``hessian`` symmetric positive definite."""

    center: np.ndarray  # shape (2,)
    hessian: np.ndarray  # shape (2, 2)

    def __call__(self, w) -> np.ndarray:
        """Loss at points ``w`` of shape (..., 2)."""
        d = np.asarray(w, dtype=float) - self.center
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.hessian, d)


def ellipse_loss(center, *, angle: float = 30.0, elongation: float = 3.0) -> QuadraticLoss:
    """A loss whose elliptical contours are centred at ``center`` and tilted by ``angle`` degrees.

    ``elongation`` is the ratio of the long to the short axis of every contour (1 gives circles).
    """
    center = np.asarray(center, dtype=float)
    if center.shape != (2,) or not np.all(np.isfinite(center)):
        raise ValueError(f"center must be two finite numbers, got {center!r}")
    if not (np.isfinite(elongation) and elongation >= 1):
        raise ValueError(f"elongation must be a number >= 1, got {elongation!r}")
    theta = np.deg2rad(angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    # curvature 1 along the long axis, elongation^2 across it: contour axes differ by `elongation`
    hessian = rot @ np.diag([1.0, elongation**2]) @ rot.T
    return QuadraticLoss(center, hessian)


def loss_from_data(X, y) -> QuadraticLoss:
    """The loss ``(1 / (2 n)) ||y_c - X_c w||^2`` (centred data, two features) up to a constant."""
    X, y = check_Xy(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly 2 columns for the 2-D geometry, got {X.shape[1]}")
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    hessian = Xc.T @ Xc / len(y)
    return QuadraticLoss(np.linalg.solve(hessian, Xc.T @ yc / len(y)), hessian)


def _check_loss(loss) -> QuadraticLoss:
    if not isinstance(loss, QuadraticLoss):
        raise ValueError("loss must be a QuadraticLoss (see ellipse_loss or loss_from_data)")
    return loss


def _check_budget(t) -> float:
    t = check_alpha(t, "budget")
    if t == 0:
        raise ValueError("budget must be > 0 (a zero budget only allows w = 0)")
    return t


def _check_penalty(penalty) -> Penalty:
    penalty = get_penalty(penalty)
    if penalty.l1_weight is None:
        raise ValueError(f"penalty {penalty.key!r} is for drawing only: the 2-D solutions need L1, L2 or Elastic Net")
    return penalty


def penalized_solution(loss, alpha, penalty) -> np.ndarray:
    """Exact minimizer of ``loss(w) + alpha P(w)`` in two weights, for L1, L2 or Elastic Net ``P``.

    With ``P = a1 ||w||_1 + a2/2 ||w||^2`` the optimality conditions are linear once the signs of the
    weights are fixed. Every support (none, one weight, both with each sign pattern) is solved in
    closed form and the sign-consistent candidate with the lowest objective is kept, so a weight
    that the optimum puts at 0 comes out exactly 0.
    """
    loss, alpha, penalty = _check_loss(loss), check_alpha(alpha), _check_penalty(penalty)
    return _penalized(loss.hessian, loss.hessian @ loss.center, alpha * penalty.l1_weight, alpha * penalty.l2_weight)


def _penalized(A, b, a1, a2) -> np.ndarray:
    """:func:`penalized_solution` without input checks, in plain floats: the constrained solver calls it
    a dozen times per answer, and a chapter asks for thousands of answers (numpy's per-call overhead
    on 2x2 arrays was most of the time).

    Minimizes ``1/2 w^T A w - b^T w + a1 ||w||_1 + a2/2 ||w||^2``, the objective up to a constant.
    """
    (p, q), (_, r) = A.tolist()  # A = [[p, q], [q, r]]
    b1, b2 = b.tolist()

    def objective(w1, w2):
        return 0.5 * (p * w1 * w1 + 2 * q * w1 * w2 + r * w2 * w2) - b1 * w1 - b2 * w2 + a1 * (abs(w1) + abs(w2)) + 0.5 * a2 * (w1 * w1 + w2 * w2)

    def shrink(z, diagonal):  # one weight alone: the soft-threshold of its pull
        return math.copysign(max(abs(z) - a1, 0.0), z) / diagonal

    candidates = [(0.0, 0.0), (shrink(b1, p + a2), 0.0), (0.0, shrink(b2, r + a2))]
    det = (p + a2) * (r + a2) - q * q
    for s1, s2 in ((1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)):  # both weights, each sign pattern
        c1, c2 = b1 - a1 * s1, b2 - a1 * s2
        w1, w2 = ((r + a2) * c1 - q * c2) / det, ((p + a2) * c2 - q * c1) / det
        if w1 * s1 > 0 and w2 * s2 > 0:
            candidates.append((w1, w2))
    return np.array(min(candidates, key=lambda w: objective(*w)))


def _constrained(loss, budget, penalty) -> tuple[np.ndarray, float]:
    """Minimizer inside the ball of radius ``budget`` and its Lagrange multiplier ``alpha``.

    If the centre lies inside, it is the answer (``alpha = 0``). Otherwise the constraint is active
    and the answer is the penalized solution at the ``alpha`` where its radius equals the budget:
    that radius decreases continuously as ``alpha`` grows, so Brent's method finds ``alpha`` to
    machine precision in a few dozen solves.
    """
    loss, t, penalty = _check_loss(loss), _check_budget(budget), _check_penalty(penalty)
    if penalty.radius(loss.center) <= t:
        return loss.center.copy(), 0.0
    A, b = loss.hessian, loss.hessian @ loss.center

    def solution(alpha):
        return _penalized(A, b, alpha * penalty.l1_weight, alpha * penalty.l2_weight)

    def excess(alpha):  # > 0 while the penalized solution lies outside the ball
        return penalty.radius(solution(alpha)) - t

    hi = 1.0
    while excess(hi) > 0:
        hi *= 2.0
    alpha = brentq(excess, 0.0, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    w = solution(alpha)
    support = np.flatnonzero(w)
    if len(support) == 1:  # a corner: the ball crosses the axis exactly at radius t
        w[support[0]] = np.sign(w[support[0]]) * t
    return w, alpha


def constrained_solution(loss, budget, penalty) -> np.ndarray:
    """Exact minimizer of ``loss`` over the ball ``P(w) <= P(budget e_1)`` of a registered penalty.

    ``penalty`` is a key (``"l1"``: the diamond ``|w_1| + |w_2| <= budget``; ``"l2"``: the disc of
    radius ``budget``; ``"elasticnet"``) or a :class:`helpers.penalties.Penalty`.
    """
    return _constrained(loss, budget, penalty)[0]


def alpha_to_budget(loss, alpha, penalty) -> float:
    """The budget ``t`` whose constrained solution equals the penalized solution at ``alpha``.

    It is the radius of that solution (:meth:`Penalty.radius`): ``||w||_1`` for L1, ``||w||_2`` for L2.
    """
    penalty = _check_penalty(penalty)
    return penalty.radius(penalized_solution(loss, alpha, penalty))


def budget_to_alpha(loss, budget, penalty) -> float:
    """The penalty ``alpha`` whose penalized solution equals the constrained solution at ``budget``.

    It is the Lagrange multiplier of the constraint (0 when the constraint is not active).
    """
    return _constrained(loss, budget, penalty)[1]
