"""Tests of AttentionLSTMClassifier: scikit-learn's common checks, then its own
options and its attention weights.

Behaviour shared with the other classifiers is tested in
test_classifier_behaviour.py.
"""

import pickle

import numpy as np
import pytest
from _estimator_checks import PARTIAL_FIT_CHECKS
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_textnn import (
    AttentionLSTMClassifier,
    SequencePadder,
    TextTokenizer,
    Vocabulary,
)

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
        AttentionLSTMClassifier(
            embedding_dim=8,
            hidden_size=8,
            attention_size=8,
            max_epochs=20,
            lr=1e-2,
            random_state=0,
        )
    ],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_attention_lstm_classifier_passes_sklearn_checks(estimator, check):
    check(estimator)


def _signal_among_noise(n=60, width=6, seed=0):
    """Class 0 texts hold token 2, class 1 texts token 3, at a random position
    among noise tokens; also returns that position."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = rng.integers(4, 20, size=(n, width))
    position = rng.integers(width, size=n)
    X[np.arange(n), position] = 2 + y
    return X, y, position


def _small(**params):
    defaults = dict(
        embedding_dim=8,
        hidden_size=8,
        attention_size=8,
        max_epochs=15,
        lr=2e-2,
        validation_fraction=None,
        random_state=0,
    )
    return AttentionLSTMClassifier(**{**defaults, **params})


def _headline_model(padder=True, **params):
    steps = [TextTokenizer(level="char"), Vocabulary()]
    if padder:
        steps.append(SequencePadder())
    small = _small(embedding_dim=16, hidden_size=16, attention_size=16, **params)
    return make_pipeline(*steps, small)


def test_attention_lstm_classifier_builds_the_configured_network():
    X, y, _ = _signal_among_noise(n=20)
    clf = _small(
        embedding_dim=7,
        hidden_size=5,
        num_layers=2,
        bidirectional=False,
        attention_size=3,
        dropout=0.25,
        max_epochs=1,
    ).fit(X, y)
    encoder = clf.net_.module_.encoder
    assert encoder.embedding.embedding_dim == 7
    assert (encoder.lstm.hidden_size, encoder.lstm.num_layers) == (5, 2)
    assert not encoder.lstm.bidirectional
    assert encoder.lstm.dropout.p == 0.25
    assert encoder.attention.projection.out_features == 3
    assert clf.net_.module_.dropout.p == 0.25
    assert clf.net_.module_.classifier.in_features == 5


def test_attention_lstm_classifier_attends_to_the_token_that_tells_the_class():
    X, y, position = _signal_among_noise(n=80)
    clf = _small(max_epochs=30).fit(X, y)
    assert clf.score(X, y) == 1.0
    weights = clf.attention_weights(X)
    assert weights.shape == X.shape
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=0, atol=1e-6)
    # One class is told by its token; the other may be told by that token's
    # absence, and its weights then need not single out its own token.
    on_signal = weights.argmax(axis=1) == position
    assert max(on_signal[y == 0].mean(), on_signal[y == 1].mean()) > 0.9
    # Uniform weights would give the token 1/6.
    assert weights[np.arange(len(X)), position].mean() > 2 / 6


def test_attention_lstm_classifier_learns_real_headlines(sports_or_realty):
    data = sports_or_realty
    model = _headline_model(max_epochs=10).fit(data.X_train, data.y_train)
    assert model.score(data.X_train, data.y_train) == 1.0
    assert model.score(data.X_test, data.y_test) > 0.8
    ids = model[:-1].transform(data.X_test)
    weights = model[-1].attention_weights(ids)
    padding = np.asarray(ids) == 0
    assert weights.shape == ids.shape
    assert weights.dtype == np.float64
    assert (weights[padding] == 0).all()
    assert (weights[~padding] > 0).all()
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=0, atol=1e-6)


def test_attention_lstm_classifier_weights_of_ragged_lists_match_the_padded_ones(
    sports_or_realty,
):
    data = sports_or_realty
    # Fitted on ragged lists, the classifier takes a matrix of any width.
    model = _headline_model(padder=False, max_epochs=2)
    model.fit(data.X_train, data.y_train)
    clf = model[-1]
    id_lists = model[:-1].transform([*data.X_test[:5], ""])
    ragged = clf.attention_weights(id_lists)
    width = max(len(ids) for ids in id_lists) + 3
    pre_padded = SequencePadder(maxlen=width, padding="pre").fit_transform(id_lists)
    padded = clf.attention_weights(pre_padded)
    assert isinstance(ragged, list)
    assert [len(w) for w in ragged] == [len(ids) for ids in id_lists]
    for row, weights in zip(padded, ragged):
        assert np.count_nonzero(row[: width - len(weights)]) == 0
        np.testing.assert_allclose(row[width - len(weights) :], weights, atol=1e-6)
    np.testing.assert_allclose([w.sum() for w in ragged[:5]], 1.0, atol=1e-6)
    # A document with no token has no weight to give.
    assert len(ragged[5]) == 0 and np.count_nonzero(padded[5]) == 0


def test_attention_lstm_classifier_attention_weights_needs_a_fitted_model():
    with pytest.raises(NotFittedError):
        _small().attention_weights([[2, 3, 4]])


def test_attention_lstm_classifier_grid_search_tunes_the_hidden_size(
    sports_or_realty,
):
    data = sports_or_realty
    search = GridSearchCV(
        _headline_model(max_epochs=3),
        {"attentionlstmclassifier__hidden_size": [4, 16]},
        cv=2,
    ).fit(data.X_train, data.y_train)
    assert len(search.cv_results_["params"]) == 2
    best = search.best_params_["attentionlstmclassifier__hidden_size"]
    assert search.best_estimator_[-1].net_.module_.encoder.lstm.hidden_size == best
    assert search.best_estimator_[-1].net_.module_.classifier.in_features == 2 * best


def test_attention_lstm_classifier_survives_pickling(sports_or_realty):
    data = sports_or_realty
    model = _headline_model(max_epochs=2).fit(data.X_train, data.y_train)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(
        restored.predict_proba(data.X_test), model.predict_proba(data.X_test)
    )
    ids = model[:-1].transform(data.X_test)
    np.testing.assert_array_equal(
        restored[-1].attention_weights(ids), model[-1].attention_weights(ids)
    )


def test_attention_lstm_classifier_clips_gradients_by_default():
    X, y, _ = _signal_among_noise(n=20)
    clf = _small(max_epochs=1).fit(X, y)
    assert dict(clf.net_.callbacks)["gradient_clipping"].gradient_clip_value == 5.0


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("hidden_size", 0),
        ("num_layers", 0),
        ("bidirectional", "yes"),
        ("attention_size", 0),
    ],
)
def test_attention_lstm_classifier_rejects_invalid_hyperparameters(param, value):
    X, y, _ = _signal_among_noise(n=20)
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter"):
        _small(**{param: value}).fit(X, y)
