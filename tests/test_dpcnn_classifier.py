"""Tests of DPCNNClassifier: scikit-learn's common checks, then its own options.

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

from sklearn_textnn import DPCNNClassifier, SequencePadder, TextTokenizer, Vocabulary

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
        DPCNNClassifier(
            embedding_dim=8, num_filters=8, max_epochs=20, lr=1e-2, random_state=0
        )
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_dpcnn_classifier_passes_sklearn_checks(estimator, check):
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
        num_filters=8,
        max_epochs=15,
        lr=1e-2,
        validation_fraction=None,
        random_state=0,
    )
    return DPCNNClassifier(**{**defaults, **params})


def _headline_model(**params):
    return make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(),
        _small(embedding_dim=16, num_filters=16, **params),
    )


def test_dpcnn_classifier_builds_the_configured_network():
    X, y = _two_topics(n=20)
    clf = _small(embedding_dim=7, num_filters=5, dropout=0.25, max_epochs=1)
    encoder = clf.fit(X, y).net_.module_.encoder
    assert encoder.embedding.embedding_dim == 7
    assert (encoder.region.in_channels, encoder.region.out_channels) == (7, 5)
    convolutions = [*encoder.first_block, *encoder.pyramid_block]
    assert [c.kernel_size for c in convolutions] == [(3,)] * 4
    assert all(c.in_channels == c.out_channels == 5 for c in convolutions)
    assert clf.net_.module_.dropout.p == 0.25
    assert clf.net_.module_.classifier.in_features == 5


def test_dpcnn_classifier_learns_real_headlines(sports_or_realty):
    data = sports_or_realty
    model = _headline_model(max_epochs=15).fit(data.X_train, data.y_train)
    assert model.score(data.X_train, data.y_train) == 1.0
    assert model.score(data.X_test, data.y_test) > 0.8


def test_dpcnn_classifier_grid_search_tunes_the_number_of_filters(sports_or_realty):
    data = sports_or_realty
    search = GridSearchCV(
        _headline_model(max_epochs=3),
        {"dpcnnclassifier__num_filters": [4, 16]},
        cv=2,
    ).fit(data.X_train, data.y_train)
    assert len(search.cv_results_["params"]) == 2
    best = search.best_params_["dpcnnclassifier__num_filters"]
    assert search.best_estimator_[-1].net_.module_.classifier.in_features == best


def test_dpcnn_classifier_survives_pickling(sports_or_realty):
    data = sports_or_realty
    model = _headline_model(max_epochs=2).fit(data.X_train, data.y_train)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(
        restored.predict_proba(data.X_test), model.predict_proba(data.X_test)
    )


def test_dpcnn_classifier_gives_a_text_the_same_probabilities_beside_a_long_one():
    X, y = _two_topics()
    padded = np.zeros((60, 64), dtype=np.int64)
    padded[:, 58:] = X
    clf = _small().fit(padded, y)
    assert clf.score(padded, y) == 1.0
    # In one batch with a text of 64 tokens, the texts of 6 go through three
    # blocks more than their own length needs; those must leave them as they are.
    long = np.arange(64)[None] % 16 + 4
    beside_long = clf.predict_proba(np.vstack([padded, long]))[:60]
    np.testing.assert_allclose(beside_long, clf.predict_proba(padded), atol=1e-6)


def test_dpcnn_classifier_does_not_clip_gradients_by_default():
    X, y = _two_topics(n=20)
    clf = _small(max_epochs=1).fit(X, y)
    assert "gradient_clipping" not in dict(clf.net_.callbacks)


def test_dpcnn_classifier_rejects_invalid_hyperparameters():
    X, y = _two_topics(n=20)
    with pytest.raises(InvalidParameterError, match="'num_filters' parameter"):
        _small(num_filters=0).fit(X, y)
