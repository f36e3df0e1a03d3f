"""Monte-Carlo bias-variance against closed forms (ridge with a fixed design) and brute-force jackknife."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.biasvariance import bias_variance, decompose, simulate

SIGMA = 0.5
ALPHAS = np.array([0.0, 1.0, 30.0])


def _fixed_design(seed=0, n=25, p=6, n_test=40):
    """A fixed design, a nonlinear truth (so least squares is biased too) and test inputs."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X_test = rng.standard_normal((n_test, p))
    coef = rng.standard_normal(p)

    def truth(Z):
        return Z @ coef + 0.5 * np.sin(2 * Z[:, 0])

    return X, X_test, truth(X), truth(X_test)


def _ridge_smoothers(X, X_test, alphas):
    """Ridge without intercept is linear in y: prediction = S y, with S = X_test (X^T X + a I)^{-1} X^T."""
    return np.stack([X_test @ np.linalg.solve(X.T @ X + a * np.eye(X.shape[1]), X.T) for a in alphas])


def _exact(X, X_test, f_train, f_test, alphas, sigma):
    """Closed forms for a linear smoother S: E fhat = S f, Var fhat_t = sigma^2 ||S_t||^2."""
    S = _ridge_smoothers(X, X_test, alphas)
    bias_sq = np.mean((S @ f_train - f_test) ** 2, axis=1)
    variance = sigma**2 * np.mean(np.sum(S**2, axis=2), axis=1)
    return bias_sq, variance


def test_ridge_fixed_design_matches_closed_form():
    X, X_test, f_train, f_test = _fixed_design()
    exact_b, exact_v = _exact(X, X_test, f_train, f_test, ALPHAS, SIGMA)

    def make_train(rng):
        return X, f_train + SIGMA * rng.standard_normal(len(f_train))

    def fit_predict(X_train, y_train, Z):  # an ordinary solve per alpha, not the smoother matrices above
        p = X_train.shape[1]
        return np.stack([Z @ np.linalg.solve(X_train.T @ X_train + a * np.eye(p), X_train.T @ y_train) for a in ALPHAS])

    est = bias_variance(make_train, fit_predict, X_test, f_test, SIGMA, n_reps=3000, seed=1)
    assert est.bias_sq.shape == (3,) and est.n_reps == 3000 and est.noise == SIGMA**2
    assert np.all(np.abs(est.bias_sq - exact_b) < 4 * est.bias_sq_se)
    assert np.all(np.abs(est.variance - exact_v) < 4 * est.variance_se)
    expected = exact_b + exact_v + SIGMA**2
    assert np.all(np.abs(est.test_error - expected) < 4 * est.test_error_se)
    # the penalty's trade is visible far beyond the Monte-Carlo error
    assert exact_b[2] - exact_b[0] > 20 * est.bias_sq_se[2] and exact_v[0] - exact_v[2] > 20 * est.variance_se[0]
    # and leaving sigma^2 out of the sum would be caught
    assert np.all(np.abs(est.test_error - (exact_b + exact_v)) > 20 * est.test_error_se)


def test_standard_errors_are_calibrated():
    """Across 400 independent small simulations the estimates scatter about the exact value by their SE."""
    X, X_test, f_train, f_test = _fixed_design(seed=3)
    alphas = np.array([0.0, 10.0])
    S = _ridge_smoothers(X, X_test, alphas)
    exact_b, exact_v = _exact(X, X_test, f_train, f_test, alphas, SIGMA)
    rng = np.random.default_rng(7)
    z = {"b": [], "v": [], "e": []}
    for k in range(400):
        Y = f_train + SIGMA * rng.standard_normal((60, len(f_train)))
        est = decompose(np.einsum("ktn,rn->rkt", S, Y), f_test, SIGMA, seed=k)
        z["b"].append((est.bias_sq - exact_b) / est.bias_sq_se)
        z["v"].append((est.variance - exact_v) / est.variance_se)
        z["e"].append((est.test_error - exact_b - exact_v - SIGMA**2) / est.test_error_se)
    for key, values in z.items():
        values = np.array(values)
        assert np.all(np.abs(values.mean(axis=0)) < 0.35), key  # unbiased (z is skewed a little at 60 replicates: mean -0.2)
        assert np.all((0.8 < values.std(axis=0)) & (values.std(axis=0) < 1.25)), key  # SE the right size


def test_bias_correction_and_identity_against_brute_force():
    rng = np.random.default_rng(0)
    fits = 1.0 + 0.3 * rng.standard_normal((50, 2, 15))
    f_test = np.linspace(-1, 1, 15)
    est = decompose(fits, f_test, 0.0, seed=0)
    per_point_mean_sq = np.mean((fits - f_test) ** 2, axis=0).mean(axis=-1)  # brute force, by definition
    assert np.allclose(est.bias_sq + est.variance, per_point_mean_sq, rtol=1e-12)
    assert np.allclose(est.test_error, per_point_mean_sq, rtol=1e-12)  # sigma = 0: no fresh noise
    naive = np.mean((fits.mean(axis=0) - f_test) ** 2, axis=-1)
    assert np.allclose(naive - est.bias_sq, est.variance / 50)  # the naive estimate's excess: variance / R


def test_jackknife_matches_brute_force_leave_one_out():
    rng = np.random.default_rng(2)
    R, T = 12, 7
    fits = rng.standard_normal((R, T)) * np.linspace(0.1, 2, T) + rng.standard_normal(T)
    f_test = rng.standard_normal(T)
    est = decompose(fits, f_test, 0.3, seed=0)
    loo_b, loo_v = [], []
    for r in range(R):
        sub = np.delete(fits, r, axis=0)
        s2 = sub.var(axis=0, ddof=1)
        loo_b.append(np.mean((sub.mean(axis=0) - f_test) ** 2 - s2 / (R - 1)))
        loo_v.append(np.mean(s2))
    for loo, se in ((np.array(loo_b), est.bias_sq_se), (np.array(loo_v), est.variance_se)):
        assert np.isclose(se, np.sqrt((R - 1) / R * np.sum((loo - loo.mean()) ** 2)), rtol=1e-10)


def test_fresh_noise_is_shared_across_middle_axes_and_seeded():
    fits = np.zeros((20, 3, 10))  # the same (zero) predictions for three "alphas"
    a = decompose(fits, np.zeros(10), 1.0, seed=4)
    assert np.all(a.test_error == a.test_error[0])  # paired: one noise draw for every middle index
    assert decompose(fits, np.zeros(10), 1.0, seed=4).test_error[0] == a.test_error[0]
    assert decompose(fits, np.zeros(10), 1.0, seed=5).test_error[0] != a.test_error[0]


def test_simulate_reproducible_and_prefix_stable():
    def make_train(rng):
        return None, rng.standard_normal(5)

    def fit_predict(_, y, x_test):
        return np.full(len(x_test), y.mean())

    short = simulate(make_train, fit_predict, np.arange(3), n_reps=4, seed=9)
    long = simulate(make_train, fit_predict, np.arange(3), n_reps=10, seed=9)
    assert short.shape == (4, 3) and np.array_equal(short, long[:4])
    assert not np.array_equal(short, simulate(make_train, fit_predict, np.arange(3), n_reps=4, seed=10))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"predictions": np.zeros(5)}, "predictions"),
        ({"predictions": np.zeros((2, 5))}, "predictions"),
        ({"predictions": np.full((4, 5), np.nan)}, "predictions"),
        ({"f_test": np.zeros(4)}, "f_test"),
        ({"sigma": -1.0}, "sigma"),
        ({"seed": -3}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_decompose_rejects_bad_input(kwargs, name):
    args = {"predictions": np.zeros((4, 5)), "f_test": np.zeros(5), "sigma": 1.0, "seed": 0} | kwargs
    with pytest.raises(ValueError, match=name):
        decompose(args["predictions"], args["f_test"], args["sigma"], seed=args["seed"])


def test_simulate_rejects_bad_input():
    with pytest.raises(ValueError, match="n_reps"):
        simulate(lambda rng: (None, None), lambda *a: np.zeros(2), None, n_reps=0)
    with pytest.raises(ValueError, match="make_train"):
        simulate(None, lambda *a: np.zeros(2), None, n_reps=2)
    with pytest.raises(ValueError, match="fit_predict"):
        simulate(lambda rng: (None, None), "ridge", None, n_reps=2)
    shapes = iter([np.zeros(2), np.zeros(3)])
    with pytest.raises(ValueError, match="fit_predict"):
        simulate(lambda rng: (None, None), lambda *a: next(shapes), None, n_reps=2)


def test_take_selects_every_estimate():
    fits = np.random.default_rng(0).standard_normal((10, 4, 6))
    est = decompose(fits, np.zeros(6), 0.2, seed=0)
    part = est.take(slice(1, 3))
    assert all(np.array_equal(getattr(part, f), getattr(est, f)[1:3]) for f in est._fields[:6])
    assert (part.noise, part.n_reps) == (est.noise, est.n_reps)


def test_plot_draws_the_estimates_and_rejects_bad_input():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.plots import bias_variance_simulated

    fits = np.random.default_rng(1).standard_normal((30, 5, 8)) * np.linspace(1, 0.2, 5)[:, None]
    est = decompose(fits, np.zeros(8), 0.5, seed=0)
    alphas = np.logspace(-2, 2, 5)
    ax = bias_variance_simulated(alphas, est, baseline=1.5)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert np.allclose(lines["variance"].get_ydata(), est.variance)
    assert np.allclose(lines["test error (fresh noise)"].get_ydata(), est.test_error)
    assert np.allclose(lines["noise σ²"].get_ydata(), 0.25) and np.allclose(lines["least squares (α = 0)"].get_ydata(), 1.5)
    with pytest.raises(ValueError, match="alphas"):
        bias_variance_simulated(np.r_[0.0, alphas[1:]], est)
    with pytest.raises(ValueError, match="one estimate per alpha"):
        bias_variance_simulated(alphas[:3], est)
    plt.close("all")
