"""Two-feature geometry: least squares inside the L1 diamond and the L2 disc, solved exactly.

A least-squares loss in two weights is a quadratic bowl ``f(w) = 1/2 (w - c)^T A (w - c)`` whose
level sets are ellipses around the unpenalized optimum ``c``. The constrained problems are

* diamond: ``min f(w)`` subject to ``|w_1| + |w_2| <= t``
* disc:    ``min f(w)`` subject to ``w_1^2 + w_2^2 <= t^2``

and the penalized problems ``min f(w) + alpha ||w||_1`` and ``min f(w) + alpha ||w||_2^2`` have
the same solutions for a matching pair ``(alpha, t)``, computed by :func:`alpha_to_budget` and
:func:`budget_to_alpha`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import check_alpha, check_Xy
from .penalties import soft_threshold


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


def l1_constrained_solution(loss, budget) -> np.ndarray:
    """Exact minimizer of ``loss`` over the diamond ``|w_1| + |w_2| <= budget``.

    If the centre lies inside, it is the answer. Otherwise the answer is on one of the four edges:
    on each edge the loss is a 1-D quadratic, minimized in closed form and clipped to the edge, so
    a corner (a weight exactly 0) comes out exactly when it is optimal.
    """
    loss, t = _check_loss(loss), _check_budget(budget)
    if np.abs(loss.center).sum() <= t:
        return loss.center.copy()
    corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    best, best_value = None, np.inf
    for k in range(4):
        start, end = corners[k], corners[(k + 1) % 4]
        d = end - start
        s = d @ loss.hessian @ (loss.center - start) / (d @ loss.hessian @ d)
        if s <= 0:
            w = start.copy()
        elif s >= 1:
            w = end.copy()
        else:
            w = start + s * d
        value = loss(w)
        if value < best_value:
            best, best_value = w, value
    return best


def l2_constrained_solution(loss, budget) -> np.ndarray:
    """Exact minimizer of ``loss`` over the disc ``||w||_2 <= budget``.

    Outside the disc the answer is ``w(mu) = (A + mu I)^{-1} A c`` with the unique ``mu > 0`` such
    that ``||w(mu)|| = budget``; ``||w(mu)||`` decreases in ``mu``, so bisection finds it to
    machine precision.
    """
    loss, t = _check_loss(loss), _check_budget(budget)
    if np.linalg.norm(loss.center) <= t:
        return loss.center.copy()
    eigvals, Q = np.linalg.eigh(loss.hessian)
    c = Q.T @ loss.center

    def w_of(mu):
        return Q @ (eigvals * c / (eigvals + mu))

    lo, hi = 0.0, 1.0
    while np.linalg.norm(w_of(hi)) > t:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if np.linalg.norm(w_of(mid)) > t else (lo, mid)
    w = w_of(hi)
    return w * (t / np.linalg.norm(w))  # put it on the circle exactly


def l1_penalized_solution(loss, alpha) -> np.ndarray:
    """Exact minimizer of ``loss(w) + alpha ||w||_1`` in two weights.

    Tries every support (none, one weight, both with each sign pattern), solves each in closed
    form and keeps the feasible candidate with the lowest objective.
    """
    loss, alpha = _check_loss(loss), check_alpha(alpha)
    A, b = loss.hessian, loss.hessian @ loss.center
    candidates = [np.zeros(2)]
    for j in range(2):
        w = np.zeros(2)
        w[j] = soft_threshold(b[j], alpha) / A[j, j]
        candidates.append(w)
    for signs in ([1, 1], [1, -1], [-1, 1], [-1, -1]):
        w = np.linalg.solve(A, b - alpha * np.array(signs, dtype=float))
        if np.all(np.sign(w) == signs):
            candidates.append(w)
    values = [loss(w) + alpha * np.abs(w).sum() for w in candidates]
    return candidates[int(np.argmin(values))]


def l2_penalized_solution(loss, alpha) -> np.ndarray:
    """Exact minimizer of ``loss(w) + alpha ||w||_2^2``: ``(A + 2 alpha I)^{-1} A c``."""
    loss, alpha = _check_loss(loss), check_alpha(alpha)
    A = loss.hessian
    return np.linalg.solve(A + 2 * alpha * np.eye(2), A @ loss.center)


def constrained_solution(loss, budget, penalty: str) -> np.ndarray:
    """Minimizer inside the diamond (``penalty="l1"``) or the disc (``penalty="l2"``)."""
    return {"l1": l1_constrained_solution, "l2": l2_constrained_solution}[_check_penalty(penalty)](loss, budget)


def penalized_solution(loss, alpha, penalty: str) -> np.ndarray:
    """Minimizer of ``loss + alpha * ||w||_1`` or ``loss + alpha * ||w||_2^2``."""
    return {"l1": l1_penalized_solution, "l2": l2_penalized_solution}[_check_penalty(penalty)](loss, alpha)


def alpha_to_budget(loss, alpha, penalty: str) -> float:
    """The budget ``t`` whose constrained solution equals the penalized solution at ``alpha``.

    It is the size of that solution: ``||w||_1`` for L1, ``||w||_2`` for L2.
    """
    w = penalized_solution(loss, alpha, penalty)
    return float(np.abs(w).sum() if penalty == "l1" else np.linalg.norm(w))


def budget_to_alpha(loss, budget, penalty: str) -> float:
    """The penalty ``alpha`` whose penalized solution equals the constrained solution at ``budget``.

    It is the Lagrange multiplier of the constraint, read off the optimality condition
    ``A (c - w) = alpha * s`` with ``s`` a subgradient of the penalty at ``w`` (0 if the
    constraint is not active).
    """
    w = constrained_solution(loss, budget, penalty)
    pull = loss.hessian @ (loss.center - w)  # minus the loss gradient at w
    if penalty == "l1":
        return float(np.max(np.abs(pull)))
    return float(w @ pull / (2 * w @ w)) if np.any(w) else 0.0


def _check_penalty(penalty) -> str:
    if penalty not in ("l1", "l2"):
        raise ValueError(f"penalty must be 'l1' or 'l2', got {penalty!r}")
    return penalty
