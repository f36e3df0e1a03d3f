"""helpers.assessment against independent references: scikit-learn's pipelines and GridSearchCV, Monte Carlo,
per-draw least squares, closed forms and SciPy minimizing glmnet's objective written out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.stats import t as student_t
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers.assessment import (
    Intervals,
    coverage,
    coverage_by_feature,
    cv_errors,
    expected_test_mse,
    fit_path,
    glmnet_fit,
    glmnet_standardize,
    glmnet_to_sklearn,
    nested_cv,
    ols_intervals,
    projection_target,
)
from helpers.data import make_regression_data
from helpers.plots import coverage_plot, strip_means

MODELS = {"l1": Lasso, "l2": Ridge}


def _data(n=60, p=8, seed=0, scales=True):
    X, y, coef, _ = make_regression_data(n, p, 3, noise=1.0, correlation=0.3, seed=seed)
    if scales:
        X = X * np.geomspace(0.1, 50, p) + np.arange(p)  # columns in very different units, not centred
    return X, y


def _pipe(penalty, alpha):
    kw = {"tol": 1e-12, "max_iter": 100_000} if penalty == "l1" else {}
    return make_pipeline(StandardScaler(), MODELS[penalty](alpha=alpha, **kw))


# ----------------------------------------------------------------------------- nested cross-validation
@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_fit_path_matches_a_standardized_pipeline_in_any_alpha_order(penalty):
    X, y = _data()
    alphas = np.array([0.05, 1.0, 0.3]) if penalty == "l1" else np.array([0.5, 50.0, 5.0])  # not sorted
    coefs, intercepts = fit_path(X, y, alphas, penalty=penalty, tol=1e-12)
    for k, alpha in enumerate(alphas):
        pipe = _pipe(penalty, alpha).fit(X, y)
        np.testing.assert_allclose(X @ coefs[:, k] + intercepts[k], pipe.predict(X), rtol=0, atol=1e-8)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_cv_errors_match_cross_val_score_of_the_pipeline(penalty):
    X, y = _data(seed=1)
    alphas = [0.02, 0.2] if penalty == "l1" else [1.0, 30.0]
    folds = KFold(4, shuffle=True, random_state=3)
    errors = cv_errors(X, y, alphas, folds, penalty=penalty, tol=1e-12)
    for k, alpha in enumerate(alphas):
        reference = -cross_val_score(_pipe(penalty, alpha), X, y, cv=folds, scoring="neg_mean_squared_error")
        np.testing.assert_allclose(errors[:, k], reference, rtol=1e-8)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_nested_cv_is_gridsearch_inside_cross_val_score(penalty):
    X, y = _data(n=70, seed=2)
    alphas = np.geomspace(1.0, 0.01, 6) if penalty == "l1" else np.geomspace(100, 0.1, 6)
    result = nested_cv(X, y, alphas, penalty=penalty, n_inner=4, n_outer=3, seed=5, tol=1e-12)
    search = GridSearchCV(_pipe(penalty, 1.0), {MODELS[penalty].__name__.lower() + "__alpha": alphas},
                          cv=KFold(4, shuffle=True, random_state=5), scoring="neg_mean_squared_error")
    search.fit(X, y)
    assert result.best_inner == pytest.approx(-search.best_score_, rel=1e-8)
    assert result.alpha == pytest.approx(next(iter(search.best_params_.values())))
    outer = -cross_val_score(search, X, y, cv=KFold(3, shuffle=True, random_state=6), scoring="neg_mean_squared_error")
    np.testing.assert_allclose(result.outer_errors, outer, rtol=1e-8)
    assert result.nested == pytest.approx(outer.mean(), rel=1e-8)


def test_nested_cv_never_looks_at_the_outer_test_rows():
    X, y = _data(n=50, seed=4)
    alphas = np.geomspace(1.0, 0.01, 8)
    before = nested_cv(X, y, alphas, seed=1, tol=1e-10)
    test_rows = next(iter(KFold(5, shuffle=True, random_state=2).split(X)))[1]  # outer fold 0 (seed + 1)
    y_changed = y.copy()
    y_changed[test_rows] += 100.0  # wild values where only the outer scoring may look
    after = nested_cv(X, y_changed, alphas, seed=1, tol=1e-10)
    assert after.outer_alphas[0] == before.outer_alphas[0]
    np.testing.assert_allclose(after.outer_coefs[0], before.outer_coefs[0], rtol=1e-10, atol=1e-12)
    assert after.outer_errors[0] > before.outer_errors[0] + 1000  # ... and it does score them


def test_nested_cv_refuses_bad_input():
    X, y = _data()
    with pytest.raises(ValueError, match="penalty"):
        nested_cv(X, y, [1.0], penalty="l3")
    with pytest.raises(ValueError, match="n_inner and n_outer"):
        nested_cv(X, y, [1.0], n_inner=1)
    with pytest.raises(ValueError, match="seed"):
        nested_cv(X, y, [1.0], seed=True)
    with pytest.raises(ValueError, match="alphas"):
        nested_cv(X, y, [-1.0])
    with pytest.raises(ValueError, match="y has"):
        nested_cv(X, y[:-1], [1.0])


def test_expected_test_mse_matches_monte_carlo():
    rng = np.random.default_rng(0)
    p = 4
    cov = 0.5 ** np.abs(np.subtract.outer(np.arange(p), np.arange(p)))
    true, coef, intercept, noise = np.array([1.0, -2, 0, 0.5]), np.array([0.8, -1.5, 0.3, 0]), 0.4, 1.3
    x = rng.multivariate_normal(np.zeros(p), cov, size=400_000)
    err = (x @ true + noise * rng.standard_normal(len(x)) - intercept - x @ coef) ** 2
    exact = expected_test_mse(coef, intercept, true, noise, cov)
    assert abs(exact - err.mean()) < 4 * err.std() / np.sqrt(len(err))
    many = expected_test_mse(np.vstack([coef, true]), np.array([intercept, 0.0]), true, noise, cov)
    np.testing.assert_allclose(many, [exact, noise**2])
    with pytest.raises(ValueError, match="coef"):
        expected_test_mse(coef[:3], 0.0, true, noise)
    with pytest.raises(ValueError, match="noise"):
        expected_test_mse(coef, 0.0, true, -1.0)
    with pytest.raises(ValueError, match="cov"):
        expected_test_mse(coef, 0.0, true, 1.0, np.eye(3))


# ----------------------------------------------------------------------------- intervals after selection
def _design(n=25, p=5, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + 3.0  # not centred: the intercept matters
    return X, X @ np.array([1.5, -1.0, 0.5, 0.0, 0.0]) + 2.0


def test_ols_intervals_match_least_squares_with_an_intercept_column_draw_by_draw():
    X, mean = _design()
    rng = np.random.default_rng(1)
    Y = mean[:, None] + rng.standard_normal((len(mean), 30))
    supports = rng.random((30, 5)) < 0.6
    supports[0] = False  # an empty model gets no interval
    iv = ols_intervals(X, Y, supports, level=0.9)
    for m in range(30):
        S = np.flatnonzero(supports[m])
        assert np.all(np.isnan(iv.estimate[m, ~supports[m]]))
        if S.size == 0:
            continue
        A = np.column_stack([np.ones(len(X)), X[:, S]])  # the intercept as a column, nothing centred
        beta, rss, *_ = np.linalg.lstsq(A, Y[:, m], rcond=None)
        df = len(X) - A.shape[1]
        se = np.sqrt(rss[0] / df * np.diag(np.linalg.inv(A.T @ A)))[1:]
        q = student_t.ppf(0.95, df)
        np.testing.assert_allclose(iv.estimate[m, S], beta[1:], rtol=1e-9)
        np.testing.assert_allclose(iv.upper[m, S] - iv.lower[m, S], 2 * q * se, rtol=1e-9)


def test_projection_target_is_least_squares_on_the_noise_free_mean():
    X, mean = _design()
    S = np.array([True, False, True, False, True])  # misses x1: its effect moves into the others
    target = projection_target(X, mean, S)
    reference = LinearRegression().fit(X[:, S], mean).coef_
    np.testing.assert_allclose(target[S], reference, rtol=1e-10)
    assert np.all(np.isnan(target[~S]))
    full = projection_target(X, mean, np.ones(5, bool))  # contains the support: the true weights
    np.testing.assert_allclose(full, [1.5, -1.0, 0.5, 0.0, 0.0], atol=1e-10)
    per_draw = projection_target(X, mean, np.vstack([S, ~S]))
    np.testing.assert_allclose(per_draw[0], target)


def test_fixed_set_intervals_cover_at_their_level_and_the_se_is_honest():
    X, mean = _design(n=20)
    rng = np.random.default_rng(2)
    Y = mean[:, None] + rng.standard_normal((20, 6000))
    S = np.array([True, True, True, True, False])  # contains the support: exact t-intervals
    for level in (0.8, 0.95):
        result = coverage(ols_intervals(X, Y, S, level=level), projection_target(X, mean, S))
        assert result.n_intervals == 4 * 6000 and result.n_draws == 6000
        assert abs(result.coverage - level) < 4 * result.se
    # a wrong quantile (normal instead of t with 15 df) is caught at this size
    iv = ols_intervals(X, Y, S)
    shrink = 1.959964 / student_t.ppf(0.975, 20 - 4 - 1)
    half = (iv.upper - iv.lower) / 2 * shrink
    wrong = coverage(Intervals(iv.estimate, iv.estimate - half, iv.estimate + half), projection_target(X, mean, S))
    assert 0.95 - wrong.coverage > 4 * wrong.se


def test_coverage_se_is_binomial_with_one_interval_per_draw_and_clusters_draws_otherwise():
    est = np.array([[0.0], [0.0], [0.0], [np.nan], [0.0]])
    iv = Intervals(est, est - 1, est + 1)
    result = coverage(iv, np.array([0.5, 2.0, -0.5, 0.0, 3.0])[:, None])
    assert result.coverage == pytest.approx(0.5) and result.n_intervals == 4 and result.n_draws == 4
    assert result.se == pytest.approx(np.sqrt(0.5 * 0.5 / 4))
    # two intervals per draw, perfectly correlated: the SE of the share is that of the draws, not of 2n intervals
    est2 = np.zeros((100, 2))
    hit = np.arange(100) < 30
    target = np.where(hit, 0.0, 5.0)[:, None] * np.ones((1, 2))
    result2 = coverage(Intervals(est2, est2 - 1, est2 + 1), target)
    assert result2.coverage == pytest.approx(0.3)
    assert result2.se == pytest.approx(np.sqrt(0.3 * 0.7 / 100))


def test_coverage_by_feature_counts_per_column():
    est = np.array([[0.0, np.nan], [0.0, 1.0], [0.0, 1.0], [np.nan, 1.0]])
    iv = Intervals(est, est - 0.5, est + 0.5)
    target = np.array([[0.0, 0.0], [2.0, 1.0], [0.1, 9.0], [0.0, 1.2]])
    share, se, count = coverage_by_feature(iv, target)
    np.testing.assert_array_equal(count, [3, 3])
    np.testing.assert_allclose(share, [2 / 3, 2 / 3])
    np.testing.assert_allclose(se, np.sqrt(2 / 9 / 3))
    share_none, _, count_none = coverage_by_feature(Intervals(*(np.full((2, 1), np.nan),) * 3), np.zeros(1))
    assert count_none[0] == 0 and np.isnan(share_none[0])


def test_interval_helpers_refuse_bad_input():
    X, mean = _design()
    Y = mean[:, None] + np.zeros((25, 3))
    with pytest.raises(ValueError, match="boolean"):
        ols_intervals(X, Y, np.ones(5))
    with pytest.raises(ValueError, match="supports must have shape"):
        ols_intervals(X, Y, np.ones((2, 5), bool))
    with pytest.raises(ValueError, match="Y must have shape"):
        ols_intervals(X, Y[:-1], np.ones(5, bool))
    with pytest.raises(ValueError, match="level"):
        ols_intervals(X, Y, np.ones(5, bool), level=95)
    with pytest.raises(ValueError, match="n_samples"):
        ols_intervals(X[:5], Y[:5], np.ones(5, bool))
    iv = ols_intervals(X, Y, np.ones(5, bool))
    with pytest.raises(ValueError, match="target must have shape"):
        coverage(iv, np.zeros(4))
    with pytest.raises(ValueError, match="target is NaN"):
        coverage(iv, np.full(5, np.nan))
    with pytest.raises(ValueError, match="no interval"):
        coverage(ols_intervals(X, Y, np.zeros(5, bool)), np.zeros(5))


# ----------------------------------------------------------------------------- glmnet
def _glmnet_by_scipy(X, y, lam, mix):
    """glmnet's gaussian objective on the original scale, penalty on sd_j * beta_j, minimized by L-BFGS-B."""
    n, p = X.shape
    s, Xc = X.std(axis=0), X - X.mean(axis=0)

    def f(theta):
        c, u, v = theta[0], theta[1 : p + 1], theta[p + 1 :]
        b = u - v
        r = y - c - Xc @ b
        value = r @ r / (2 * n) + lam * ((1 - mix) / 2 * np.sum((s * b) ** 2) + mix * np.sum(s * (u + v)))
        g = -Xc.T @ r / n + lam * (1 - mix) * s**2 * b
        return value, np.concatenate([[-r.sum() / n], g + lam * mix * s, -g + lam * mix * s])

    res = minimize(f, np.zeros(2 * p + 1), jac=True, method="L-BFGS-B", bounds=[(None, None)] + [(0, None)] * (2 * p),
                   options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 50_000})
    b = res.x[1 : p + 1] - res.x[p + 1 :]
    return res.x[0] - X.mean(axis=0) @ b, b


@pytest.mark.parametrize("mix", [1.0, 0.5])
def test_glmnet_fit_minimizes_glmnet_objective(mix):
    X, y = _data(n=80, p=5, seed=6)
    X = X / np.geomspace(0.5, 20, 5)  # moderate scales keep the plain SciPy solve well conditioned
    lam = 0.1
    b0, coef = glmnet_fit(X, y, lam, mix)
    b0_ref, coef_ref = _glmnet_by_scipy(X, y, lam, mix)
    np.testing.assert_allclose(coef, coef_ref, atol=1e-5 * np.abs(coef_ref).max())
    assert b0 == pytest.approx(b0_ref, abs=1e-5)


def test_glmnet_ridge_has_a_closed_form_with_per_feature_weights():
    X, y = _data(seed=7)
    lam, n = 0.3, len(y)
    s, Xc, yc = X.std(axis=0), X - X.mean(axis=0), y - y.mean()
    closed = np.linalg.solve(Xc.T @ Xc / n + lam * np.diag(s**2), Xc.T @ yc / n)
    b0, coef = glmnet_fit(X, y, lam, 0.0)
    np.testing.assert_allclose(coef, closed, rtol=1e-7)
    assert b0 == pytest.approx(y.mean() - X.mean(axis=0) @ closed)


def test_glmnet_fit_is_unit_free_and_raw_elasticnet_is_not():
    X, y = _data(seed=8)
    units = np.array([1, 1, 1000, 1, 1, 1, 0.01, 1.0])
    _, a = glmnet_fit(X, y, 0.05, 0.7)
    _, b = glmnet_fit(X * units, y, 0.05, 0.7)
    np.testing.assert_allclose(b * units, a, rtol=1e-7, atol=1e-10)
    _, raw = glmnet_fit(X, y, 0.05, 0.7, standardize=False)
    np.testing.assert_allclose(raw, ElasticNet(alpha=0.05, l1_ratio=0.7, tol=1e-12, max_iter=100_000).fit(X, y).coef_, atol=1e-9)
    _, raw_units = glmnet_fit(X * units, y, 0.05, 0.7, standardize=False)
    assert np.abs(raw_units * units - raw).max() > 0.01 * np.abs(raw).max()


def test_glmnet_conventions_and_their_checks():
    assert glmnet_to_sklearn(0.2, 0.25) == {"alpha": 0.2, "l1_ratio": 0.25}
    X = np.array([[1.0, 2.0], [3.0, 2.5], [5.0, 7.0]])
    mean, scale = glmnet_standardize(X)
    np.testing.assert_allclose(scale, np.sqrt(((X - X.mean(0)) ** 2).sum(0) / 3))  # 1/n, not 1/(n - 1)
    np.testing.assert_allclose(mean, X.mean(0))
    with pytest.raises(ValueError, match="constant columns"):
        glmnet_standardize(np.column_stack([X[:, 0], np.ones(3)]))
    with pytest.raises(ValueError, match="lambda_"):
        glmnet_to_sklearn(-1.0)
    for bad in (1.5, -0.1, True, "1"):
        with pytest.raises(ValueError, match="alpha"):
            glmnet_to_sklearn(0.1, bad)
    b0, coef = glmnet_fit(np.column_stack([X, X[:, 0] ** 2]), np.array([1.0, 2.0, 3.0]), 10.0)
    assert np.all(coef == 0) and not np.any(np.signbit(coef))  # a strong penalty: exact, positive zeros


# ----------------------------------------------------------------------------- the two figures (helpers.plots)
def test_strip_means_and_coverage_plot_draw_on_the_given_axes():
    fig, axes = plt.subplots(1, 2)
    groups = {"a": np.arange(5.0), "b": np.array([1.0, 3.0])}
    assert strip_means(groups, ax=axes[0], reference=0) is axes[0]
    means = [line for line in axes[0].lines if line.get_marker() == "D"]
    assert [m.get_ydata()[0] for m in means] == [2.0, 2.0]
    assert coverage_plot(["x0", "x1"], {"s": ([0.9, np.nan], [0.01, np.nan])}, ax=axes[1]) is axes[1]
    with pytest.raises(ValueError, match="at least 2"):
        strip_means({"a": [1.0]})
    with pytest.raises(ValueError, match="entries"):
        coverage_plot(["x0"], {"s": ([0.9, 0.8], [0.1, 0.1])})
    plt.close("all")
