"""Data generators: shapes, determinism, the promised structure."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_diabetes

from helpers.data import (
    DIABETES_FEATURES,
    load_diabetes_data,
    make_polynomial_toy,
    make_regression_data,
    polynomial_features,
    train_test_split,
    true_curve,
)


def test_regression_data_is_seeded_and_sparse():
    a = make_regression_data(50, 8, n_informative=3, seed=4)
    b = make_regression_data(50, 8, n_informative=3, seed=4)
    c = make_regression_data(50, 8, n_informative=3, seed=5)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.X, c.X)
    assert a.X.shape == (50, 8) and a.y.shape == (50,)
    assert np.count_nonzero(a.coef) == 3 and np.all(a.coef[:3] != 0)


def test_noise_free_target_is_exactly_linear():
    X, y, coef, _ = make_regression_data(30, 5, n_informative=2, noise=0.0, seed=1)
    np.testing.assert_allclose(y, X @ coef)


def test_correlation_structure():
    X = make_regression_data(200_000, 4, correlation=0.7, seed=0).X
    expected = 0.7 ** np.abs(np.subtract.outer(np.arange(4), np.arange(4)))
    np.testing.assert_allclose(np.corrcoef(X, rowvar=False), expected, atol=0.01)


def test_dense_weights_are_all_nonzero():
    assert np.all(make_regression_data(20, 10, weights="dense", seed=0).coef != 0)


def test_polynomial_toy():
    x, y = make_polynomial_toy(25, noise=0.0, seed=3)
    assert np.all(np.diff(x) >= 0) and np.all((0 <= x) & (x <= 1))
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x))
    np.testing.assert_allclose(true_curve(0.25), 1.0)
    np.testing.assert_allclose(polynomial_features([2.0, 3.0], 3), [[2, 4, 8], [3, 9, 27]])


def test_diabetes_matches_sklearn_and_standardizes():
    X, y, coef, names = load_diabetes_data()
    ref = load_diabetes()
    np.testing.assert_array_equal(X, ref.data)
    np.testing.assert_array_equal(y, ref.target)
    assert coef is None and names == DIABETES_FEATURES and len(names) == X.shape[1]
    Xs = load_diabetes_data(standardize=True).X
    np.testing.assert_allclose(Xs.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(Xs.std(0), 1)


def test_split_is_seeded():
    X, y = make_regression_data(40, 3, seed=0)[:2]
    first = train_test_split(X, y, seed=1)
    again = train_test_split(X, y, seed=1)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert len(first[1]) == 10


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"n_samples": 0}, "n_samples"),
        ({"correlation": 1.0}, "correlation"),
        ({"weights": "few"}, "weights"),
        ({"n_informative": 20}, "n_informative"),
        ({"noise": -1.0}, "noise"),
    ],
)
def test_bad_generator_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        make_regression_data(**kwargs)
