"""Honest assessment: nested cross-validation, intervals after selection, and glmnet's conventions.

Three tools for chapter 8:

* :func:`nested_cv` tunes ``alpha`` by an inner cross-validation and estimates the error of that whole
  procedure by an outer one; it also returns the best inner score (what ``LassoCV`` or ``GridSearchCV``
  report as their score), so the two can be compared. :func:`expected_test_mse` gives the exact test
  error of a linear model on Gaussian features, for simulations where the truth is known.
* :func:`ols_intervals`, :func:`projection_target` and :func:`coverage` measure, by Monte Carlo, how
  often naive least-squares t-intervals cover their target when the model was chosen on the same data.
  They work on many simulated targets at once: one least-squares solve per distinct selected set.
* :func:`glmnet_standardize`, :func:`glmnet_to_sklearn` and :func:`glmnet_fit` translate glmnet's
  ``lambda``, ``alpha`` and ``standardize=TRUE`` into scikit-learn's ``ElasticNet``.

Every fit standardizes the features on the rows it is trained on (mean 0, standard deviation 1 with the
1/n formula), as a ``StandardScaler`` inside a pipeline does, and returns coefficients on the original scale.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import check_alpha, check_alphas, check_matrix, check_positive_int, check_vector, check_Xy
from .penalties import Penalty, get_penalty


# ----------------------------------------------------------------------------- nested cross-validation
def _check_penalty(penalty) -> Penalty:
    """The registry's L1 or L2 entry: the two penalties whose scikit-learn estimators (Lasso, Ridge) are used here."""
    entry = get_penalty(penalty)
    if entry.l1_weight is None or (entry.l1_weight > 0 and entry.l2_weight > 0):
        raise ValueError(f"penalty must be 'l1' (the Lasso) or 'l2' (ridge), got {penalty!r}")
    return entry


def _standardizer(X) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations (1/n formula); a constant column keeps scale 1."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    return mean, np.where(scale > 0, scale, 1.0)


def fit_path(X, y, alphas, *, penalty: str = "l1", tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """Fit a standardized Lasso or ridge at every alpha; coefficients on the original scale.

    The features are standardized on these rows (as ``make_pipeline(StandardScaler(), model)`` does),
    the model is fitted in scikit-learn's convention (``Lasso``: ``RSS/(2n) + alpha ||w||_1``,
    ``Ridge``: ``RSS + alpha ||w||_2^2``, on the standardized features), and the weights are mapped back.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    alphas : array, shape (n_alphas,)
        Penalty strengths, >= 0.
    penalty : {"l1", "l2"}
    tol : float
        Coordinate-descent tolerance of ``sklearn.linear_model.lasso_path`` (``"l1"`` only).

    Returns
    -------
    coefs : array, shape (n_features, n_alphas)
    intercepts : array, shape (n_alphas,)
    """
    X, y = check_Xy(X, y)
    alphas = check_alphas(alphas)
    penalty = _check_penalty(penalty)
    mean, scale = _standardizer(X)
    Z, yc = (X - mean) / scale, y - y.mean()
    if penalty.l2_weight == 0:  # the Lasso
        from sklearn.linear_model import lasso_path  # imported here: scikit-learn is slow to import

        # inputs are validated above; check_input=False skips scikit-learn's copy and checks (a third of a small fit)
        _, coefs, _ = lasso_path(np.asfortranarray(Z), yc, alphas=alphas, tol=tol, max_iter=100_000, check_input=False)
        coefs = coefs[:, np.argsort(np.argsort(-alphas))]  # lasso_path sorts alphas decreasingly
    else:
        U, d, Vt = np.linalg.svd(Z, full_matrices=False)
        coefs = Vt.T @ ((d / (d**2 + alphas[:, None])) * (U.T @ yc)).T
    coefs = coefs / scale[:, None]
    return coefs, y.mean() - mean @ coefs


def cv_errors(X, y, alphas, folds, *, penalty: str = "l1", tol: float = 1e-6) -> np.ndarray:
    """Validation mean squared error of each fold at each alpha, shape (n_folds, n_alphas).

    ``folds`` is a scikit-learn splitter (e.g. ``KFold(5, shuffle=True, random_state=0)``); each
    fold's model is standardized and fitted on its training rows only (see :func:`fit_path`).
    """
    X, y = check_Xy(X, y)
    errors = []
    for train, test in folds.split(X):
        coefs, intercepts = fit_path(X[train], y[train], alphas, penalty=penalty, tol=tol)
        errors.append(np.mean((X[test] @ coefs + intercepts - y[test, None]) ** 2, axis=0))
    return np.array(errors)


class NestedCVResult(NamedTuple):
    best_inner: float  # lowest mean CV error over the alphas, CV on all rows: the tuned model's reported score
    alpha: float  # the alpha that achieves it
    nested: float  # mean over the outer folds of the tuned procedure's test error: the honest estimate
    outer_errors: np.ndarray  # shape (n_outer,): test error on each outer fold
    outer_alphas: np.ndarray  # shape (n_outer,): the alpha the inner CV chose on each outer training set
    outer_coefs: np.ndarray  # shape (n_outer, n_features): the model each outer training set produced
    outer_intercepts: np.ndarray  # shape (n_outer,)


def nested_cv(
    X, y, alphas, *, penalty: str = "l1", n_inner: int = 5, n_outer: int = 5, seed: int = 0, tol: float = 1e-6
) -> NestedCVResult:
    """Nested cross-validation of "standardize, choose alpha by K-fold CV, refit" for the Lasso or ridge.

    The inner CV (``KFold(n_inner, shuffle=True, random_state=seed)``) picks the alpha with the lowest
    mean validation error; run on all rows it gives ``best_inner``, the score a tuned model reports. The
    outer CV (``KFold(n_outer, shuffle=True, random_state=seed + 1)``) repeats the whole tuning on each
    outer training set and scores the refitted model on the outer test rows it never saw: ``nested``.
    Errors are mean squared errors in the units of ``y`` squared. Equivalent to
    ``cross_val_score(GridSearchCV(make_pipeline(StandardScaler(), Lasso()), ...), ...)`` with those folds,
    but one regularization path per fold instead of one fit per alpha.
    """
    from sklearn.model_selection import KFold

    X, y = check_Xy(X, y)
    alphas = check_alphas(alphas)
    n_inner = check_positive_int(n_inner, "n_inner")
    n_outer = check_positive_int(n_outer, "n_outer")
    if min(n_inner, n_outer) < 2:
        raise ValueError(f"n_inner and n_outer must be at least 2, got {n_inner} and {n_outer}")
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, got {seed!r}")

    def inner(X_part, y_part):
        curve = cv_errors(X_part, y_part, alphas, KFold(n_inner, shuffle=True, random_state=seed), penalty=penalty, tol=tol)
        return curve.mean(axis=0)

    curve = inner(X, y)
    errors, chosen, coefs, intercepts = [], [], [], []
    for train, test in KFold(n_outer, shuffle=True, random_state=seed + 1).split(X):
        alpha = alphas[np.argmin(inner(X[train], y[train]))]
        coef, intercept = fit_path(X[train], y[train], [alpha], penalty=penalty, tol=tol)
        errors.append(np.mean((X[test] @ coef[:, 0] + intercept[0] - y[test]) ** 2))
        chosen.append(alpha)
        coefs.append(coef[:, 0])
        intercepts.append(intercept[0])
    errors = np.array(errors)
    return NestedCVResult(
        float(curve.min()), float(alphas[np.argmin(curve)]), float(errors.mean()), errors,
        np.array(chosen), np.array(coefs), np.array(intercepts),
    )


def expected_test_mse(coef, intercept, true_coef, noise: float, cov=None) -> np.ndarray:
    """Exact expected squared error of ``intercept + x @ coef`` on a new ``y = x @ true_coef + noise``.

    For ``x ~ N(0, cov)`` (identity by default) and Gaussian noise of standard deviation ``noise``:
    ``noise^2 + (coef - true_coef)^T cov (coef - true_coef) + intercept^2``.

    Parameters
    ----------
    coef : array, shape (n_features,) or (n_models, n_features)
    intercept : float or array, shape (n_models,)
    true_coef : array, shape (n_features,)
    noise : float >= 0
    cov : array, shape (n_features, n_features), optional

    Returns
    -------
    float array, shape () or (n_models,)
    """
    true_coef = check_vector(true_coef, "true_coef")
    p = true_coef.shape[0]
    coef = np.asarray(coef, dtype=float)
    if coef.shape[-1:] != (p,) or coef.ndim > 2:
        raise ValueError(f"coef must have shape ({p},) or (n_models, {p}) to match true_coef, got {coef.shape}")
    noise = check_alpha(noise, "noise")
    cov = np.eye(p) if cov is None else check_matrix(cov, "cov")
    if cov.shape != (p, p):
        raise ValueError(f"cov must have shape ({p}, {p}), got {cov.shape}")
    diff = coef - true_coef
    return noise**2 + np.einsum("...i,ij,...j->...", diff, cov, diff) + np.asarray(intercept, dtype=float) ** 2


# ----------------------------------------------------------------------------- inference after selection
def _check_supports(supports, n_draws: int, p: int) -> np.ndarray:
    s = np.asarray(supports)
    if s.dtype != bool:
        raise ValueError("supports must be a boolean array (True = the feature is in the model)")
    if s.shape == (p,):
        s = np.broadcast_to(s, (n_draws, p))
    if s.shape != (n_draws, p):
        raise ValueError(f"supports must have shape ({p},) or ({n_draws}, {p}), got {s.shape}")
    return s


def _groups(supports):
    """Each distinct selected set and the draws (columns) that selected it."""
    unique, which = np.unique(supports, axis=0, return_inverse=True)
    return [(unique[k], np.flatnonzero(which.reshape(-1) == k)) for k in range(len(unique))]


def _check_design(X, Y):
    X = check_matrix(X, "X")
    Y = np.asarray(Y, dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.ndim != 2 or Y.shape[0] != X.shape[0]:
        raise ValueError(f"Y must have shape ({X.shape[0]}, n_draws): one simulated target per column, got {Y.shape}")
    if not np.all(np.isfinite(Y)):
        raise ValueError("Y contains NaN or infinite values")
    return X, Y


class Intervals(NamedTuple):
    estimate: np.ndarray  # shape (n_draws, n_features); NaN where the feature is not in the model
    lower: np.ndarray
    upper: np.ndarray


def ols_intervals(X, Y, supports, *, level: float = 0.95) -> Intervals:
    """Least squares with an intercept on each draw's selected features, and textbook t-intervals.

    For a fixed set ``S`` of ``k`` features: ``estimate +- t_{n-k-1} * sigma_hat * sqrt(diag((Xc_S^T Xc_S)^-1))``
    with ``sigma_hat^2 = RSS / (n - k - 1)`` and ``Xc`` the centred design. These intervals are exact for
    a set fixed in advance; they ignore that ``S`` was chosen with the same data when it was.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
        The design, the same for every draw.
    Y : array, shape (n_samples, n_draws)
        One simulated target per column.
    supports : bool array, shape (n_features,) or (n_draws, n_features)
        The features in each draw's model (one set for all draws, or one per draw).
    level : float in (0, 1)
    """
    from scipy.stats import t as student_t

    X, Y = _check_design(X, Y)
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level!r}")
    n, p = X.shape
    supports = _check_supports(supports, Y.shape[1], p)
    Xc, Yc = X - X.mean(axis=0), Y - Y.mean(axis=0)
    estimate = np.full((Y.shape[1], p), np.nan)
    half = np.full((Y.shape[1], p), np.nan)
    for support, draws in _groups(supports):
        k = int(support.sum())
        if k == 0:
            continue
        if n - k - 1 < 1:
            raise ValueError(f"a selected set has {k} features but n_samples = {n}: least squares needs n > k + 1")
        XS = Xc[:, support]
        inv = np.linalg.inv(XS.T @ XS)
        beta = inv @ XS.T @ Yc[:, draws]  # shape (k, n_draws_in_group)
        rss = np.sum((Yc[:, draws] - XS @ beta) ** 2, axis=0)
        se = np.sqrt(np.outer(rss / (n - k - 1), np.diag(inv)))
        estimate[np.ix_(draws, support)] = beta.T
        half[np.ix_(draws, support)] = student_t.ppf(0.5 + level / 2, n - k - 1) * se
    return Intervals(estimate, estimate - half, estimate + half)


def projection_target(X, mean, supports) -> np.ndarray:
    """What least squares on a set ``S`` estimates: the best linear approximation of ``E[y]`` by ``X_S``.

    ``beta_S = argmin_b ||mean - b0 - X_S b||^2`` (with an intercept), the "projection parameter" of
    Berk et al. (2013). It equals the true coefficients on ``S`` only when ``S`` contains every feature with
    a non-zero true coefficient. Returns shape (n_features,) for one set, (n_draws, n_features) for one set
    per draw, NaN outside the set.
    """
    X = check_matrix(X, "X")
    mean = check_vector(mean, "mean", length=X.shape[0])
    one_set = np.ndim(supports) == 1
    supports = _check_supports(supports, 1 if one_set else np.shape(supports)[0], X.shape[1])
    Xc, mc = X - X.mean(axis=0), mean - mean.mean()
    target = np.full(supports.shape, np.nan)
    for support, draws in _groups(supports):
        if support.any():
            beta = np.linalg.lstsq(Xc[:, support], mc, rcond=None)[0]
            target[np.ix_(draws, support)] = beta
    return target[0] if one_set else target


class Coverage(NamedTuple):
    coverage: float  # fraction of the intervals that contain their target
    se: float  # its Monte-Carlo standard error (draws are independent, intervals within a draw are not)
    n_intervals: int
    n_draws: int


def coverage(intervals: Intervals, target) -> Coverage:
    """Share of the intervals (over all draws and selected features) that contain their target.

    ``target`` has shape (n_features,) when every draw has the same target, else (n_draws, n_features).

    Intervals of one draw share its noise, so the standard error treats each draw as one cluster:
    the ratio estimator ``sum_m c_m / sum_m k_m`` (covered and selected counts of draw ``m``) has
    ``se = sqrt(sum_m (c_m - coverage k_m)^2) / sum_m k_m``; with one interval per draw this is exactly
    the binomial ``sqrt(coverage (1 - coverage) / n)``.
    """
    covered, selected = _covered(intervals, target)
    c, k = covered.sum(axis=1), selected.sum(axis=1)
    total = k.sum()
    if total == 0:
        raise ValueError("no interval to assess: no draw selected any feature")
    share = c.sum() / total
    se = np.sqrt(np.sum((c - share * k) ** 2)) / total
    return Coverage(float(share), float(se), int(total), int(np.count_nonzero(k)))


def _covered(intervals: Intervals, target) -> tuple[np.ndarray, np.ndarray]:
    target = np.asarray(target, dtype=float)
    shape = intervals.estimate.shape
    if target.shape not in (shape, shape[1:]):
        raise ValueError(f"target must have shape {shape[1:]} (one set) or {shape} (one per draw), got {target.shape}")
    target = np.broadcast_to(target, shape)
    selected = ~np.isnan(intervals.estimate)
    if np.any(np.isnan(target[selected])):
        raise ValueError("target is NaN for a feature that has an interval; compute it for the same supports")
    return selected & (intervals.lower <= target) & (target <= intervals.upper), selected


def coverage_by_feature(intervals: Intervals, target) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coverage of each feature's intervals over the draws that gave it one.

    Returns ``coverage, se, count`` (shape (n_features,) each): the share of covered intervals, its
    binomial standard error ``sqrt(c (1 - c) / count)`` (draws are independent), and the number of
    draws with an interval; coverage and se are NaN for a feature that never had one.
    """
    covered, selected = _covered(intervals, target)
    count = selected.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = covered.sum(axis=0) / count
        se = np.sqrt(share * (1 - share) / count)
    return share, se, count


# ----------------------------------------------------------------------------- glmnet's conventions
def glmnet_standardize(X) -> tuple[np.ndarray, np.ndarray]:
    """glmnet's ``standardize=TRUE``: column means and standard deviations with the 1/n formula.

    Returns ``mean, scale`` (shape (n_features,) each); the standardized columns are ``(X - mean) / scale``.
    Same as ``StandardScaler``; note that R's ``sd()`` and pandas' ``.std()`` divide by n - 1 instead.
    """
    X = check_matrix(X, "X")
    mean, scale = X.mean(axis=0), X.std(axis=0)
    if np.any(scale == 0):
        raise ValueError(f"X has constant columns {np.flatnonzero(scale == 0).tolist()}: they cannot be standardized")
    return mean, scale


def glmnet_to_sklearn(lambda_, alpha: float = 1.0) -> dict:
    """scikit-learn's ``ElasticNet`` arguments for glmnet's ``lambda`` and ``alpha`` (gaussian family).

    glmnet minimizes ``RSS/(2n) + lambda ((1 - alpha)/2 ||b||_2^2 + alpha ||b||_1)`` (Friedman, Hastie and
    Tibshirani 2010), scikit-learn's ``ElasticNet`` ``RSS/(2n) + a r ||w||_1 + a (1 - r)/2 ||w||_2^2``: the
    same objective with ``a = lambda`` and ``r = alpha``. With glmnet's default ``standardize=TRUE`` the
    penalty acts on the coefficients of standardized features, so the match holds on columns standardized
    by :func:`glmnet_standardize` (see :func:`glmnet_fit`), not on the raw columns.
    """
    lambda_ = check_alpha(lambda_, "lambda_")
    if isinstance(alpha, bool) or not isinstance(alpha, int | float | np.floating) or not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha (glmnet's mixing parameter) must be a number in [0, 1], got {alpha!r}")
    return {"alpha": lambda_, "l1_ratio": float(alpha)}


def glmnet_fit(X, y, lambda_, alpha: float = 1.0, *, standardize: bool = True, tol: float = 1e-12):
    """What glmnet's documented gaussian objective gives, computed with scikit-learn's ``ElasticNet``.

    Returns ``intercept, coef`` on the original scale of ``X`` (as glmnet reports them). With
    ``standardize=True`` the penalty acts on ``coef * scale`` (the coefficients of the standardized
    features); the intercept is never penalized.

    Parameters
    ----------
    X : array, shape (n_samples, n_features)
    y : array, shape (n_samples,)
    lambda_ : float >= 0
        glmnet's ``lambda``.
    alpha : float in [0, 1]
        glmnet's mixing parameter (1: the Lasso, 0: ridge).
    standardize : bool
        glmnet's ``standardize`` (TRUE by default in glmnet).
    """
    from sklearn.linear_model import ElasticNet

    X, y = check_Xy(X, y)
    params = glmnet_to_sklearn(lambda_, alpha)
    mean, scale = glmnet_standardize(X) if standardize else (X.mean(axis=0), np.ones(X.shape[1]))
    model = ElasticNet(**params, tol=tol, max_iter=1_000_000).fit((X - mean) / scale, y)
    coef = model.coef_ / scale + 0.0  # + 0.0 turns the -0.0 of a negative zero / scale into 0.0
    return float(model.intercept_ - (mean / scale) @ model.coef_), coef
