"""SGD and Adam on softmax regression, with an L2 penalty or with decoupled weight decay.

The model is multinomial logistic regression: scores ``X @ W + b``, softmax probabilities, and the
mean cross-entropy over a batch as the loss ``f``. Only ``W`` is regularized, never the intercept
``b`` (as in scikit-learn). The two ways of regularizing follow Loshchilov & Hutter (2019,
"Decoupled Weight Decay Regularization", ICLR; Algorithms 1 and 2 without momentum in SGD and with a
constant schedule multiplier ``eta_t = 1``):

* **L2 penalty** ``l2``: the optimizer sees the gradient of ``f + (l2/2) ||W||^2``, i.e.
  ``grad f + l2 * W``; for Adam this sum goes through the moment estimates and gets rescaled.
* **Decoupled weight decay** ``decay``: the optimizer's step uses ``grad f`` alone and the weights are
  then shrunk by ``decay * W`` from their previous value, ``W <- W - step - decay * W`` (the paper's
  Equation 1 for SGD, line 12 of its Algorithm 2 for AdamW: the decay is *not* multiplied by ``lr``).

Every run takes its minibatches from a list of index arrays (:func:`minibatches`), so two runs can see
exactly the same sequence of batches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import minimize

from ._validation import check_alpha, check_matrix, check_positive_int

OPTIMIZERS = ("sgd", "adam")


class Run(NamedTuple):
    """The result of :func:`train`."""

    W: np.ndarray  # shape (n_features, n_classes)
    b: np.ndarray  # shape (n_classes,)
    v_W: np.ndarray  # Adam's bias-corrected second moment of W's gradient at the last step (zeros for SGD)
    steps: int
    history: np.ndarray  # shape (len(record), n_features, n_classes): W after each step listed in ``record``


def _labels(y, n_samples: int) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != n_samples:
        raise ValueError(f"y must be 1-D with one class label per row of X ({n_samples}), got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0:
        raise ValueError("y must hold integer class labels 0, 1, ..., n_classes - 1")
    return y


def softmax_loss(W, b, X, y) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean cross-entropy of softmax regression and its gradient.

    Parameters
    ----------
    W : array of shape (n_features, n_classes)
    b : array of shape (n_classes,)
    X : array of shape (n_samples, n_features)
    y : int array of shape (n_samples,), labels in ``0 .. n_classes - 1``

    Returns
    -------
    loss : float
        ``-(1/n) sum_i log p_i[y_i]`` with ``p_i = softmax(x_i W + b)``.
    grad_W : array of shape (n_features, n_classes)
    grad_b : array of shape (n_classes,)
    """
    scores = X @ W + b
    scores -= scores.max(axis=1, keepdims=True)  # exp cannot overflow; softmax is unchanged
    log_norm = np.log(np.exp(scores).sum(axis=1))
    n = X.shape[0]
    rows = np.arange(n)
    loss = float(np.mean(log_norm - scores[rows, y]))
    residual = np.exp(scores - log_norm[:, None])  # probabilities
    residual[rows, y] -= 1.0
    residual /= n
    return loss, X.T @ residual, residual.sum(axis=0)


def penalized_loss(W, b, X, y, l2: float) -> float:
    """``softmax_loss + (l2 / 2) ||W||^2``, the objective an L2 penalty of strength ``l2`` adds to."""
    return softmax_loss(W, b, X, y)[0] + 0.5 * l2 * float(np.sum(W * W))


def minibatches(n_samples: int, batch_size: int, n_epochs: int, seed: int) -> list[np.ndarray]:
    """Index arrays of the minibatches of ``n_epochs`` shuffled passes over the data.

    Each epoch is a fresh permutation cut into consecutive batches of ``batch_size`` (the last one of
    an epoch may be smaller).
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    batch_size = check_positive_int(batch_size, "batch_size")
    n_epochs = check_positive_int(n_epochs, "n_epochs")
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(n_epochs):
        order = rng.permutation(n_samples)
        batches.extend(order[start : start + batch_size] for start in range(0, n_samples, batch_size))
    return batches


def train(
    X,
    y,
    batches,
    *,
    optimizer: str,
    lr: float,
    l2: float = 0.0,
    decay: float = 0.0,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    n_classes: int | None = None,
    W0=None,
    b0=None,
    record=(),
) -> Run:
    """Run SGD or Adam over ``batches`` with an L2 penalty ``l2`` and/or decoupled weight decay ``decay``.

    One step on batch ``B`` with ``g = grad_W f_B(W) + l2 * W``:

    * ``"sgd"``: ``W <- W - lr * g - decay * W``;
    * ``"adam"``: ``m <- beta1 m + (1 - beta1) g``, ``v <- beta2 v + (1 - beta2) g^2``,
      ``W <- W - lr * mhat / (sqrt(vhat) + eps) - decay * W`` with the bias corrections
      ``mhat = m / (1 - beta1^t)``, ``vhat = v / (1 - beta2^t)`` (Kingma & Ba 2015; Loshchilov &
      Hutter 2019, Algorithm 2). ``l2 > 0, decay = 0`` is "Adam with L2", ``l2 = 0, decay > 0`` AdamW.

    The intercept takes the same step with its own gradient, never penalized nor decayed.
    Starts from ``W0``, ``b0`` (default zeros). ``record`` lists step counts (0 = the start) after
    which a copy of ``W`` is kept in ``Run.history``. Returns a :class:`Run`.
    """
    X = check_matrix(X, "X")
    y = _labels(y, X.shape[0])
    batches = _check_batches(batches, X.shape[0])
    record = [int(k) for k in record]
    if any(k < 0 or k > len(batches) for k in record):
        raise ValueError(f"record must list step counts between 0 and the number of batches ({len(batches)}), got {record}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    lr, l2, decay = check_alpha(lr, "lr"), check_alpha(l2, "l2"), check_alpha(decay, "decay")
    if decay >= 1:
        raise ValueError(f"decay is the fraction of W removed per step and must be < 1, got {decay}")
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"beta1 and beta2 must lie in [0, 1), got {beta1} and {beta2}")
    if not eps > 0:
        raise ValueError(f"eps must be > 0 (Adam divides by sqrt(v) + eps, and v is 0 for a feature that is always 0), got {eps}")
    n_classes = int(y.max()) + 1 if n_classes is None else check_positive_int(n_classes, "n_classes")
    if y.max() >= n_classes:
        raise ValueError(f"y has label {y.max()} but n_classes is {n_classes}")
    shape = (X.shape[1], n_classes)
    W = np.zeros(shape) if W0 is None else np.array(W0, dtype=float)
    b = np.zeros(n_classes) if b0 is None else np.array(b0, dtype=float)
    if W.shape != shape or b.shape != (n_classes,):
        raise ValueError(f"W0 must have shape {shape} and b0 shape ({n_classes},), got {W.shape} and {b.shape}")
    params = [W, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    history = [W.copy()] * record.count(0)
    for t, batch in enumerate(batches, start=1):
        _, g_W, g_b = softmax_loss(W, b, X[batch], y[batch])
        grads = [g_W + l2 * W, g_b]
        if optimizer == "sgd":
            steps = [lr * g for g in grads]
        else:
            steps = []
            for k, g in enumerate(grads):
                m[k] = beta1 * m[k] + (1 - beta1) * g
                v[k] = beta2 * v[k] + (1 - beta2) * g * g
                m_hat, v_hat = m[k] / (1 - beta1**t), v[k] / (1 - beta2**t)
                steps.append(lr * m_hat / (np.sqrt(v_hat) + eps))
        W = W - steps[0] - decay * W
        b = b - steps[1]
        history.extend([W] * record.count(t))  # W is a new array every step: no copy needed
    v_W = v[0] / (1 - beta2**t) if optimizer == "adam" and t else np.zeros(shape)
    return Run(W, b, v_W, t, np.array(history).reshape(len(history), *shape))


def _check_batches(batches, n_samples: int) -> list[np.ndarray]:
    try:
        batches = [np.asarray(batch) for batch in batches]
    except TypeError:
        raise ValueError("batches must be a sequence of integer index arrays (see minibatches)") from None
    if not batches:
        raise ValueError("batches is empty: give at least one batch of row indices")
    for k, batch in enumerate(batches):
        if batch.ndim != 1 or batch.size == 0 or not np.issubdtype(batch.dtype, np.integer):
            raise ValueError(f"batch {k} must be a non-empty 1-D array of integer row indices, got {batch!r:.80}")
        if batch.min() < 0 or batch.max() >= n_samples:
            raise ValueError(f"batch {k} has a row index outside 0..{n_samples - 1} (X has {n_samples} rows)")
    return batches


def fit_penalized(
    X, y, l2: float, *, scale=None, n_classes: int | None = None, tol: float = 1e-9
) -> tuple[np.ndarray, np.ndarray]:
    """Minimize ``softmax_loss + (l2 / 2) sum scale * W^2`` over the whole data set (L-BFGS).

    With ``scale=None`` (all ones) this is ``penalized_loss``, whose minimizer SGD or Adam with an L2
    penalty aim at. A ``scale`` of W's shape weights each weight's penalty: Loshchilov & Hutter's
    "scale-adjusted" L2 (their Proposition 3). L-BFGS stops when the largest gradient entry is below ``tol``.
    Returns ``(W, b)``.
    """
    X = check_matrix(X, "X")
    y = _labels(y, X.shape[0])
    l2 = check_alpha(l2, "l2")
    n_classes = int(y.max()) + 1 if n_classes is None else check_positive_int(n_classes, "n_classes")
    p = X.shape[1]
    scale = np.ones((p, n_classes)) if scale is None else np.asarray(scale, dtype=float)
    if scale.shape != (p, n_classes) or not np.all(np.isfinite(scale)) or np.any(scale < 0):
        raise ValueError(f"scale must be an array of shape {(p, n_classes)} of finite numbers >= 0")

    def objective(theta):
        W, b = theta[: p * n_classes].reshape(p, n_classes), theta[p * n_classes :]
        loss, g_W, g_b = softmax_loss(W, b, X, y)
        return loss + 0.5 * l2 * np.sum(scale * W * W), np.concatenate([(g_W + l2 * scale * W).ravel(), g_b])

    result = minimize(
        objective,
        np.zeros(p * n_classes + n_classes),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 20_000, "maxfun": 40_000, "gtol": tol, "ftol": 0.0},
    )
    theta = result.x
    return theta[: p * n_classes].reshape(p, n_classes), theta[p * n_classes :]
