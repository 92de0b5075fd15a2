"""Tests of TextCNNClassifier: scikit-learn's common checks, then its own options.

Behaviour shared with LSTMClassifier is tested in test_classifier_behaviour.py.
"""

import numpy as np
import pytest
from _estimator_checks import PARTIAL_FIT_CHECKS
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_textnn import TextCNNClassifier

EXPECTED_FAILED_CHECKS = {
    **PARTIAL_FIT_CHECKS,
    "check_class_weight_classifiers": (
        "feeds continuous float features; the classifier takes integer token ids "
        "and refuses non-integral values by design"
    ),
}


@parametrize_with_checks(
    [
        TextCNNClassifier(
            embedding_dim=8,
            kernel_sizes=(2, 3),
            num_filters=8,
            max_epochs=20,
            lr=1e-2,
            random_state=0,
        )
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_textcnn_classifier_passes_sklearn_checks(estimator, check):
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
        kernel_sizes=(2, 3),
        num_filters=6,
        max_epochs=15,
        lr=2e-2,
        validation_fraction=None,
        random_state=0,
    )
    return TextCNNClassifier(**{**defaults, **params})


def test_textcnn_classifier_builds_the_configured_network():
    X, y = _two_topics()
    clf = _small(embedding_dim=7, kernel_sizes=[1, 4], num_filters=5, dropout=0.25)
    clf.fit(X, y)
    module = clf.net_.module_
    assert module.encoder.embedding.embedding_dim == 7
    assert [conv.kernel_size for conv in module.encoder.convs] == [(1,), (4,)]
    assert [conv.out_channels for conv in module.encoder.convs] == [5, 5]
    assert module.dropout.p == 0.25
    assert (module.classifier.in_features, module.classifier.out_features) == (10, 2)
    assert clf.score(X, y) > 0.9


def test_textcnn_classifier_pre_and_post_padding_give_the_same_probabilities():
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 7, size=60)
    y = np.arange(60) % 2
    post = np.zeros((60, 8), dtype=np.int64)
    pre = np.zeros_like(post)
    for i, length in enumerate(lengths):
        tokens = rng.integers(4, 20, size=length)
        tokens[-1] = 2 + y[i]
        post[i, :length] = tokens
        pre[i, 8 - length :] = tokens
    clf = _small().fit(post, y)
    np.testing.assert_allclose(
        clf.predict_proba(pre), clf.predict_proba(post), atol=1e-6
    )
    refit = _small().fit(pre, y)
    np.testing.assert_allclose(
        refit.predict_proba(pre), clf.predict_proba(post), atol=1e-6
    )


def test_textcnn_classifier_reads_texts_narrower_than_the_widest_kernel():
    X, y = _two_topics(width=2)
    clf = _small(kernel_sizes=(3, 5)).fit(X, y)
    proba = clf.predict_proba(X[:, :2])
    assert proba.shape == (60, 2)
    assert np.isfinite(proba).all()
    assert clf.score(X, y) > 0.9


def test_textcnn_classifier_does_not_clip_gradients_by_default():
    X, y = _two_topics(n=20)
    names = [name for name, _ in _small(max_epochs=1).fit(X, y).net_.callbacks]
    assert "gradient_clipping" not in names
    clipped = _small(max_epochs=1, gradient_clipping=0.5).fit(X, y)
    callbacks = dict(clipped.net_.callbacks)
    assert callbacks["gradient_clipping"].gradient_clip_value == 0.5


@pytest.mark.parametrize("kernel_sizes", [(), (0, 2), (2.5,), ("3",)])
def test_textcnn_classifier_rejects_bad_kernel_sizes(kernel_sizes):
    X, y = _two_topics(n=20)
    with pytest.raises(ValueError, match=r"kernel_sizes=.*non-empty tuple of positive"):
        _small(kernel_sizes=kernel_sizes).fit(X, y)


@pytest.mark.parametrize(
    ("param", "value"),
    [("kernel_sizes", "234"), ("kernel_sizes", 3), ("num_filters", 0)],
)
def test_textcnn_classifier_rejects_invalid_hyperparameters(param, value):
    X, y = _two_topics(n=20)
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter"):
        _small(**{param: value}).fit(X, y)
