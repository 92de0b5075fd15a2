"""Tests of LSTMClassifier: scikit-learn's common checks, then its own options.

Behaviour shared with TextCNNClassifier is tested in test_classifier_behaviour.py.
"""

import numpy as np
import pytest
from _estimator_checks import PARTIAL_FIT_CHECKS
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_textnn import LSTMClassifier

EXPECTED_FAILED_CHECKS = {
    **PARTIAL_FIT_CHECKS,
    "check_class_weight_classifiers": (
        "feeds continuous float features; the classifier takes integer token ids "
        "and refuses non-integral values by design"
    ),
}


@parametrize_with_checks(
    [
        LSTMClassifier(
            embedding_dim=8, hidden_size=8, max_epochs=20, lr=1e-2, random_state=0
        )
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_lstm_classifier_passes_sklearn_checks(estimator, check):
    check(estimator)


def _two_topics(n=60, width=6, seed=0):
    """Class 0 texts hold token 2, class 1 texts token 3, among noise tokens."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = rng.integers(4, 20, size=(n, width))
    X[np.arange(n), rng.integers(width, size=n)] = 2 + y
    return X, y


def _small(**params):
    defaults = dict(
        embedding_dim=8,
        hidden_size=6,
        max_epochs=15,
        lr=2e-2,
        validation_fraction=None,
        random_state=0,
    )
    return LSTMClassifier(**{**defaults, **params})


def test_lstm_classifier_builds_the_configured_network():
    X, y = _two_topics(n=20)
    clf = _small(
        embedding_dim=7,
        hidden_size=5,
        num_layers=2,
        bidirectional=False,
        pooling="mean",
        dropout=0.25,
        max_epochs=1,
    ).fit(X, y)
    encoder = clf.net_.module_.encoder
    assert encoder.embedding.embedding_dim == 7
    assert (encoder.lstm.hidden_size, encoder.lstm.num_layers) == (5, 2)
    assert not encoder.lstm.bidirectional
    assert encoder.lstm.dropout.p == 0.25
    assert encoder.pooling == "mean"
    assert clf.net_.module_.dropout.p == 0.25
    assert clf.net_.module_.classifier.in_features == 5


@pytest.mark.parametrize("pooling", ["max", "mean", "last"])
def test_lstm_classifier_learns_with_each_pooling(pooling):
    X, y = _two_topics()
    clf = _small(pooling=pooling, max_epochs=25).fit(X, y)
    assert clf.net_.module_.encoder.pooling == pooling
    assert clf.net_.module_.classifier.in_features == 12
    assert clf.score(X, y) > 0.9


def test_lstm_classifier_pre_and_post_padding_give_the_same_probabilities():
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 7, size=60)
    y = np.arange(60) % 2
    post = np.zeros((60, 8), dtype=np.int64)
    pre = np.zeros_like(post)
    for i, length in enumerate(lengths):
        tokens = rng.integers(4, 20, size=length)
        tokens[0] = 2 + y[i]
        post[i, :length] = tokens
        pre[i, 8 - length :] = tokens
    clf = _small(pooling="last").fit(post, y)
    np.testing.assert_allclose(
        clf.predict_proba(pre), clf.predict_proba(post), atol=1e-6
    )
    refit = _small(pooling="last").fit(pre, y)
    np.testing.assert_allclose(
        refit.predict_proba(pre), clf.predict_proba(post), atol=1e-6
    )


def test_lstm_classifier_clips_gradients_by_default():
    X, y = _two_topics(n=20)
    clf = _small(max_epochs=1).fit(X, y)
    assert dict(clf.net_.callbacks)["gradient_clipping"].gradient_clip_value == 5.0
    unclipped = _small(max_epochs=1, gradient_clipping=None).fit(X, y)
    assert "gradient_clipping" not in dict(unclipped.net_.callbacks)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("hidden_size", 0),
        ("num_layers", 0),
        ("bidirectional", "yes"),
        ("pooling", "min"),
    ],
)
def test_lstm_classifier_rejects_invalid_hyperparameters(param, value):
    X, y = _two_topics(n=20)
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter"):
        _small(**{param: value}).fit(X, y)
