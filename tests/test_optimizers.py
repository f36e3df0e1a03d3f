"""helpers.optimizers against independent references: finite differences and scikit-learn's log_loss for
the softmax loss, Proposition 1 of Loshchilov & Hutter (2019) to machine precision, Adam's first two steps
written out by hand, scikit-learn's LogisticRegression for the penalized optimum, and the optimality
condition of the scale-adjusted penalty (their Proposition 3)."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from helpers.optimizers import fit_penalized, minibatches, penalized_loss, softmax_loss, train


def _problem(n=120, p=6, k=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = (X @ rng.standard_normal((p, k)) + rng.standard_normal((n, k))).argmax(axis=1)
    return X, y


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:400] / 16, y[:400]


def test_softmax_loss_matches_sklearn_and_finite_differences():
    X, y = _problem()
    rng = np.random.default_rng(1)
    W, b = rng.standard_normal((6, 3)), rng.standard_normal(3)
    loss, g_W, g_b = softmax_loss(W, b, X, y)
    scores = X @ W + b
    proba = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(log_loss(y, proba, labels=[0, 1, 2]), rel=1e-12)
    h = 1e-6
    for idx in [(0, 0), (2, 1), (5, 2)]:
        E = np.zeros_like(W)
        E[idx] = h
        numeric = (softmax_loss(W + E, b, X, y)[0] - softmax_loss(W - E, b, X, y)[0]) / (2 * h)
        assert numeric == pytest.approx(g_W[idx], abs=1e-8)
    for j in range(3):
        e = np.zeros(3)
        e[j] = h
        numeric = (softmax_loss(W, b + e, X, y)[0] - softmax_loss(W, b - e, X, y)[0]) / (2 * h)
        assert numeric == pytest.approx(g_b[j], abs=1e-8)
    # huge scores must not overflow
    big = softmax_loss(1e4 * W, b, X, y)[0]
    assert np.isfinite(big) and big > 10


def test_penalized_loss_adds_half_l2_norm():
    X, y = _problem()
    W, b = np.ones((6, 3)), np.zeros(3)
    assert penalized_loss(W, b, X, y, 0.2) - softmax_loss(W, b, X, y)[0] == pytest.approx(0.1 * 18, rel=1e-12)


def test_minibatches_are_epochs_of_permutations():
    batches = minibatches(10, 4, 3, seed=0)
    assert [len(b) for b in batches] == [4, 4, 2] * 3
    for e in range(3):
        assert sorted(np.concatenate(batches[3 * e : 3 * e + 3])) == list(range(10))
    assert not np.array_equal(np.concatenate(batches[:3]), np.concatenate(batches[3:6]))
    assert all(np.array_equal(a, b) for a, b in zip(batches, minibatches(10, 4, 3, seed=0)))


def test_sgd_l2_penalty_equals_weight_decay_times_lr(digits):
    """Proposition 1: decay = lr * l2 gives the same iterates, up to rounding."""
    X, y = digits
    batches = minibatches(len(y), 16, 5, seed=3)
    lr, l2 = 0.3, 0.02
    with_l2 = train(X, y, batches, optimizer="sgd", lr=lr, l2=l2)
    with_decay = train(X, y, batches, optimizer="sgd", lr=lr, decay=lr * l2)
    scale = np.abs(with_l2.W).max()
    assert np.abs(with_l2.W - with_decay.W).max() < 1e-13 * len(batches) * scale
    assert np.abs(with_l2.b - with_decay.b).max() < 1e-13 * len(batches) * np.abs(with_l2.b).max()
    # the factor lr matters: decay = l2 is another run, and so is no penalty at all
    assert np.abs(with_l2.W - train(X, y, batches, optimizer="sgd", lr=lr, decay=l2).W).max() > 0.1 * scale
    assert np.abs(with_l2.W - train(X, y, batches, optimizer="sgd", lr=lr).W).max() > 0.1 * scale


def _adam_by_hand(X, y, W0, b0, batches, lr, l2, decay, beta1=0.9, beta2=0.999, eps=1e-8):
    """Algorithm 2 of Loshchilov & Hutter written out for W only (b follows its own Adam)."""
    W, b = W0.copy(), b0.copy()
    m = v = 0.0
    mb = vb = 0.0
    for t, batch in enumerate(batches, start=1):
        Xb, yb = X[batch], y[batch]
        scores = Xb @ W + b
        P = np.exp(scores - scores.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        P[np.arange(len(yb)), yb] -= 1
        g = Xb.T @ P / len(yb) + l2 * W
        gb = P.mean(axis=0)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb**2
        W = W - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps) - decay * W
        b = b - lr * (mb / (1 - beta1**t)) / (np.sqrt(vb / (1 - beta2**t)) + eps)
    return W, b


@pytest.mark.parametrize(("l2", "decay"), [(0.05, 0.0), (0.0, 0.01), (0.0, 0.0)])
def test_adam_matches_the_algorithm_written_out(l2, decay):
    X, y = _problem()
    rng = np.random.default_rng(4)
    W0, b0 = rng.standard_normal((6, 3)), rng.standard_normal(3)
    batches = minibatches(len(y), 40, 1, seed=5)[:2]
    run = train(X, y, batches, optimizer="adam", lr=0.01, l2=l2, decay=decay, W0=W0, b0=b0)
    W, b = _adam_by_hand(X, y, W0, b0, batches, 0.01, l2, decay)
    assert np.abs(run.W - W).max() < 1e-14 and np.abs(run.b - b).max() < 1e-14
    # the first step alone is lr * g / (|g| + eps) (bias correction makes m_hat = g, v_hat = g^2)
    one = train(X, y, batches[:1], optimizer="adam", lr=0.01, l2=l2, decay=decay, W0=W0, b0=b0)
    g = softmax_loss(W0, b0, X[batches[0]], y[batches[0]])[1] + l2 * W0
    assert np.abs(one.W - (W0 - 0.01 * g / (np.abs(g) + 1e-8) - decay * W0)).max() < 1e-15
    assert np.abs(one.v_W - g**2).max() < 1e-15 * max(1.0, np.abs(g**2).max())


def test_adam_l2_and_adamw_differ_for_every_matching_rule(digits):
    """Proposition 2: no L2 coefficient reproduces decoupled decay once steps are rescaled."""
    X, y = digits
    batches = minibatches(len(y), 50, 2, seed=6)
    adamw = train(X, y, batches, optimizer="adam", lr=0.01, decay=0.01)
    gaps = [np.abs(train(X, y, batches, optimizer="adam", lr=0.01, l2=l2).W - adamw.W).max() for l2 in (0.0, 1.0, 10.0)]
    assert min(gaps) > 1e-3


def test_penalized_optimum_matches_sklearn(digits):
    X, y = digits
    l2 = 0.01
    W, b = fit_penalized(X, y, l2)
    ref = LogisticRegression(C=1 / (len(y) * l2), tol=1e-10, max_iter=10_000).fit(X, y)
    assert np.abs(W - ref.coef_.T).max() < 1e-5 * np.abs(W).max()
    # the intercept is defined up to a common shift (softmax ignores it)
    assert np.abs((b - b.mean()) - (ref.intercept_ - ref.intercept_.mean())).max() < 1e-4
    # C = 1 / l2 (forgetting n) is a different model
    wrong = LogisticRegression(C=1 / l2, tol=1e-10, max_iter=10_000).fit(X, y)
    assert np.abs(W - wrong.coef_.T).max() > 0.1 * np.abs(W).max()


def test_full_batch_adam_with_l2_converges_to_the_penalized_optimum(digits):
    X, y = digits
    W, _ = fit_penalized(X, y, 0.05)
    run = train(X, y, [np.arange(len(y))] * 1500, optimizer="adam", lr=0.02, l2=0.05)
    assert np.linalg.norm(run.W - W) < 2e-3 * np.linalg.norm(W)
    adamw = train(X, y, [np.arange(len(y))] * 1500, optimizer="adam", lr=0.02, decay=0.02 * 0.05)
    assert np.linalg.norm(adamw.W - W) > 0.3 * np.linalg.norm(W)


def test_scale_adjusted_optimum_satisfies_its_optimality_condition():
    X, y = _problem()
    scale = np.linspace(0.1, 3.0, 18).reshape(6, 3)
    W, b = fit_penalized(X, y, 0.1, scale=scale)
    _, g_W, g_b = softmax_loss(W, b, X, y)
    assert np.abs(g_W + 0.1 * scale * W).max() < 1e-8 and np.abs(g_b).max() < 1e-8
    assert np.abs(W - fit_penalized(X, y, 0.1)[0]).max() > 1e-2  # the scale changes the answer


def test_record_keeps_the_weights_after_the_listed_steps(digits):
    X, y = digits
    batches = minibatches(len(y), 100, 2, seed=7)
    run = train(X, y, batches, optimizer="adam", lr=0.01, l2=0.01, record=[0, 3, 8, 8])
    assert run.history.shape == (4, 64, 10) and np.all(run.history[0] == 0)
    assert np.array_equal(run.history[1], train(X, y, batches[:3], optimizer="adam", lr=0.01, l2=0.01).W)
    assert np.array_equal(run.history[3], run.W) and run.steps == 8


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"optimizer": "rmsprop"}, "optimizer must be one of"),
        ({"lr": -0.1}, "lr must be"),
        ({"l2": float("nan")}, "l2 must be"),
        ({"decay": 1.0}, "decay is the fraction"),
        ({"beta2": 1.0}, "beta1 and beta2"),
        ({"eps": 0.0}, "eps must be > 0"),
        ({"n_classes": 2}, "n_classes is 2"),
        ({"W0": np.zeros((3, 3))}, "W0 must have shape"),
        ({"batches": []}, "batches is empty"),
        ({"batches": [np.array([0, 500])]}, "outside 0..119"),
        ({"batches": [np.array([0.5, 1.0])]}, "integer row indices"),
        ({"record": [3]}, "record must list"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    X, y = _problem()
    args = {"optimizer": "sgd", "lr": 0.1, "batches": [np.arange(10)]} | kwargs
    batches = args.pop("batches")
    with pytest.raises(ValueError, match=message):
        train(X, y, batches, **args)


def test_bad_labels_and_scale_are_named():
    X, y = _problem()
    with pytest.raises(ValueError, match="one class label per row"):
        train(X, y[:-1], [np.arange(5)], optimizer="sgd", lr=0.1)
    with pytest.raises(ValueError, match="integer class labels"):
        train(X, y.astype(float), [np.arange(5)], optimizer="sgd", lr=0.1)
    with pytest.raises(ValueError, match="scale must be"):
        fit_penalized(X, y, 0.1, scale=np.ones((3, 3)))
    with pytest.raises(ValueError, match="batch_size"):
        minibatches(10, 0, 1, seed=0)
