"""Training a chunk at a time: partial_fit with a stateless vocabulary."""

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    FastTextClassifier,
    HashingVocabulary,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)


@pytest.fixture(scope="module")
def chunks(thucnews):
    """The bundled headlines as 5 chunks of 500 ids (each transformed on its own,
    as a stream reads them) and 500 test headlines."""
    ids = make_pipeline(TextTokenizer(level="char"), HashingVocabulary(n_buckets=4096))
    X, y = list(thucnews.data), np.asarray(thucnews.target)
    train = [
        (ids.fit_transform(X[s : s + 500]), y[s : s + 500]) for s in range(0, 2500, 500)
    ]
    return train, ids.fit_transform(X[2500:]), y[2500:], np.unique(y)


def _stream(clf, chunks, passes):
    train, _, _, classes = chunks
    for _ in range(passes):
        for X, y in train:
            clf.partial_fit(X, y, classes=classes)
    return clf


def test_partial_fit_streams_to_the_accuracy_of_fit(chunks):
    train, X_test, y_test, _ = chunks
    params = dict(embedding_dim=32, class_weight=None, random_state=0)
    streamed = _stream(FastTextClassifier(**params), chunks, passes=3)
    assert streamed.n_partial_fit_calls_ == streamed.n_epochs_ == 15
    # The history keeps every pass's loss but only the last pass's batches.
    assert len(streamed.history_) == 15
    assert all(epoch["train_loss"] > 0 for epoch in streamed.history_)
    assert [len(epoch["batches"]) for epoch in streamed.history_] == [0] * 14 + [16]
    assert streamed.classes_.tolist() == list(range(10))
    X_all = [ids for X, _ in train for ids in X]
    y_all = np.concatenate([y for _, y in train])
    whole = FastTextClassifier(max_epochs=3, **params)
    whole.fit(HashingVocabulary(n_buckets=4096).fit_transform([]) + X_all, y_all)
    streamed_accuracy = (streamed.predict(X_test) == y_test).mean()
    whole_accuracy = (whole.predict(X_test) == y_test).mean()
    assert streamed_accuracy > 0.6  # ten classes
    assert abs(streamed_accuracy - whole_accuracy) < 0.08
    # The same seed streams to the same model.
    again = _stream(FastTextClassifier(**params), chunks, passes=3)
    np.testing.assert_array_equal(
        again.predict_proba(X_test), streamed.predict_proba(X_test)
    )


def test_partial_fit_trains_a_padded_network(chunks):
    train, X_test, y_test, classes = chunks
    padder = SequencePadder(maxlen=40)
    clf = TextCNNClassifier(
        embedding_dim=16,
        num_filters=16,
        kernel_sizes=(2, 3),
        lr=0.01,
        class_weight=None,
        random_state=0,
    )
    for _ in range(3):
        for X, y in train:
            clf.partial_fit(padder.fit_transform(X), y, classes=classes)
    assert (clf.predict(padder.transform(X_test)) == y_test).mean() > 0.4


def test_partial_fit_errors_name_the_problem(chunks, thucnews):
    (X, y), *_ = chunks[0]
    classes = chunks[3]
    clf = FastTextClassifier(class_weight=None)
    with pytest.raises(ValueError, match="classes is required at the first call"):
        clf.partial_fit(X, y)
    fitted_ids = make_pipeline(TextTokenizer(level="char"), Vocabulary()).fit_transform(
        thucnews.data[:50]
    )
    with pytest.raises(ValueError, match="X carries a Vocabulary, fitted on one chunk"):
        clf.partial_fit(fitted_ids, y[:50], classes=classes)
    with pytest.raises(ValueError, match="X carries no vocabulary"):
        clf.partial_fit(list(X), y, classes=classes)
    with pytest.raises(ValueError, match="class_weight='balanced' needs the class"):
        FastTextClassifier().partial_fit(X, y, classes=classes)
    clf.partial_fit(X, y, classes=[*classes[:-1][::-1].tolist(), 9])
    three = HashingVocabulary(n_buckets=4096).fit_transform([["体"], ["育"], ["赛"]])
    with pytest.raises(ValueError, match=r"y\[1\] is 12, not one of the classes"):
        clf.partial_fit(three, np.array([3, 12, 4]), classes=classes)
    other = HashingVocabulary(n_buckets=100).fit_transform([["a"], ["b"]])
    with pytest.raises(ValueError, match="another vocabulary"):
        clf.partial_fit(other, y[:2])
