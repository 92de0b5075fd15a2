"""Behaviour shared by the text classifiers, tested on both of them.

The data are small synthetic id matrices: each class has its own signal tokens, mixed
with noise tokens shared by all classes, so that a tiny network learns them in a
fraction of a second.
"""

import pickle
import re
import warnings

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.metrics import log_loss, recall_score
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_textnn import (
    AttentionLSTMClassifier,
    DPCNNClassifier,
    FastTextClassifier,
    HANClassifier,
    LSTMClassifier,
    RCNNClassifier,
    SequencePadder,
    TextClassifier,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.classifiers import BaseTextClassifier
from sklearn_textnn.networks import available_networks

# Small versions of each network, so that the suite runs in seconds; a network not
# listed here is tested with its defaults. HAN reads every token: its default
# token dropout (half of the tokens) on texts of two signal ids among 3 to 8, for
# a few dozen steps, would test how fast it learns rather than how it behaves
# (its draw is tested in test_han.py).
SMALL_NETWORK_PARAMS = {
    "TextCNN": dict(kernel_sizes=(2, 3), num_filters=8),
    "LSTM": dict(hidden_size=8),
    "AttentionLSTM": dict(hidden_size=8, attention_size=16),
    "RCNN": dict(hidden_size=4, latent_size=8),
    "DPCNN": dict(num_filters=4),
    "HAN": dict(hidden_size=4, attention_size=8, token_dropout=0.0),
}


def small_network(name):
    cls = available_networks()[name]
    return cls(**SMALL_NETWORK_PARAMS.get(cls.__name__, {}))


def _dedicated(cls, network, **defaults):
    def make(**params):
        return cls(**{**SMALL_NETWORK_PARAMS[network], **defaults, **params})

    return make


def _general(name):
    def make(**params):
        return TextClassifier(encoder=small_network(name), **params)

    return make


# The classifiers with their network's parameters spelled out, and the general one
# with every network the package has.
CLASSIFIERS = {
    "TextCNNClassifier": _dedicated(TextCNNClassifier, "TextCNN"),
    "LSTMClassifier": _dedicated(LSTMClassifier, "LSTM"),
    "AttentionLSTMClassifier": _dedicated(AttentionLSTMClassifier, "AttentionLSTM"),
    "RCNNClassifier": _dedicated(RCNNClassifier, "RCNN"),
    # Batches of 64, as the general classifier's: DPCNN's and HAN's own 32
    # double the steps. Unweighted classes, as the general classifier's: on the
    # two dozen texts of the tests below, a 4-filter DPCNN with balanced class
    # weights moves a fold's score by a text or two (the weights are tested in
    # their own tests, on every classifier).
    "DPCNNClassifier": _dedicated(
        DPCNNClassifier, "DPCNN", batch_size=64, class_weight=None
    ),
    "HANClassifier": _dedicated(HANClassifier, "HAN", batch_size=64),
    **{f"TextClassifier-{name}": _general(name) for name in available_networks()},
}


DEDICATED = [
    FastTextClassifier,
    TextCNNClassifier,
    LSTMClassifier,
    AttentionLSTMClassifier,
    RCNNClassifier,
    DPCNNClassifier,
    HANClassifier,
]


def test_every_network_has_a_dedicated_classifier():
    networks = {type(cls()._network()) for cls in DEDICATED}
    assert networks == set(available_networks().values())


@pytest.mark.parametrize("cls", DEDICATED, ids=lambda cls: cls.__name__)
def test_dedicated_classifier_defaults_are_its_network_recommended_training(cls):
    # What the command line and TextClassifier(encoder=...) users are told to
    # train with is what the network's own classifier trains with.
    params = cls().get_params()
    network = type(cls()._network())
    for name, value in network.recommended_training.items():
        assert params[name] == value, name


@pytest.mark.parametrize("cls", DEDICATED, ids=lambda cls: cls.__name__)
def test_dedicated_classifier_weighs_classes_by_default(cls):
    # Skewed classes are the common case: unweighted, TextCNN, the LSTM, the
    # attention BiLSTM and RCNN scored a macro-F1 of 16 to 50 % on PCNews.
    assert cls().class_weight == "balanced"
    assert type(cls()._network()).recommended_training["class_weight"] == "balanced"


@pytest.fixture(params=list(CLASSIFIERS))
def make_classifier(request):
    """A factory of small, seeded classifiers of one kind; keywords override."""
    build = CLASSIFIERS[request.param]

    def make(**params):
        defaults = dict(
            embedding_dim=8,
            max_epochs=20,
            lr=3e-2,
            validation_fraction=None,
            random_state=0,
        )
        return build(**{**defaults, **params})

    return make


def _topics(n_per_class, n_classes=3, width=8, seed=0):
    """Post-padded ids 2..28; class k has signal ids 2+3k..4+3k, noise is 20..29."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(n_classes), n_per_class)
    X = np.zeros((len(y), width), dtype=np.int64)
    for i, label in enumerate(y):
        length = rng.integers(3, width + 1)
        X[i, :length] = rng.integers(20, 30, size=length)
        signal = rng.choice(length, 2, replace=False)
        X[i, signal] = 2 + 3 * label + rng.integers(3, size=2)
    order = rng.permutation(len(y))
    return X[order], y[order]


def _skewed(n, seed):
    """One text in ten is of class 1; id 2 hints at it (80 % of them, 10 % of 0s)."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 10 == 0).astype(np.int64)
    X = rng.integers(4, 30, size=(n, 6))
    hint = rng.random(n) < np.where(y == 1, 0.8, 0.1)
    X[hint, 0] = 2
    return X, y


def _without_colours(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# Sizes learned from the data


def test_classifier_learns_its_sizes_at_fit(make_classifier):
    X, y = _topics(5, width=7)
    clf = make_classifier(max_epochs=1).fit(X, y)
    assert X.max() == 29
    assert clf.n_embeddings_ == 30
    assert clf.net_.module_.encoder.embedding.num_embeddings == 30
    assert clf.net_.module_.classifier.out_features == 3
    assert clf.n_features_in_ == 7
    assert clf.n_epochs_ == 1
    assert clf.fit_time_ > 0

    # A refit learns the sizes again.
    only_reserved = np.array([[0, 1], [1, 0], [1, 1], [0, 0]])
    clf.fit(only_reserved, ["b", "a", "b", "a"])
    assert clf.n_embeddings_ == 2
    assert clf.n_features_in_ == 2
    assert clf.classes_.tolist() == ["a", "b"]


def test_classifier_sizes_the_embedding_for_the_vocabulary_behind_the_ids(
    make_classifier,
):
    documents = [["good", "fine", "nice", "ok"], ["bad", "awful", "poor"]] * 4
    vocabulary = Vocabulary().fit(documents)
    # maxlen=1 keeps only the first token: the largest ids never reach the classifier.
    X = SequencePadder(maxlen=1).fit_transform(vocabulary.transform(documents))
    assert X.vocabulary is vocabulary
    clf = make_classifier(max_epochs=1).fit(X, [1, 0] * 4)
    assert X.max() + 1 < vocabulary.n_tokens_ == 9
    assert clf.n_embeddings_ == 9


def test_classifier_reads_ids_unseen_at_fit_as_unknown(make_classifier):
    X, y = _topics(10)
    clf = make_classifier(max_epochs=3).fit(X, y)
    assert clf.n_embeddings_ == 30
    unseen = X.copy()
    unseen[:, 0] = 10**6
    unseen[:, 1] = 30
    unknown = X.copy()
    unknown[:, :2] = 1
    proba = clf.predict_proba(unseen)
    assert np.isfinite(proba).all()
    np.testing.assert_array_equal(proba, clf.predict_proba(unknown))


# Labels


@pytest.mark.parametrize(
    "labels",
    [["spam", "ham", "eggs"], [30, 10, 20], [-1, 7, 0], [3.0, 1.0, 2.0]],
    ids=["str", "int-from-10", "negative-int", "float"],
)
def test_classifier_accepts_labels_of_any_kind(make_classifier, labels):
    X, codes = _topics(20)
    y = np.asarray(labels)[codes]
    clf = make_classifier().fit(X, y)
    np.testing.assert_array_equal(clf.classes_, np.sort(labels))

    predicted = clf.predict(X)
    assert predicted.dtype == y.dtype
    assert set(predicted) <= set(labels)
    assert np.mean(predicted == y) > 0.9

    proba = clf.predict_proba(X)
    assert proba.shape == (60, 3)
    assert proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    # Columns follow classes_: the column of each text's own label is the largest.
    own = proba[np.arange(60), np.searchsorted(clf.classes_, y)]
    assert np.mean(own == proba.max(axis=1)) > 0.9
    np.testing.assert_array_equal(predicted, clf.classes_[proba.argmax(axis=1)])
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba))


def test_classifier_model_does_not_depend_on_the_label_values(make_classifier):
    X, codes = _topics(10)
    as_codes = make_classifier(max_epochs=5).fit(X, codes).predict_proba(X)
    as_strings = make_classifier(max_epochs=5).fit(X, np.array(["a", "b", "c"])[codes])
    np.testing.assert_array_equal(as_strings.predict_proba(X), as_codes)


def test_classifier_handles_a_class_missing_from_a_cv_fold(make_classifier):
    X, y = _topics(10)
    # The four texts of class 2 kept all come first: the first of four unshuffled
    # folds holds them all, so its training part has no class 2.
    keep = np.concatenate([np.flatnonzero(y == 2)[:4], np.flatnonzero(y != 2)])
    X, y = X[keep], y[keep]
    clf = make_classifier()
    assert len(y) == 24
    assert clf.fit(X[6:], y[6:]).classes_.tolist() == [0, 1]

    with pytest.warns(RuntimeWarning, match="Number of classes in training fold"):
        proba = cross_val_predict(clf, X, y, cv=KFold(4), method="predict_proba")
    assert proba.shape == (24, 3)
    np.testing.assert_array_equal(proba[:6, 2], 0.0)
    assert (proba[6:, 2] > 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)

    scores = cross_val_score(clf, X, y, cv=KFold(4), scoring="accuracy")
    assert scores.shape == (4,)
    assert scores[0] <= 2 / 6  # the four texts of class 2 cannot be right
    assert scores[1:].mean() > 0.8


def test_classifier_works_with_accuracy_log_loss_and_roc_auc_scorers(make_classifier):
    X, y = _topics(15)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    scores = cross_validate(
        make_classifier(),
        X,
        y,
        cv=cv,
        scoring=["accuracy", "neg_log_loss", "roc_auc_ovr"],
    )
    assert scores["test_accuracy"].mean() > 0.8
    assert -0.6 < scores["test_neg_log_loss"].mean() < 0
    assert scores["test_roc_auc_ovr"].mean() > 0.9
    # The single-metric entry point gives the same numbers.
    log_loss_scores = cross_val_score(
        make_classifier(), X, y, cv=cv, scoring="neg_log_loss"
    )
    np.testing.assert_array_equal(log_loss_scores, scores["test_neg_log_loss"])


# Class weights


@pytest.mark.parametrize(
    ("class_weight", "expected"),
    [(None, None), ("balanced", [8 / 12, 8 / 4]), ({"spam": 4.0}, [1.0, 4.0])],
    ids=["none", "balanced", "dict"],
)
def test_classifier_class_weight_weighs_the_loss(
    make_classifier, class_weight, expected
):
    X = np.arange(2, 10).reshape(8, 1).repeat(3, axis=1)
    y = np.array(["ham"] * 6 + ["spam"] * 2)
    clf = make_classifier(max_epochs=1, class_weight=class_weight).fit(X, y)
    weight = clf.net_.criterion_.weight
    if expected is None:
        assert weight is None
    else:
        np.testing.assert_allclose(weight.numpy(), expected, rtol=1e-6)


def test_classifier_balanced_class_weight_raises_minority_recall(make_classifier):
    X, y = _skewed(300, seed=0)
    X_test, y_test = _skewed(1000, seed=1)
    # Without weight averaging, which alone lifts the minority's recall here.
    recall = {
        str(class_weight): recall_score(
            y_test,
            make_classifier(
                max_epochs=10, lr=2e-2, class_weight=class_weight, average=False
            )
            .fit(X, y)
            .predict(X_test),
        )
        for class_weight in [None, "balanced", {1: 9.0}]
    }
    assert recall["None"] < 0.2
    assert recall["balanced"] > recall["None"] + 0.3
    assert recall[str({1: 9.0})] > recall["None"] + 0.3


# Reproducibility


def test_classifier_random_state_gives_identical_fits(make_classifier):
    X, y = _topics(10)
    # Dropout, the validation split and the batch order are all seeded.
    clf = make_classifier(max_epochs=4, validation_fraction=0.2, patience=None)
    torch_state = torch.random.get_rng_state()
    clf.fit(X, y)
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    first = clf.predict_proba(X)
    np.testing.assert_array_equal(clf.fit(X, y).predict_proba(X), first)
    np.testing.assert_array_equal(clone(clf).fit(X, y).predict_proba(X), first)
    other_seed = clone(clf).set_params(random_state=1).fit(X, y)
    assert not np.allclose(other_seed.predict_proba(X), first)


@pytest.mark.slow
def test_classifier_random_state_is_reproducible_in_parallel_grid_search(
    make_classifier,
):
    X, y = _topics(10)
    grid = {"lr": [1e-2, 3e-2], "max_epochs": [3, 6]}

    def search():
        return GridSearchCV(
            make_classifier(), grid, cv=2, scoring="neg_log_loss", n_jobs=2
        ).fit(X, y)

    first, second = search(), search()
    for key in ["split0_test_score", "split1_test_score", "mean_test_score"]:
        assert len(np.unique(first.cv_results_[key])) == 4
        np.testing.assert_array_equal(second.cv_results_[key], first.cv_results_[key])
    assert second.best_params_ == first.best_params_
    np.testing.assert_array_equal(
        second.best_estimator_.predict_proba(X), first.best_estimator_.predict_proba(X)
    )


# Training record and printing


def test_classifier_verbose_prints_one_line_per_epoch(make_classifier, capsys):
    X, y = _topics(10)
    make_classifier(max_epochs=3, validation_fraction=0.25, verbose=1).fit(X, y)
    out = _without_colours(capsys.readouterr().out)
    header = out.splitlines()[0].split()
    assert header == ["epoch", "train_loss", "valid_acc", "valid_loss", "dur"]
    epochs = re.findall(r"^\s*(\d+)\s+\d", out, flags=re.MULTILINE)
    assert epochs == ["1", "2", "3"]


def test_classifier_verbose_zero_prints_nothing(make_classifier, capsys):
    X, y = _topics(10)
    make_classifier(max_epochs=3, validation_fraction=0.25, verbose=0).fit(X, y)
    assert capsys.readouterr() == ("", "")


def test_classifier_history_has_one_row_per_epoch(make_classifier):
    X, y = _topics(10)
    clf = make_classifier(max_epochs=4, validation_fraction=0.2, patience=None)
    clf.fit(X, y)
    assert clf.n_epochs_ == len(clf.history_) == 4
    assert clf.history_[:, "epoch"] == [1, 2, 3, 4]
    train_loss = np.array(clf.history_[:, "train_loss"])
    valid_loss = np.array(clf.history_[:, "valid_loss"])
    valid_acc = np.array(clf.history_[:, "valid_acc"])
    assert (train_loss > 0).all() and np.isfinite(train_loss).all()
    assert (valid_loss > 0).all() and np.isfinite(valid_loss).all()
    assert ((valid_acc >= 0) & (valid_acc <= 1)).all()
    assert train_loss[-1] < train_loss[0]
    # 6 of 30 texts held out, stratified: 2 of each class.
    batches = clf.history_[-1, "batches"]
    assert sum(b.get("train_batch_size", 0) for b in batches) == 24
    assert sum(b.get("valid_batch_size", 0) for b in batches) == 6
    valid = clf.net_.train_split.keywords["valid_ds"]
    assert np.bincount(valid.y).tolist() == [2, 2, 2]


def test_classifier_early_stopping_keeps_the_best_epoch(make_classifier, capsys):
    # Random labels: the network learns the training noise and the validation loss
    # rises after an epoch or two.
    rng = np.random.default_rng(0)
    X = rng.integers(2, 50, size=(120, 6))
    y = rng.integers(0, 2, size=120)
    clf = make_classifier(
        max_epochs=40,
        validation_fraction=0.3,
        patience=3,
        dropout=0.0,
        class_weight=None,  # the unweighted loss, as log_loss computes it below
        verbose=1,
    ).fit(X, y)
    valid_loss = np.array(clf.history_[:, "valid_loss"])
    best = int(np.argmin(valid_loss))
    assert clf.n_epochs_ < 40
    assert clf.n_epochs_ == len(valid_loss) == best + 1 + 3
    assert valid_loss[-1] > valid_loss[best]
    assert "Stopping since valid_loss has not improved" in capsys.readouterr().out

    # The weights kept are those of the best epoch: they give its validation loss.
    valid = clf.net_.train_split.keywords["valid_ds"]
    assert clf.best_epoch_ == best + 1
    restored = log_loss(valid.y, clf.predict_proba(valid.X["ids"]), labels=[0, 1])
    assert restored == pytest.approx(valid_loss[best], rel=1e-5)
    assert restored != pytest.approx(valid_loss[-1], rel=1e-3)


def test_classifier_without_validation_trains_max_epochs(make_classifier):
    X, y = _topics(10)
    clf = make_classifier(max_epochs=5, validation_fraction=None, patience=1)
    clf.fit(X, y)
    assert clf.n_epochs_ == len(clf.history_) == 5
    assert "valid_loss" not in clf.history_[-1]
    batches = clf.history_[-1, "batches"]
    assert sum(b["train_batch_size"] for b in batches) == 30


def test_classifier_trains_on_a_last_batch_of_one_text(make_classifier):
    X, y = _topics(11)
    assert len(y) % 16 == 1
    clf = make_classifier(max_epochs=2, batch_size=16).fit(X, y)
    batches = clf.history_[-1, "batches"]
    assert [b["train_batch_size"] for b in batches] == [16, 16, 1]
    assert np.isfinite(clf.history_[:, "train_loss"]).all()
    assert np.isfinite(clf.predict_proba(X)).all()


# Devices


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA GPU is present")
@pytest.mark.parametrize("device", ["cuda", "cuda:1"])
def test_classifier_asks_for_a_missing_gpu_with_a_clear_error(make_classifier, device):
    X, y = _topics(3)
    with pytest.raises(ValueError, match=f"device='{device}', but torch finds no CUDA"):
        make_classifier(device=device).fit(X, y)


# Bad input


def test_classifier_must_be_fitted_before_predicting(make_classifier):
    clf = make_classifier()
    X, _ = _topics(2)
    for method in [clf.predict, clf.predict_proba, clf.predict_log_proba]:
        with pytest.raises(NotFittedError, match="not fitted yet"):
            method(X)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        clf.history_  # noqa: B018


_IDS = np.array([[2, 3, 4], [3, 4, 5], [2, 2, 0], [5, 5, 5]])


@pytest.mark.parametrize(
    ("X", "error", "match"),
    [
        ([["a", "b", "c"]] * 4, TypeError, "dtype <U1; expected integer token ids"),
        (
            np.array([["a", "b", "c"]] * 4, dtype=object),
            TypeError,
            r"not numbers \(raw text\?\)",
        ),
        (["a b c"] * 4, ValueError, "Expected 2D array"),
        (_IDS + 0.5, ValueError, r"X\[0, 0\] is 2.5, not an integer token id"),
        (_IDS > 2, TypeError, "boolean; expected integer token ids"),
        (_IDS[:, 0], ValueError, "Expected 2D array, got 1D array"),
        (_IDS[:, :, None], ValueError, r"X is a 3-D array of shape \(4, 3, 1\)"),
        (_IDS - 3, ValueError, r"Negative values in data: X\[0, 0\] is -1"),
        (
            np.where(_IDS == 3, np.nan, _IDS),
            ValueError,
            "NaN or infinity; token ids must be finite",
        ),
        (
            np.where(_IDS == 3, np.inf, _IDS),
            ValueError,
            "NaN or infinity; token ids must be finite",
        ),
        (_IDS[:0], ValueError, r"0 sample\(s\)"),
    ],
    ids=[
        "str",
        "object-str",
        "raw-text",
        "fraction",
        "bool",
        "1-d",
        "3-d",
        "negative",
        "nan",
        "inf",
        "empty",
    ],
)
def test_classifier_rejects_bad_X_at_fit(make_classifier, X, error, match):
    y = [0, 1, 0, 1][: len(X)]
    clf = make_classifier(max_epochs=1)
    if np.ndim(X) == 3 and clf._network().reads_sentences:
        # Documents of sentences: what a network over sentences reads.
        assert clf.fit(X, y).predict_proba(X).shape == (len(X), 2)
        return
    with pytest.raises(error, match=match):
        clf.fit(X, y)


def test_classifier_accepts_integral_floats_and_lists(make_classifier):
    y = [0, 1, 0, 1]
    reference = make_classifier(max_epochs=2).fit(_IDS, y).predict_proba(_IDS)
    for X in [_IDS.astype(np.float32), _IDS.astype(np.uint8), _IDS.tolist()]:
        proba = make_classifier(max_epochs=2).fit(X, y).predict_proba(X)
        np.testing.assert_array_equal(proba, reference)


@pytest.mark.parametrize(
    ("y", "match"),
    [
        ([1, 1, 1, 1], r"y has only one class .*needs at least two"),
        ([0.0, 1.0, np.nan, 0.0], r"missing label \(NaN\) at index 2"),
        (["a", None, "b", "a"], "missing label at index 1"),
        ([0, 1, 0], "X has 4 documents but y has 3 labels"),
        ([0.5, 1.2, 0.3, 2.2], "Unknown label type: continuous"),
        (np.ones((4, 2)), r"y must be 1-D .*got \(4, 2\)"),
        (None, "requires y to be passed"),
    ],
    ids=["one-class", "nan", "none", "length", "continuous", "2-d", "missing"],
)
def test_classifier_rejects_bad_y(make_classifier, y, match):
    with pytest.raises(ValueError, match=match):
        make_classifier(max_epochs=1).fit(_IDS, y)


@pytest.mark.parametrize(
    ("X", "match"),
    [
        (_IDS[:, :2], "X has 2 features, but .*Classifier is expecting 3 features"),
        (_IDS[0], "Expected 2D array, got 1D array"),
        (_IDS[:, :, None], r"X is a 3-D array of shape \(4, 3, 1\) \(documents x"),
        (_IDS + 0.25, r"X\[0, 0\] is 2.25, not an integer token id"),
        (_IDS - 3, r"Negative values in data: X\[0, 0\] is -1"),
        (np.where(_IDS == 3, np.nan, _IDS), "Input X contains NaN"),
    ],
    ids=["width", "1-d", "3-d", "fraction", "negative", "nan"],
)
def test_classifier_rejects_bad_X_at_predict(make_classifier, X, match):
    clf = make_classifier(max_epochs=1).fit(_IDS, [0, 1, 0, 1])
    if np.ndim(X) == 3 and clf._network().reads_sentences:
        # Documents of sentences: what a network over sentences reads.
        assert clf.predict_proba(X).shape == (4, 2)
        return
    with pytest.raises(ValueError, match=match):
        clf.predict(X)


# Hyperparameters


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("embedding_dim", 0),
        ("dropout", 1.0),
        ("optimizer", "lbfgs"),
        ("lr", 0),
        ("weight_decay", -0.1),
        ("batch_size", 0),
        ("max_epochs", 0),
        ("max_epochs", 2.5),
        ("gradient_clipping", 0),
        ("validation_fraction", 1.0),
        ("validation_fraction", 0),
        ("patience", 0),
        ("class_weight", "auto"),
        ("device", 0),
        ("random_state", "seed"),
        ("verbose", -1),
    ],
)
def test_classifier_rejects_invalid_hyperparameters(make_classifier, param, value):
    clf = make_classifier(**{param: value})
    with pytest.raises(
        InvalidParameterError, match=f"'{param}' parameter of {type(clf).__name__}"
    ):
        clf.fit(_IDS, [0, 1, 0, 1])


def test_classifier_optimizer_may_be_a_torch_optimizer_class(make_classifier):
    clf = make_classifier(max_epochs=1, optimizer=torch.optim.Adagrad)
    assert isinstance(clf.fit(_IDS, [0, 1, 0, 1]).net_.optimizer_, torch.optim.Adagrad)
    for name, cls in [("sgd", torch.optim.SGD), ("adamw", torch.optim.AdamW)]:
        clf = make_classifier(max_epochs=1, optimizer=name, lr=0.05, weight_decay=0.1)
        optimizer = clf.fit(_IDS, [0, 1, 0, 1]).net_.optimizer_
        assert type(optimizer) is cls
        assert optimizer.param_groups[0]["lr"] == 0.05
        assert optimizer.defaults["weight_decay"] == 0.1
        # Token vectors with sparse gradients (SGD) take their decay from the
        # training core: the optimizer's own is 0 for them alone.
        decays = [group["weight_decay"] for group in optimizer.param_groups]
        sparse = cls is torch.optim.SGD and clf.gradient_clipping is None
        assert decays.count(0.1) == len(decays) - sparse
    with pytest.raises(ValueError, match=r"is not a torch\.optim\.Optimizer class"):
        make_classifier(optimizer=dict).fit(_IDS, [0, 1, 0, 1])


def test_classifier_validation_fraction_must_leave_training_data(make_classifier):
    clf = make_classifier(validation_fraction=0.8)
    with pytest.raises(
        ValueError, match=r"validation_fraction=0\.8 leaves no training data out of 4"
    ):
        clf.fit(_IDS, [0, 1, 0, 1])


# Vocabulary behind the ids


def test_classifier_refuses_ids_of_another_vocabulary(make_classifier):
    texts = ["good fine nice", "bad awful poor", "fine good ok", "poor bad meh"] * 3
    y = [1, 0, 1, 0] * 3
    model = make_pipeline(
        TextTokenizer(), Vocabulary(min_freq=1), SequencePadder(), make_classifier()
    )
    model.fit(texts, y)
    clf = model[-1]
    assert (model.predict(texts) == y).all()
    # The pipeline's own vocabulary, even through pickle, is accepted.
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(
        restored.predict_proba(texts), model.predict_proba(texts)
    )
    # Ids from a vocabulary fitted elsewhere are refused, with the reason.
    other = make_pipeline(TextTokenizer(), Vocabulary(min_freq=1), SequencePadder())
    ids = other.fit_transform(["awful poor bad", "meh ok nice", *texts])
    with pytest.raises(
        ValueError, match=r"another vocabulary .* same id means another"
    ):
        clf.predict(ids)
    # Refitting the pipeline's own vocabulary in place changes its ids: refused too.
    model[1].fit([["a", "b", "a", "b"]])
    with pytest.raises(ValueError, match="a refitted vocabulary needs a refitted"):
        model.predict(texts)
    # A plain array (arithmetic gives one) carries no vocabulary: nothing to compare.
    plain = ids + 0
    assert not hasattr(plain, "vocabulary")
    assert clf.predict(plain).shape == (len(ids),)


# Training core


def test_base_text_classifier_is_abstract():
    with pytest.raises(TypeError, match="abstract"):
        BaseTextClassifier()


def test_classifier_callbacks_train_with_copies_of_them(make_classifier):
    from skorch.callbacks import LRScheduler

    X, y = _topics(10)
    schedule = LRScheduler(policy="StepLR", step_size=1, gamma=0.5)
    clf = make_classifier(max_epochs=3, callbacks=[("schedule", schedule)]).fit(X, y)
    used = dict(clf.net_.callbacks_)["schedule"]
    assert used is not schedule
    assert clf.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(3e-2 / 8)
    # The object given is left as it was: a clone or a second fit starts afresh.
    assert not hasattr(schedule, "lr_scheduler_")
    assert clone(clf).get_params()["callbacks"][0][0] == "schedule"
    with pytest.raises(ValueError, match="name of a built-in callback"):
        make_classifier(callbacks=[("early_stopping", schedule)]).fit(X, y)
    with pytest.raises(ValueError, match=r"callbacks\[0\] is 3; expected a skorch"):
        make_classifier(callbacks=[3]).fit(X, y)


def test_classifier_best_epoch_is_the_last_without_early_stopping(make_classifier):
    X, y = _topics(10)
    clf = make_classifier(max_epochs=3).fit(X, y)
    assert clf.best_epoch_ == clf.n_epochs_ == 3


@pytest.mark.parametrize(
    ("class_weight", "match"),
    [
        ({"spam": 2.0, "spma": 3.0}, r"not classes of y: \['spma'\]"),
        ({"spam": -1.0}, r"not finite numbers >= 0: \{'spam': -1.0\}"),
        ({"spam": float("nan")}, "not finite numbers >= 0"),
        ({"spam": "2"}, "not finite numbers >= 0"),
    ],
    ids=["unknown-key", "negative", "nan", "text"],
)
def test_classifier_refuses_bad_class_weights(make_classifier, class_weight, match):
    X = np.arange(2, 10).reshape(8, 1).repeat(3, axis=1)
    y = np.array(["ham"] * 6 + ["spam"] * 2)
    with pytest.raises(ValueError, match=match):
        make_classifier(max_epochs=1, class_weight=class_weight).fit(X, y)


def test_classifier_names_a_pandas_missing_label(make_classifier):
    pd = pytest.importorskip("pandas")
    y = pd.Series(["a", "b", pd.NA, "a"], dtype="string")
    with pytest.raises(ValueError, match="missing label at index 2"):
        make_classifier(max_epochs=1).fit(_IDS, y)


def test_classifier_trains_with_an_optimizer_without_weight_decay(make_classifier):
    X, y = _topics(10)
    # Seeded: from some starting weights three LBFGS epochs of a tiny network on
    # 30 documents do not lower the loss.
    clf = make_classifier(
        max_epochs=3, optimizer=torch.optim.LBFGS, lr=0.1, random_state=2
    )
    losses = clf.fit(X, y).history_[:, "train_loss"]
    assert np.isfinite(losses).all()
    assert losses[-1] < losses[0]
    with pytest.raises(ValueError, match="LBFGS takes no weight_decay"):
        clf.set_params(weight_decay=0.1).fit(X, y)


def test_classifier_warns_when_training_diverges(make_classifier):
    X, y = _topics(10)
    with pytest.warns(ConvergenceWarning, match="training diverged.*lower lr"):
        make_classifier(max_epochs=2, lr=1e6, optimizer="sgd").fit(X, y)


def test_classifier_takes_read_only_ids_without_warnings(make_classifier):
    X, y = _topics(10)
    X.setflags(write=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = make_classifier(max_epochs=1).fit(X, y)
        clf.predict_proba(X)


def test_classifier_says_when_training_is_interrupted(make_classifier):
    from skorch.callbacks import Callback

    class CtrlC(Callback):
        """Presses Ctrl-C in the middle of the third epoch."""

        def on_batch_end(self, net, **kwargs):
            if len(net.history) == 3:
                raise KeyboardInterrupt

    X, y = _topics(10)
    clf = make_classifier(max_epochs=10, batch_size=8, callbacks=[CtrlC()])
    with pytest.warns(
        UserWarning, match=r"interrupted \(KeyboardInterrupt\) after 2 of 10"
    ):
        clf.fit(X, y)
    assert clf.n_epochs_ == 2
    assert clf.predict(X).shape == (30,)


def test_classifier_progress_has_colours_only_on_a_terminal(make_classifier, capsys):
    X, y = _topics(10)
    make_classifier(max_epochs=2, validation_fraction=0.25, verbose=1).fit(X, y)
    out = capsys.readouterr().out
    assert "valid_loss" in out
    assert "\x1b[" not in out


def test_classifier_trains_with_no_more_threads_than_cores(monkeypatch):
    from sklearn_textnn.classifiers import _training

    seen = []
    monkeypatch.setattr(_training, "available_cores", lambda: 1)
    original = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        X, y = _topics(10)
        clf = TextCNNClassifier(
            embedding_dim=8, num_filters=4, max_epochs=1, random_state=0
        )
        from skorch.callbacks import Callback

        class Threads(Callback):
            def on_epoch_begin(self, net, **kwargs):
                seen.append(torch.get_num_threads())

        clf.set_params(callbacks=[Threads()]).fit(X, y)
        assert seen == [1]
        # The caller's setting is restored.
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(original)


def test_length_bucketed_loader_batches_similar_lengths_and_sees_each_once():
    from skorch.dataset import Dataset

    from sklearn_textnn.classifiers._training import collate, length_bucketed_loader

    rng = np.random.default_rng(0)
    lengths = rng.integers(100, 800, size=1_000)
    ids = np.zeros((1_000, 800), dtype=np.int64)
    for row, length in enumerate(lengths):
        ids[row, :length] = rng.integers(2, 50, size=length)
    dataset = Dataset({"ids": ids}, np.zeros(1_000, dtype=np.int64))
    loader = length_bucketed_loader(dataset, batch_size=8, collate_fn=collate)
    torch.manual_seed(0)
    epochs = [list(loader.batch_sampler) for _ in range(2)]
    for batches in epochs:
        seen = np.concatenate(batches)
        assert sorted(seen.tolist()) == list(range(1_000))
        assert len(batches) == len(loader) == 125
        # Within a batch the lengths are close: far less padding than at random.
        padded = sum(lengths[b].max() * len(b) for b in batches)
        assert padded < 1.1 * lengths.sum()
    assert epochs[0] != epochs[1]  # a new order every epoch
    torch.manual_seed(0)
    assert list(loader.batch_sampler) == epochs[0]  # drawn from torch's state
    batch, _ = next(iter(loader))
    assert batch["ids"].shape[0] == 8
    # Not for prediction, nor for short documents.
    assert length_bucketed_loader(dataset, batch_size=8, shuffle=False).batch_size == 8
    short = Dataset({"ids": ids[:, :150]}, np.zeros(1_000, dtype=np.int64))
    assert length_bucketed_loader(short, batch_size=8).batch_size == 8


def test_text_dataset_fetches_a_batch_whole_as_document_by_document():
    from torch.utils.data import DataLoader

    from sklearn_textnn.classifiers._training import TextDataset, collate

    ids = np.empty(5, dtype=object)
    for row, document in enumerate([[3, 4], [5], [], [6, 7, 8], [2]]):
        ids[row] = np.asarray(document, dtype=np.int64)
    features = np.arange(10, dtype=np.float32).reshape(5, 2)
    labels = np.array([0, 1, 1, 0, 2])
    rows = [3, 0, 2]
    for X, y in [
        ({"ids": ids, "features": features}, labels),
        ({"ids": ids}, None),
        (np.arange(15, dtype=np.int64).reshape(5, 3), labels),
    ]:
        dataset = TextDataset(X, y)
        whole, whole_y = collate(dataset.__getitems__(rows))
        one_by_one, one_by_one_y = collate([dataset[i] for i in rows])
        torch.testing.assert_close(whole_y, one_by_one_y)
        if isinstance(X, dict):
            assert whole.keys() == one_by_one.keys()
            for key in whole:
                torch.testing.assert_close(whole[key], one_by_one[key])
        else:
            torch.testing.assert_close(whole, one_by_one)

    # The data loader takes the whole batch, never a single document.
    class WholeOnly(TextDataset):
        def __getitem__(self, i):
            raise AssertionError("a document fetched alone")

    loader = DataLoader(
        WholeOnly({"ids": ids}, labels), batch_size=5, collate_fn=collate
    )
    batch, targets = next(iter(loader))
    assert batch["ids"].tolist() == [
        [3, 4, 0],
        [5, 0, 0],
        [0, 0, 0],
        [6, 7, 8],
        [2, 0, 0],
    ]
    assert targets.tolist() == labels.tolist()
