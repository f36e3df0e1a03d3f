"""Penalties, their (sub)gradients and proximal operators, and the conventions readers meet.

The L1 penalty is ``||w||_1 = sum |w_j|`` and the L2 penalty is ``||w||_2^2 = sum w_j^2``
(squared, as in ridge regression). ``soft_threshold`` is written here once; every L1 solver,
the CLI and the chapters call it.

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
``"rss"``                ``RSS + alpha P(w)``                   the guide, ISL (James et al.)
``"half_rss"``           ``RSS/2 + alpha P(w)``                 ESL's lasso (Hastie et al.)
``"mse"``                ``RSS/(2n) + alpha P(w)``              this course's training CLI
=======================  =====================================  ===========================
"""

from __future__ import annotations

import numpy as np

from ._validation import check_alpha, check_positive_int

PENALTIES = ("l1", "l2")


def l1_penalty(w) -> float:
    """``||w||_1``, the sum of absolute values."""
    return float(np.sum(np.abs(w)))


def l2_penalty(w) -> float:
    """``||w||_2^2``, the sum of squares (ridge's penalty is the *squared* norm)."""
    w = np.asarray(w, dtype=float)
    return float(w @ w)


def elastic_net_penalty(w, l1_ratio: float) -> float:
    """scikit-learn's ElasticNet penalty ``r ||w||_1 + (1 - r)/2 ||w||_2^2`` with ``r = l1_ratio``."""
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must lie in [0, 1], got {l1_ratio!r}")
    return l1_ratio * l1_penalty(w) + 0.5 * (1.0 - l1_ratio) * l2_penalty(w)


def l1_subgradient(w) -> np.ndarray:
    """``sign(w)``: the subgradient of ``||w||_1`` that the guide's update uses (0 is chosen at w_j = 0).

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
