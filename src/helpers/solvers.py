"""Ridge, the Elastic Net and the Lasso solved from scratch, with the certificates that prove an answer optimal.

Objectives (scikit-learn's conventions; see :mod:`helpers.penalties` for the others):

* Ridge: ``||y - X w - b||^2 + alpha ||w||_2^2``
* Elastic Net: ``(1 / (2 n)) ||y - X w - b||^2 + alpha r ||w||_1 + alpha (1 - r) / 2 ||w||_2^2``,
  ``r = l1_ratio`` in [0, 1]
* Lasso: ``(1 / (2 n)) ||y - X w - b||^2 + alpha ||w||_1``, the Elastic Net at ``l1_ratio = 1``

One coordinate-descent core (:func:`_cd_pass`) serves :func:`elastic_net`, :func:`lasso` and their
paths; ridge keeps its closed form (SVD).

The intercept ``b`` is never penalized. With ``fit_intercept=True`` every problem is solved on
centred ``X`` and ``y`` and ``b = mean(y) - mean(X) @ w``, which is exactly the unpenalized
intercept's optimality condition.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np

from ._validation import (
    check_alpha,
    check_alphas,
    check_finite_scale,
    check_l1_ratio,
    check_matrix,
    check_positive_int,
    check_tol,
    check_vector,
    check_Xy,
)
from .penalties import L1, Penalty, get_penalty, l1_penalty


class RidgeResult(NamedTuple):
    coef: np.ndarray
    intercept: float


class DescentResult(NamedTuple):
    """Output of the first-order methods: final weights plus every iterate, for plotting."""

    coef: np.ndarray
    intercept: float
    coef_history: np.ndarray  # shape (n_iter + 1, n_features), row 0 is the start
    objective_history: np.ndarray  # shape (n_iter + 1,)


def _center(X, y, fit_intercept):
    """Centred ``X`` and ``y`` (unchanged without intercept), their means; refuses data too large to compute with.

    Every solver starts here, so this is the one place that turns float64 overflow (centring values near
    1.8e308, or sums of squares beyond it) into a ValueError instead of NaN coefficients.
    """
    if not fit_intercept:
        Xc, yc, x_mean, y_mean = X, y, np.zeros(X.shape[1]), 0.0
    else:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported just below, in words
            x_mean, y_mean = X.mean(axis=0), y.mean()
            Xc, yc = X - x_mean, y - y_mean
    what = "after centring" if fit_intercept else "as given"
    check_finite_scale(Xc, "X", what)
    check_finite_scale(yc, "y", what)
    return Xc, yc, x_mean, y_mean


def _intercept(x_mean, y_mean, coef) -> float:
    return float(y_mean - x_mean @ coef)


# ----------------------------------------------------------------------------- ridge
def ridge(X, y, alpha, *, fit_intercept: bool = True) -> RidgeResult:
    """Exact minimizer of ``||y - X w - b||^2 + alpha ||w||_2^2`` (scikit-learn's ``Ridge``).

    Solved through the thin SVD ``X = U diag(d) V^T``: ``w = V diag(d / (d^2 + alpha)) U^T y``.
    With ``alpha = 0`` this is the minimum-norm least-squares solution.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    alpha : float >= 0
    fit_intercept : bool
        Fit an unpenalized intercept (by centring).
    """
    return RidgeResult(*_ridge_path(X, y, [check_alpha(alpha)], fit_intercept)[0])


def ridge_path(X, y, alphas, *, fit_intercept: bool = True) -> np.ndarray:
    """Ridge coefficients for every alpha from one SVD; shape ``(len(alphas), n_features)``."""
    return np.array([coef for coef, _ in _ridge_path(X, y, check_alphas(alphas), fit_intercept)])


def _ridge_path(X, y, alphas, fit_intercept):
    X, y = check_Xy(X, y)
    Xc, yc, x_mean, y_mean = _center(X, y, fit_intercept)
    U, d, Vt = np.linalg.svd(Xc, full_matrices=False)
    Uty = U.T @ yc
    keep = d > d.max(initial=0.0) * max(Xc.shape) * np.finfo(float).eps  # drop null directions
    out = []
    for alpha in alphas:
        shrink = np.zeros_like(d)
        shrink[keep] = d[keep] / (d[keep] ** 2 + alpha)
        coef = Vt.T @ (shrink * Uty)
        out.append((coef, _intercept(x_mean, y_mean, coef)))
    return out


def ridge_shrinkage_factors(X, alpha, *, fit_intercept: bool = True) -> np.ndarray:
    """``d_j^2 / (d_j^2 + alpha)`` for each singular value ``d_j`` of (centred) ``X``, largest first.

    Ridge scales the least-squares fit along the j-th principal direction by this factor;
    their sum is the effective degrees of freedom.
    """
    X = check_matrix(X)
    alpha = check_alpha(alpha)
    Xc = _center(X, np.zeros(X.shape[0]), fit_intercept)[0]
    d = np.linalg.svd(Xc, compute_uv=False)
    return d**2 / (d**2 + alpha) if alpha > 0 else (d > 0).astype(float)


# ----------------------------------------------------------------------------- elastic net and lasso
def elastic_net_objective(X, y, coef, intercept, alpha, *, l1_ratio: float = 0.5) -> float:
    """``(1 / (2 n)) ||y - X w - b||^2 + alpha r ||w||_1 + alpha (1 - r) / 2 ||w||_2^2`` with ``r = l1_ratio``."""
    penalty = get_penalty("elasticnet", l1_ratio=check_l1_ratio(l1_ratio))
    r = y - X @ coef - intercept
    return float(r @ r / (2 * len(y)) + alpha * penalty.value(coef))


def lasso_objective(X, y, coef, intercept, alpha) -> float:
    """``(1 / (2 n)) ||y - X w - b||^2 + alpha ||w||_1``."""
    r = y - X @ coef - intercept
    return float(r @ r / (2 * len(y)) + alpha * l1_penalty(coef))


def alpha_max(X, y, *, fit_intercept: bool = True, l1_ratio: float = 1.0) -> float:
    """Smallest ``alpha`` at which every coefficient is exactly 0: ``max_j |x_j^T y| / (n l1_ratio)``.

    At ``w = 0`` the KKT condition reads ``|x_j^T (y - mean y)| / n <= alpha l1_ratio`` for every
    feature (the L2 part of the Elastic Net has gradient 0 there). The default ``l1_ratio=1`` is the Lasso's.
    """
    X, y = check_Xy(X, y)
    l1_ratio = check_l1_ratio(l1_ratio)
    if l1_ratio == 0:
        raise ValueError("l1_ratio must be > 0 for alpha_max: without an L1 part no alpha sets every coefficient to 0")
    Xc, yc, _, _ = _center(X, y, fit_intercept)
    return float(np.max(np.abs(Xc.T @ yc)) / (len(yc) * l1_ratio))


def elastic_net_duality_gap(X, y, coef, alpha, *, l1_ratio: float = 0.5, fit_intercept: bool = True) -> float:
    """Duality gap of the Elastic Net at ``coef``: an upper bound on ``objective(coef) - optimum``.

    See :func:`_gap` for the dual points used; the gap is >= 0 for every ``coef`` and 0 exactly at
    the optimum. With ``l1_ratio=1`` it is :func:`lasso_duality_gap`.
    """
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    l1, l2 = _split(alpha, check_l1_ratio(l1_ratio))
    coef = check_vector(coef, "coef", length=X.shape[1])
    Xc, yc, _, _ = _center(X, y, fit_intercept)
    return _gap(Xc, yc, coef, yc - Xc @ coef, l1, l2)


def lasso_duality_gap(X, y, coef, alpha, *, fit_intercept: bool = True) -> float:
    """Duality gap of the Lasso at ``coef``: an upper bound on ``objective(coef) - optimum``.

    Uses the dual point ``theta = r * min(1, n alpha / ||X^T r||_inf)`` built from the residual
    ``r``; the gap is >= 0 for every ``coef`` and is 0 exactly at the optimum.
    """
    return elastic_net_duality_gap(X, y, coef, alpha, l1_ratio=1.0, fit_intercept=fit_intercept)


def _split(alpha, l1_ratio):
    """``(alpha l1_weight, alpha l2_weight)``: the L1 and L2 strengths of the registry's Elastic Net entry."""
    penalty = get_penalty("elasticnet", l1_ratio=l1_ratio)
    return alpha * penalty.l1_weight, alpha * penalty.l2_weight


def _gap(Xc, yc, coef, r, l1, l2, corr=None) -> float:
    """Duality gap at ``coef`` with residual ``r = yc - Xc coef``; pass ``corr = Xc^T r`` if already computed.

    The primal is the objective times ``n`` (scikit-learn's scaling, see ``enet_coordinate_descent`` in
    sklearn/linear_model/_cd_fast.pyx)::

        P(w) = 1/2 ||y - X w||^2 + l1_reg ||w||_1 + l2_reg / 2 ||w||^2,   l1_reg = n l1, l2_reg = n l2.

    Its Lagrange dual (write ``u = y - X w``, dualize that constraint with ``theta``, and minimize over
    ``u`` and each ``w_j`` separately; ``h_j(w_j) = l1_reg |w_j| + l2_reg / 2 w_j^2`` has the convex
    conjugate ``h*(v) = (|v| - l1_reg)_+^2 / (2 l2_reg)``) is, for any ``theta`` in R^n::

        D(theta) = 1/2 ||y||^2 - 1/2 ||y - theta||^2 - sum_j (|x_j^T theta| - l1_reg)_+^2 / (2 l2_reg).

    With ``l2_reg = 0`` (the Lasso) the last term becomes the constraint ``|x_j^T theta| <= l1_reg``.
    Every ``D(theta)`` is <= the optimum <= ``P(w)``, so ``(P(w) - D(theta)) / n`` bounds the
    suboptimality of ``w``; at the optimum ``theta = r`` closes the gap. Two dual points are tried:

    * ``theta = c r`` with ``c = min(1, l1_reg / ||X^T r - l2_reg w||_inf)``, scikit-learn's point.
      scikit-learn evaluates it in its "formulation A", the Lasso dual of the augmented problem
      ``X -> [X; sqrt(l2_reg) I]``, ``y -> [y; 0]``, which gives its gap
      ``1/2 (1 + c^2)(||r||^2 + l2_reg ||w||^2) + l1_reg ||w||_1 - c r^T y``. ``D`` above maximizes
      that augmented dual over its last ``p`` entries, so at the same ``c r`` our gap is never larger,
      and equal when ``l2_reg = 0``: then it is exactly the Lasso's gap.
    * ``theta = r`` itself when ``l2_reg > 0`` (scikit-learn's "formulation B", which it uses only at
      ``l1_reg = 0``). It certifies small ``l1_ratio``, where ``c`` is 1 only to within rounding
      divided by ``l1_reg`` and the first point's gap stalls far above any tolerance.

    The larger of the two dual values is used.
    """
    n = len(yc)
    l1_reg, l2_reg = n * l1, n * l2
    if corr is None:
        corr = Xc.T @ r
    dual_norm = np.max(np.abs(corr - l2 * n * coef)) if l2_reg else np.max(np.abs(corr))
    scale = 1.0 if dual_norm <= l1_reg else l1_reg / dual_norm
    primal = 0.5 * r @ r + l1_reg * l1_penalty(coef)
    yy = yc @ yc

    def dual(c):
        theta = c * r
        value = 0.5 * yy - 0.5 * (yc - theta) @ (yc - theta)
        if l2_reg:  # the conjugate of the L2 part; without it theta = c r is feasible and the term is 0
            excess = np.maximum(np.abs(c * corr) - l1_reg, 0.0)
            value -= excess @ excess / (2 * l2_reg)
        return value

    best = dual(scale)
    if l2_reg:
        primal += 0.5 * l2_reg * coef @ coef
        best = max(best, dual(1.0))
    return float(max(primal - best, 0.0) / n)


def lasso_kkt_violation(X, y, coef, alpha, *, fit_intercept: bool = True) -> float:
    """Largest violation of the Lasso's optimality (KKT) conditions at ``coef``; 0 at the optimum.

    With ``g = X^T (y - X w) / n``: ``g_j = alpha * sign(w_j)`` where ``w_j != 0`` and
    ``|g_j| <= alpha`` where ``w_j == 0``.
    """
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    coef = check_vector(coef, "coef", length=X.shape[1])
    Xc, yc, _, _ = _center(X, y, fit_intercept)
    g = Xc.T @ (yc - Xc @ coef) / len(yc)
    active = coef != 0
    on_support = np.abs(g[active] - alpha * np.sign(coef[active]))
    off_support = np.maximum(np.abs(g[~active]) - alpha, 0.0)
    return float(np.max(np.concatenate([on_support, off_support, [0.0]])))


class ElasticNetResult(NamedTuple):
    coef: np.ndarray
    intercept: float
    n_iter: int
    duality_gap: float


LassoResult = ElasticNetResult  # the Lasso is the Elastic Net at l1_ratio = 1


def elastic_net(
    X,
    y,
    alpha,
    *,
    l1_ratio: float = 0.5,
    fit_intercept: bool = True,
    tol: float = 1e-10,
    max_iter: int = 100_000,
    coef_init=None,
    method: str = "cd",
) -> ElasticNetResult:
    """Minimize ``(1/(2n)) ||y - X w - b||^2 + alpha r ||w||_1 + alpha (1 - r)/2 ||w||_2^2`` (``ElasticNet``).

    ``r = l1_ratio``: 1 is the Lasso (:func:`lasso`), 0 ridge with ``Ridge``'s ``alpha`` equal to
    ``n alpha`` (:func:`ridge` solves that one in closed form).

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    alpha : float >= 0
    l1_ratio : float in [0, 1]
        Share of the L1 part in the penalty.
    fit_intercept : bool
        Fit an unpenalized intercept (by centring).
    tol : float
        Stop when the duality gap (:func:`_gap`) is at most ``tol`` times the objective at ``w = 0``
        (``||y - mean y||^2 / (2 n)``): a certified relative accuracy. The gap is computed from a
        residual recomputed from scratch, and a ``RuntimeWarning`` says when ``max_iter`` ends first.
    max_iter : int
        Maximum number of passes over the features (``"cd"``) or of gradient steps.
    coef_init : array, shape (n_features,), optional
        Starting point (a warm start).
    method : {"cd", "ista", "fista"}
        Cyclic coordinate descent, whose update of one weight is
        ``w_j = S(rho_j, alpha r) / (||x_j||^2 / n + alpha (1 - r))`` with ``S`` the soft-threshold and
        ``rho_j = x_j^T (residual without feature j) / n``; proximal gradient (ISTA) with the registry's
        Elastic Net proximal operator; or its accelerated form (FISTA). All three set exact zeros
        (for ``l1_ratio > 0``).

    Returns
    -------
    ElasticNetResult
        ``coef``, ``intercept``, ``n_iter`` (passes or steps used) and the final ``duality_gap``.
    """
    return _fit(X, y, alpha, l1_ratio, fit_intercept, tol, max_iter, coef_init, method, "elastic_net (l1_ratio = {l1_ratio:g})")


def lasso(
    X,
    y,
    alpha,
    *,
    fit_intercept: bool = True,
    tol: float = 1e-10,
    max_iter: int = 100_000,
    method: str = "cd",
    coef_init=None,
) -> LassoResult:
    """Minimize ``(1 / (2 n)) ||y - X w - b||^2 + alpha ||w||_1`` (scikit-learn's ``Lasso``).

    :func:`elastic_net` at ``l1_ratio=1``, as in scikit-learn.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    alpha : float >= 0
    fit_intercept : bool
        Fit an unpenalized intercept (by centring).
    tol : float
        Stop when the duality gap is at most ``tol`` times the objective at ``w = 0``
        (``||y - mean y||^2 / (2 n)``): a certified relative accuracy. The gap is computed from a
        residual recomputed from scratch, and a ``RuntimeWarning`` says when ``max_iter`` ends first.
    max_iter : int
        Maximum number of passes over the features (``"cd"``) or of gradient steps.
    method : {"cd", "ista", "fista"}
        Cyclic coordinate descent; proximal gradient (ISTA); or its accelerated form (FISTA).
        All three set weights to exact zeros by soft-thresholding.
    coef_init : array, shape (n_features,), optional
        Starting point (a warm start).

    Returns
    -------
    LassoResult
        ``coef``, ``intercept``, ``n_iter`` (passes or steps used) and the final ``duality_gap``.
    """
    return _fit(X, y, alpha, 1.0, fit_intercept, tol, max_iter, coef_init, method, "lasso")


def _fit(X, y, alpha, l1_ratio, fit_intercept, tol, max_iter, coef_init, method, where) -> ElasticNetResult:
    """What :func:`elastic_net` and :func:`lasso` do; ``where`` names the caller in warnings (``{l1_ratio}`` filled in)."""
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    l1_ratio = check_l1_ratio(l1_ratio)
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = check_tol(tol)
    if method not in _METHODS:
        raise ValueError(f"method must be one of {tuple(_METHODS)}, got {method!r}")
    Xc, yc, x_mean, y_mean = _center(X, y, fit_intercept)
    w = np.zeros(X.shape[1]) if coef_init is None else check_vector(coef_init, "coef_init", X.shape[1]).copy()
    solve, unit = _METHODS[method]
    gap_tol = tol * (yc @ yc) / (2 * len(yc))
    w, n_iter, gap = solve(Xc, yc, alpha, l1_ratio, w, gap_tol, max_iter)
    if not gap <= gap_tol:  # written so that a NaN gap counts as not certified
        _warn_uncertified(where.format(l1_ratio=l1_ratio), alpha, gap, gap_tol, max_iter, unit)
    return ElasticNetResult(w, _intercept(x_mean, y_mean, w), n_iter, gap)


def _warn_uncertified(where, alpha, gap, gap_tol, max_iter, unit):
    """Say that an answer stopped without its certificate, rather than return it silently."""
    hint = "raise max_iter or tol"
    if alpha == 0:  # the dual point is then 0, so the gap is the whole objective unless y is fitted exactly
        hint = "at alpha = 0 the gap certifies only an exact fit; for least squares use ridge(X, y, 0)"
    warnings.warn(
        f"{where}: at alpha = {alpha:.4g} the duality gap is still {gap:.3g} after max_iter = {max_iter} "
        f"{unit} (tolerance {gap_tol:.3g}); {hint}",
        RuntimeWarning,
        stacklevel=4,  # the user's call of elastic_net, lasso or a path (each calls one helper, which calls this)
    )


def _fresh_gap(Xc, yc, w, l1, l2):
    """Residual ``yc - Xc w`` computed from scratch, its ``Xc^T r`` and the duality gap.

    Coordinate descent updates the residual in place, one feature at a time; over many passes its
    rounding errors add up (at alpha = 1e-11 on the diabetes data the updated residual certified a gap
    68 times smaller than the true one). So no answer is certified from the updated residual alone.
    """
    r = yc - Xc @ w
    corr = Xc.T @ r
    return r, corr, _gap(Xc, yc, w, r, l1, l2, corr)


def _enet_cd(Xc, yc, alpha, l1_ratio, w, gap_tol, max_iter):
    l1, l2 = _split(alpha, l1_ratio)
    n = len(yc)
    col_sq = np.einsum("ij,ij->j", Xc, Xc) / n
    features = np.flatnonzero(col_sq)  # a constant column can never enter the model
    r, _, gap = _fresh_gap(Xc, yc, w, l1, l2)
    for sweep in range(1, max_iter + 1):
        if gap <= gap_tol:
            r, _, gap = _fresh_gap(Xc, yc, w, l1, l2)  # the updated residual says "done": check from scratch
            if gap <= gap_tol:
                return w, sweep - 1, gap
        _cd_pass(Xc, r, w, col_sq, l1, l2, features)
        gap = _gap(Xc, yc, w, r, l1, l2)
    return w, max_iter, _fresh_gap(Xc, yc, w, l1, l2)[2]


def _cd_pass(Xc, r, w, col_sq, l1, l2, visit):
    """One pass of cyclic coordinate descent over the features ``visit``; changes ``w`` and the residual ``r``.

    The exact minimizer in ``w_j`` with the others fixed is ``S(rho, l1) / (col_sq_j + l2)``, with
    ``rho = x_j^T r / n + col_sq_j w_j`` (the fit of feature j to the residual without it) and ``S`` the
    soft-threshold of :func:`helpers.penalties.soft_threshold`, written out here: that function checks its
    arguments, which took most of this innermost loop's time (an unchecked inner copy, as scikit-learn's
    ``check_input=False``).
    """
    n = len(r)
    for j in visit:
        w_j = w[j]
        rho = Xc[:, j] @ r / n + col_sq[j] * w_j
        w_new = np.sign(rho) * max(abs(rho) - l1, 0.0) / (col_sq[j] + l2)
        if w_new != w_j:
            r -= Xc[:, j] * (w_new - w_j)
            w[j] = w_new


def _enet_cd_path_step(Xc, yc, gram, Xty, l1, l2, w, gap_tol, max_iter):
    """Coordinate descent from a warm start, with two shortcuts that pay off along a path.

    1. Each time the weights show a sign pattern not tried before (the warm start's first), solve
       the optimality conditions of the non-zero weights, which are linear equations for fixed
       signs (:func:`_enet_on_support`), and jump to that solution if it lowers the objective.
       Along a path neighbouring alphas mostly share their signs, so this often is the answer.
    2. A coordinate descent pass visits only the non-zero weights and the zero ones that violate
       their optimality condition ``|x_j^T r| / n <= l1``: any other weight would stay at 0 (the L2
       part has gradient 0 at 0). Right after a jump the non-zero weights already satisfy theirs, so
       the pass visits only the violators; the next jump then solves for the non-zero weights together
       with them.

    The stopping rule is :func:`_enet_cd`'s: the duality gap, computed over every feature.
    ``gram = Xc^T Xc`` and ``Xty = Xc^T yc`` are computed once per path; ``l1 = alpha r`` and
    ``l2 = alpha (1 - r)``.
    """
    n = len(yc)
    col_sq = np.diag(gram) / n
    features = np.flatnonzero(col_sq)

    def objective(w, r):  # n times the objective, from the residual r = yc - Xc w
        return 0.5 * r @ r + n * l1 * l1_penalty(w) + 0.5 * n * l2 * (w @ w)

    r = yc - Xc @ w
    corr = Xc.T @ r  # X^T r serves twice: in the gap, then to pick the features to visit
    gap = _gap(Xc, yc, w, r, l1, l2, corr)
    tried = None
    for sweep in range(1, max_iter + 1):
        signs, jumped = np.sign(w), False
        if not gap <= gap_tol and signs.any() and not np.array_equal(signs, tried):
            tried, w_jump = signs, _enet_on_support(gram, Xty, n * l1, n * l2, signs)
            # The jump is the best point with these signs, so it can only lower the objective (up to
            # rounding). Its gap can still be larger than here, when a feature about to enter the
            # model violates its condition more at the jump: compare objectives, not gaps.
            if w_jump is not None:
                r_jump = yc - Xc @ w_jump
                if objective(w_jump, r_jump) <= objective(w, r):
                    w, r, signs, jumped = w_jump, r_jump, np.sign(w_jump), True
                    corr = Xc.T @ r
                    gap = _gap(Xc, yc, w, r, l1, l2, corr)
        if gap <= gap_tol:
            r, corr, gap = _fresh_gap(Xc, yc, w, l1, l2)  # the updated residual says "done": check from scratch
            if gap <= gap_tol:
                return w, sweep - 1, gap
        violators = (signs[features] == 0) & (np.abs(corr[features]) / n > l1)
        visit = features[violators if jumped else violators | (signs[features] != 0)]
        _cd_pass(Xc, r, w, col_sq, l1, l2, visit)
        corr = Xc.T @ r
        gap = _gap(Xc, yc, w, r, l1, l2, corr)
    return w, max_iter, _fresh_gap(Xc, yc, w, l1, l2)[2]


def _enet_on_support(gram, Xty, l1_reg, l2_reg, signs):
    """Solve ``(X_S^T X_S + l2_reg I) w_S = X_S^T y - l1_reg s`` on the support ``S`` of ``signs`` (``s``: their signs).

    These are the optimality conditions of the non-zero weights when their signs are ``s``
    (``l1_reg = n alpha r``, ``l2_reg = n alpha (1 - r)``); ``gram = X^T X`` and ``Xty = X^T y``
    (centred) make them a small linear system in ``w_S``.

    Returns the full weight vector (0 off ``S``), or None when the solution does not have the signs
    ``s`` (then these signs are not the optimum's) or the equations are singular (duplicate columns
    without an L2 part).
    """
    support = np.flatnonzero(signs)
    system = gram[np.ix_(support, support)]  # a copy: the diagonal can be shifted in place
    if l2_reg:
        system.flat[:: len(support) + 1] += l2_reg
    try:
        w_s = np.linalg.solve(system, Xty[support] - l1_reg * signs[support])
    except np.linalg.LinAlgError:
        return None
    if not np.array_equal(np.sign(w_s), signs[support]):
        return None
    w = np.zeros_like(signs)
    w[support] = w_s
    return w


def _proximal_gradient(Xc, yc, alpha, l1_ratio, w, gap_tol, max_iter, accelerated):
    """ISTA (or FISTA): a gradient step of ``1 / L`` on the data term, then the registry's Elastic Net prox."""
    penalty = get_penalty("elasticnet", l1_ratio=l1_ratio)
    l1, l2 = _split(alpha, l1_ratio)
    n = len(yc)
    lipschitz = np.linalg.norm(Xc, 2) ** 2 / n
    if lipschitz == 0:  # X is constant: w = 0 is optimal
        return np.zeros_like(w), 0, 0.0
    step = 1.0 / lipschitz
    z, t = w.copy(), 1.0
    for it in range(1, max_iter + 1):
        grad = -Xc.T @ (yc - Xc @ z) / n
        w_next = penalty.prox(z - step * grad, step * alpha)
        if accelerated:
            t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
            z = w_next + ((t - 1) / t_next) * (w_next - w)
            t = t_next
        else:
            z = w_next
        w = w_next
        if it % 10 == 0 or it == max_iter:  # the gap costs as much as a step: check it now and then
            gap = _gap(Xc, yc, w, yc - Xc @ w, l1, l2)
            if gap <= gap_tol:
                return w, it, gap
    return w, max_iter, gap


_METHODS = {  # name: (solver, what max_iter counts)
    "cd": (_enet_cd, "passes"),
    "ista": (lambda *args: _proximal_gradient(*args, accelerated=False), "steps"),
    "fista": (lambda *args: _proximal_gradient(*args, accelerated=True), "steps"),
}


def elastic_net_path(
    X,
    y,
    alphas,
    *,
    l1_ratio: float = 0.5,
    fit_intercept: bool = True,
    tol: float = 1e-10,
    max_iter: int = 100_000,
) -> np.ndarray:
    """Elastic Net coefficients for every alpha, shape ``(len(alphas), n_features)`` (``enet_path``).

    Coordinate descent warm-started from the previous alpha's solution, so pass alphas from
    large to small (as :func:`default_alphas` does) for speed; any order gives the same answer.
    Each alpha stops on the same certified duality gap as :func:`elastic_net` (see ``tol``), reached
    sooner by two shortcuts (:func:`_enet_cd_path_step`): a jump to the exact solution for the
    signs the weights have, and passes that skip weights which would stay at 0.
    """
    return _path(X, y, alphas, l1_ratio, fit_intercept, tol, max_iter, "elastic_net_path (l1_ratio = {l1_ratio:g})")


def lasso_path(X, y, alphas, *, fit_intercept: bool = True, tol: float = 1e-10, max_iter: int = 100_000) -> np.ndarray:
    """Lasso coefficients for every alpha, shape ``(len(alphas), n_features)``.

    :func:`elastic_net_path` at ``l1_ratio=1``: coordinate descent warm-started from the previous
    alpha's solution, so pass alphas from large to small (as :func:`default_alphas` does) for speed;
    any order gives the same answer. Each alpha stops on the same certified duality gap as
    :func:`lasso` (see ``tol``).
    """
    return _path(X, y, alphas, 1.0, fit_intercept, tol, max_iter, "lasso_path")


def _path(X, y, alphas, l1_ratio, fit_intercept, tol, max_iter, where) -> np.ndarray:
    alphas = check_alphas(alphas)
    X, y = check_Xy(X, y)
    l1_ratio = check_l1_ratio(l1_ratio)
    max_iter = check_positive_int(max_iter, "max_iter")
    tol = check_tol(tol)
    Xc, yc, _, _ = _center(X, y, fit_intercept)  # once for the whole path
    Xc = np.asfortranarray(Xc)  # coordinate descent reads one column at a time: store columns contiguously
    gap_tol = tol * (yc @ yc) / (2 * len(yc))
    gram, Xty = Xc.T @ Xc, Xc.T @ yc
    coefs = np.empty((len(alphas), X.shape[1]))
    w = np.zeros(X.shape[1])
    for k, alpha in enumerate(alphas):
        l1, l2 = _split(alpha, l1_ratio)
        w, _, gap = _enet_cd_path_step(Xc, yc, gram, Xty, l1, l2, w.copy(), gap_tol, max_iter)
        if not gap <= gap_tol:  # not certified (a NaN gap included): say so rather than return it silently
            _warn_uncertified(where.format(l1_ratio=l1_ratio), alpha, gap, gap_tol, max_iter, "passes")
        coefs[k] = w
    return coefs


def default_alphas(
    X, y, *, n_alphas: int = 100, ratio: float = 1e-3, fit_intercept: bool = True, l1_ratio: float = 1.0
) -> np.ndarray:
    """A log-spaced grid from :func:`alpha_max` down to ``ratio * alpha_max`` (scikit-learn's default grid)."""
    top = alpha_max(X, y, fit_intercept=fit_intercept, l1_ratio=l1_ratio)
    return np.geomspace(top, top * ratio, check_positive_int(n_alphas, "n_alphas"))


# ----------------------------------------------------------------------------- first-order methods
def gradient_descent(
    X,
    y,
    alpha,
    *,
    penalty: str | Penalty = "l1",
    step: str = "proximal",
    lr: float | None = None,
    n_iter: int = 100,
    fit_intercept: bool = True,
) -> DescentResult:
    """Full-batch gradient descent on ``(1 / (2 n)) ||y - X w - b||^2 + alpha * P(w)``.

    ``P`` is the registry's penalty (:data:`helpers.penalties.REGISTRY`): ``||w||_1`` for ``"l1"``,
    ``||w||_2^2`` for ``"l2"``, ``r ||w||_1 + (1 - r)/2 ||w||_2^2`` for ``"elasticnet"`` (or any
    :class:`~helpers.penalties.Penalty`, e.g. ``get_penalty("elasticnet", l1_ratio=0.3)``): the
    ``"mse"`` convention of :mod:`helpers.penalties`. For the Elastic Net it is scikit-learn's
    ``ElasticNet`` objective with the same ``alpha``. One iteration uses every sample once (one epoch).

    Parameters
    ----------
    penalty : str or Penalty
        A registry key or entry with a proximal operator and a (sub)gradient.
    step : {"proximal", "subgradient"}
        ``"proximal"``: a gradient step on the data term, then the penalty's proximal operator
        (soft-thresholding for L1: exact zeros). ``"subgradient"``: the update
        ``w -= lr * (gradient + alpha * P'(w))`` written in many tutorials (``P'(w) = sign(w)`` for L1);
        with an L1 part its weights keep hopping around zero instead of settling on it.
    lr : float, optional
        Step size; defaults to ``1 / L`` with ``L = ||X_c||_2^2 / n`` the data term's curvature.
    n_iter : int
        Number of iterations (epochs).
    """
    X, y = check_Xy(X, y)
    alpha = check_alpha(alpha)
    n_iter = check_positive_int(n_iter, "n_iter")
    penalty = get_penalty(penalty)
    if penalty.prox is None or penalty.gradient is None:
        raise ValueError(f"penalty {penalty.key!r} is drawn only: it has no proximal operator or gradient to descend with")
    if step not in ("proximal", "subgradient"):
        raise ValueError(f"step must be 'proximal' or 'subgradient', got {step!r}")
    Xc, yc, x_mean, y_mean = _center(X, y, fit_intercept)
    n = len(yc)
    if lr is None:
        curvature = np.linalg.norm(Xc, 2) ** 2 / n
        lr = 1.0 / curvature if curvature > 0 else 1.0
    elif not (isinstance(lr, (int, float)) and np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")

    def objective(w):
        r = yc - Xc @ w
        return r @ r / (2 * n) + alpha * penalty.value(w)

    w = np.zeros(X.shape[1])
    coefs, objectives = [w.copy()], [objective(w)]
    for _ in range(n_iter):
        grad = -Xc.T @ (yc - Xc @ w) / n
        if step == "subgradient":
            w = w - lr * (grad + alpha * penalty.gradient(w))
        else:  # the exact minimizer of 1/(2 lr) ||w - z||^2 + alpha P(w) at the gradient step z
            w = penalty.prox(w - lr * grad, lr * alpha)
        coefs.append(w.copy())
        objectives.append(objective(w))
    return DescentResult(w, _intercept(x_mean, y_mean, w), np.array(coefs), np.array(objectives))


def subgradient_descent(X, y, alpha, *, lr: float | None = None, n_iter: int = 500, fit_intercept: bool = True):
    """The source article's L1 update ``w -= lr * (gradient + alpha * sign(w))`` on the Lasso objective.

    Kept to show what it does *not* do: its weights hover near zero but are (almost) never exactly
    zero. Compare with ``gradient_descent(..., step="proximal")`` or :func:`lasso`.
    """
    return gradient_descent(X, y, alpha, penalty=L1, step="subgradient", lr=lr, n_iter=n_iter, fit_intercept=fit_intercept)


# ----------------------------------------------------------------------------- choosing alpha
class CVChoice(NamedTuple):
    """What cross-validation chose: the best alpha and the one-standard-error alpha."""

    alpha_min: float  # alpha with the lowest mean validation error
    alpha_1se: float  # largest alpha whose mean error is within one standard error of that minimum
    index_min: int
    index_1se: int


def one_standard_error_alpha(alphas, cv_mean, cv_se) -> CVChoice:
    """Apply the one-standard-error rule to a cross-validation curve.

    Among all alphas whose mean validation error is at most ``cv_mean[best] + cv_se[best]``
    (``best`` = the minimizer of ``cv_mean``), take the *largest*: the simplest model that CV
    cannot tell apart from the best one (Hastie, Tibshirani and Friedman, ESL section 7.10).

    Parameters
    ----------
    alphas : array, shape (n_alphas,)
        Penalty strengths, in any order.
    cv_mean : array, shape (n_alphas,)
        Mean validation error over the folds at each alpha.
    cv_se : array, shape (n_alphas,)
        Its standard error (standard deviation over folds / sqrt(n_folds)), >= 0.
    """
    alphas = check_alphas(alphas)
    cv_mean = check_vector(cv_mean, "cv_mean", length=len(alphas))
    cv_se = check_vector(cv_se, "cv_se", length=len(alphas))
    if np.any(cv_se < 0):
        raise ValueError("cv_se must be >= 0 (standard errors cannot be negative)")
    best = int(np.argmin(cv_mean))
    within = np.flatnonzero(cv_mean <= cv_mean[best] + cv_se[best])
    chosen = int(within[np.argmax(alphas[within])])
    return CVChoice(float(alphas[best]), float(alphas[chosen]), best, chosen)
