"""Data for the course: seeded synthetic generators and scikit-learn's bundled diabetes data.

Nothing here downloads anything: the synthetic sets come from a seeded random generator and the
diabetes data ships inside scikit-learn.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import check_alpha, check_positive_int

# Readable names for the ten columns: age, sex, body-mass index, mean blood pressure, then the six
# blood-serum measurements s1-s6 (tc, ldl, hdl, tch, ltg, glu), from scikit-learn's description of the data.
DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "tc", "ldl", "hdl", "tch", "ltg", "glu")


class Dataset(NamedTuple):
    X: np.ndarray  # shape (n_samples, n_features)
    y: np.ndarray  # shape (n_samples,)
    coef: np.ndarray | None  # true weights, shape (n_features,); None for real data
    feature_names: tuple[str, ...]


def make_regression_data(
    n_samples: int = 100,
    n_features: int = 10,
    n_informative: int = 3,
    *,
    noise: float = 1.0,
    correlation: float = 0.0,
    weights: str = "sparse",
    seed: int = 0,
) -> Dataset:
    """Linear data ``y = X w + noise`` with known true weights ``w``.

    Parameters
    ----------
    n_samples, n_features : int
    n_informative : int
        Number of non-zero true weights when ``weights="sparse"`` (the first ``n_informative``
        features; their values alternate in sign with magnitudes between 1 and 3).
    noise : float >= 0
        Standard deviation of the Gaussian noise added to ``y``.
    correlation : float in [0, 1)
        Features are standard Gaussian with ``corr(x_i, x_j) = correlation ** |i - j|``
        (neighbouring features are the most alike).
    weights : {"sparse", "dense"}
        ``"dense"``: every weight non-zero, drawn from a standard Gaussian.
    seed : int
        Seed of the random generator; the same seed gives the same data.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    n_features = check_positive_int(n_features, "n_features")
    noise = check_alpha(noise, "noise")
    if not 0.0 <= correlation < 1.0:
        raise ValueError(f"correlation must lie in [0, 1), got {correlation!r}")
    if weights not in ("sparse", "dense"):
        raise ValueError(f"weights must be 'sparse' or 'dense', got {weights!r}")
    rng = np.random.default_rng(seed)
    idx = np.arange(n_features)
    cov = correlation ** np.abs(idx[:, None] - idx[None, :])
    X = rng.standard_normal((n_samples, n_features)) @ np.linalg.cholesky(cov).T
    if weights == "sparse":
        if not 0 <= n_informative <= n_features:
            raise ValueError(f"n_informative must lie in [0, n_features={n_features}], got {n_informative!r}")
        coef = np.zeros(n_features)
        signs = np.where(np.arange(n_informative) % 2 == 0, 1.0, -1.0)
        coef[:n_informative] = signs * np.linspace(3.0, 1.0, n_informative)
    else:
        coef = rng.standard_normal(n_features)
    y = X @ coef + noise * rng.standard_normal(n_samples)
    names = tuple(f"x{j}" for j in range(n_features))
    return Dataset(X, y, coef, names)


def true_curve(x) -> np.ndarray:
    """The smooth function behind :func:`make_polynomial_toy`: ``sin(2 pi x)``."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=float))


def make_polynomial_toy(n_samples: int = 20, *, noise: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D toy for overfitting: ``x`` uniform on [0, 1], ``y = sin(2 pi x) + noise``.

    Returns ``x`` (shape ``(n_samples,)``, sorted) and ``y``.
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    noise = check_alpha(noise, "noise")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, n_samples))
    return x, true_curve(x) + noise * rng.standard_normal(n_samples)


def polynomial_features(x, degree: int) -> np.ndarray:
    """Columns ``x, x^2, ..., x^degree`` of a 1-D input, shape ``(len(x), degree)`` (no constant column)."""
    degree = check_positive_int(degree, "degree")
    x = np.asarray(x, dtype=float).reshape(-1)
    return x[:, None] ** np.arange(1, degree + 1)


def load_diabetes_data(*, standardize: bool = False) -> Dataset:
    """scikit-learn's diabetes data: 442 patients, 10 baseline features, disease progression after a year.

    As shipped, each column is centred and scaled to unit Euclidean norm. ``standardize=True``
    rescales the columns to unit variance instead (mean 0, standard deviation 1).
    """
    from sklearn.datasets import load_diabetes  # imported here: scikit-learn takes 0.9 s to import, and
    # the command line (`python -m helpers train`) needs it only for --data diabetes

    bunch = load_diabetes()
    X = bunch.data.astype(float)
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    return Dataset(X, bunch.target.astype(float), None, DIABETES_FEATURES)


def train_test_split(X, y, *, test_size: float = 0.25, seed: int = 0):
    """Seeded random split; returns ``X_train, X_test, y_train, y_test``."""
    from sklearn.model_selection import train_test_split as sklearn_split  # imported here: see load_diabetes_data

    return sklearn_split(X, y, test_size=test_size, random_state=seed)
