"""Input checks shared by every helper: bad input becomes a ValueError that names the argument."""

from __future__ import annotations

import numbers

import numpy as np


def check_matrix(X, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite float array of shape (n_samples, n_features), n_samples >= 1."""
    try:
        arr = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric 2-D array of shape (n_samples, n_features)") from None
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (n_samples, n_features), got {arr.ndim}-D shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no samples (shape {arr.shape}); at least one row is needed")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no features (shape {arr.shape}); at least one column is needed")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or impute them first")
    return arr


def check_vector(y, name: str = "y", length: int | None = None) -> np.ndarray:
    """Return ``y`` as a finite float 1-D array, optionally of a given length."""
    try:
        arr = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric 1-D array") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (n_samples,), got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} has {arr.shape[0]} entries but X has {length} rows; they must match")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or impute them first")
    return arr


def check_Xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Validate a design matrix and its target together."""
    X = check_matrix(X, "X")
    return X, check_vector(y, "y", length=X.shape[0])


def check_alpha(alpha, name: str = "alpha") -> float:
    """Return ``alpha`` as a float >= 0, or raise a ValueError that says what was expected."""
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise ValueError(f"{name} must be a non-negative number, got {alpha!r} of type {type(alpha).__name__}")
    alpha = float(alpha)
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {alpha!r}")
    return alpha


def check_alphas(alphas, name: str = "alphas") -> np.ndarray:
    """Return a 1-D array of non-negative, finite penalty strengths."""
    try:
        arr = np.asarray(alphas, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 1-D sequence of non-negative numbers") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must contain only finite numbers >= 0")
    return arr


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_finite_scale(arr: np.ndarray, name: str, what: str) -> None:
    """Raise a ValueError when ``arr`` (already checked finite as given) is too large to compute with.

    ``arr`` is ``X`` or ``y`` after centring (``what`` says so, e.g. "after centring"). Two failures,
    both silent NaNs otherwise: centring overflowed (a mean of values near 1.8e308 is inf), or the sums
    of squares every solver forms (``X^T X``, ``X^T y``, ``||y||^2``: at most ``n * max|value|^2``)
    would overflow float64.
    """
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"{name} has values so large that centring it (subtracting the mean) overflows float64; "
            f"rescale {name}, e.g. standardize its columns"
        )
    with np.errstate(over="ignore"):
        largest = np.max(np.abs(arr), initial=0.0)
        bound = np.float64(arr.shape[0]) * np.float64(largest) ** 2
    if not np.isfinite(bound):
        raise ValueError(
            f"{name} has values so large (|value| up to {largest:.2g} {what}) that its sums of squares "
            f"overflow float64 (n * max|value|^2 must stay below {np.finfo(float).max:.2g}); rescale {name}, "
            f"e.g. standardize its columns"
        )


def check_l1_ratio(l1_ratio, name: str = "l1_ratio") -> float:
    """Return the Elastic Net's mixing parameter as a float in [0, 1] (1: the Lasso, 0: ridge)."""
    if isinstance(l1_ratio, bool) or not isinstance(l1_ratio, numbers.Real):
        raise ValueError(f"{name} must be a number in [0, 1], got {l1_ratio!r} of type {type(l1_ratio).__name__}")
    value = float(l1_ratio)
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise ValueError(f"{name} must be a number in [0, 1] (1: the Lasso, 0: ridge), got {l1_ratio!r}")
    return value


def check_tol(tol, name: str = "tol") -> float:
    """Return a stopping tolerance as a positive finite float."""
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"{name} must be a positive number, got {tol!r}")
    return float(tol)
