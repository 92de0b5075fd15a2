"""Tests of RCNNClassifier: scikit-learn's common checks, then its own options.

Behaviour shared with the other classifiers is tested in
test_classifier_behaviour.py.
"""

import pickle

import numpy as np
import pytest
from _estimator_checks import PARTIAL_FIT_CHECKS
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_textnn import RCNNClassifier, SequencePadder, TextTokenizer, Vocabulary

EXPECTED_FAILED_CHECKS = {
    **PARTIAL_FIT_CHECKS,
    "check_class_weight_classifiers": (
        "feeds continuous float features; the classifier takes integer token ids "
        "and refuses non-integral values by design"
    ),
}


# The common core's checks run fast for FastText, TextCNN and the LSTM.
@pytest.mark.slow
@parametrize_with_checks(
    [
        RCNNClassifier(
            embedding_dim=8,
            hidden_size=8,
            latent_size=8,
            max_epochs=20,
            lr=1e-2,
            random_state=0,
        )
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_rcnn_classifier_passes_sklearn_checks(estimator, check):
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
        hidden_size=8,
        latent_size=8,
        max_epochs=15,
        lr=2e-2,
        validation_fraction=None,
        random_state=0,
    )
    return RCNNClassifier(**{**defaults, **params})


def _headline_model(**params):
    return make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(),
        _small(embedding_dim=16, hidden_size=16, latent_size=16, **params),
    )


def test_rcnn_classifier_builds_the_configured_network():
    X, y = _two_topics(n=20)
    clf = _small(
        embedding_dim=7, hidden_size=5, latent_size=3, dropout=0.25, max_epochs=1
    ).fit(X, y)
    encoder = clf.net_.module_.encoder
    assert encoder.embedding.embedding_dim == 7
    assert encoder.lstm.hidden_size == 5
    assert encoder.lstm.bidirectional
    # Each token: its left context, its own vector, its right context.
    assert encoder.latent.in_features == 5 + 7 + 5
    assert encoder.latent.out_features == 3
    assert clf.net_.module_.dropout.p == 0.25
    assert clf.net_.module_.classifier.in_features == 3


def test_rcnn_classifier_learns_real_headlines(sports_or_realty):
    data = sports_or_realty
    model = _headline_model(max_epochs=15).fit(data.X_train, data.y_train)
    assert model.score(data.X_train, data.y_train) == 1.0
    assert model.score(data.X_test, data.y_test) > 0.8


def test_rcnn_classifier_grid_search_tunes_the_latent_size(sports_or_realty):
    data = sports_or_realty
    search = GridSearchCV(
        _headline_model(max_epochs=3),
        {"rcnnclassifier__latent_size": [4, 16]},
        cv=2,
    ).fit(data.X_train, data.y_train)
    assert len(search.cv_results_["params"]) == 2
    best = search.best_params_["rcnnclassifier__latent_size"]
    assert search.best_estimator_[-1].net_.module_.classifier.in_features == best


def test_rcnn_classifier_survives_pickling(sports_or_realty):
    data = sports_or_realty
    model = _headline_model(max_epochs=2).fit(data.X_train, data.y_train)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(
        restored.predict_proba(data.X_test), model.predict_proba(data.X_test)
    )


def test_rcnn_classifier_pre_and_post_padding_give_the_same_probabilities():
    X, y = _two_topics()
    post = np.zeros((60, 9), dtype=np.int64)
    pre = np.zeros_like(post)
    post[:, :6], pre[:, 3:] = X, X
    clf = _small().fit(post, y)
    np.testing.assert_allclose(clf.predict_proba(pre), clf.predict_proba(post))
    assert clf.score(post, y) == 1.0


def test_rcnn_classifier_clips_gradients_by_default():
    X, y = _two_topics(n=20)
    clf = _small(max_epochs=1).fit(X, y)
    assert dict(clf.net_.callbacks)["gradient_clipping"].gradient_clip_value == 5.0


@pytest.mark.parametrize(("param", "value"), [("hidden_size", 0), ("latent_size", 0)])
def test_rcnn_classifier_rejects_invalid_hyperparameters(param, value):
    X, y = _two_topics(n=20)
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter"):
        _small(**{param: value}).fit(X, y)
