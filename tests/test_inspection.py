"""Tests of misclassified and plot_learning_curves."""

import sys

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from sklearn_textnn import (
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample
from sklearn_textnn.inspection import misclassified, plot_learning_curves

CLASSES = ["finance", "education", "sports"]


@pytest.fixture(scope="module")
def headlines():
    """60 training and 20 test headlines of each of 3 classes, with label names."""
    news = load_thucnews_sample()
    names = np.array(news.target_names)
    train, test = [], []
    for name in CLASSES:
        index = np.flatnonzero(names[news.target] == name)
        train.extend(index[:60])
        test.extend(index[60:80])

    def take(index):
        return [news.data[i] for i in index], names[news.target[index]]

    return take(np.array(train)), take(np.array(test))


def _pipeline(**params):
    params = {
        "embedding_dim": 16,
        "num_filters": 16,
        "max_epochs": 4,
        "validation_fraction": 0.2,
        "random_state": 0,
        **params,
    }
    return make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(min_freq=1),
        SequencePadder(),
        TextCNNClassifier(**params),
    )


@pytest.fixture(scope="module")
def model(headlines):
    (X, y), _ = headlines
    return _pipeline().fit(X, y)


@pytest.fixture(scope="module")
def stopped_early(headlines):
    """A model whose validation loss rose after epoch 2, so that epoch was restored."""
    (X, y), _ = headlines
    return _pipeline(lr=0.05, max_epochs=12, patience=2).fit(X, y)


@pytest.fixture
def pyplot():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


# misclassified


def test_misclassified_rows_are_exactly_the_wrong_predictions(model, headlines):
    pytest.importorskip("pandas")
    _, (X, y) = headlines
    errors = misclassified(model, X, y)

    predicted = model.predict(X)
    proba = model.predict_proba(X)
    wrong = np.flatnonzero(predicted != y)
    assert 0 < len(wrong) < len(y)
    assert sorted(errors.index) == wrong.tolist()
    assert errors.index.name == "index"
    assert list(errors.columns) == [
        "text",
        "true_label",
        "predicted_label",
        "predicted_proba",
        "true_proba",
    ]
    for i, row in errors.iterrows():
        assert row["text"] == X[i]
        assert row["true_label"] == y[i]
        assert row["predicted_label"] == predicted[i]
        true_column = list(model.classes_).index(y[i])
        assert row["predicted_proba"] == pytest.approx(proba[i].max())
        assert row["true_proba"] == pytest.approx(proba[i, true_column])
        assert row["true_proba"] < row["predicted_proba"]
    # Most confidently wrong first.
    confidence = errors["predicted_proba"].to_numpy()
    assert np.all(np.diff(confidence) <= 0)


def test_misclassified_sorts_ascending_by_index_and_keeps_n(model, headlines):
    _, (X, y) = headlines
    by_confidence = misclassified(model, X, y, as_frame=False)
    indices = [row["index"] for row in by_confidence]

    ascending = misclassified(model, X, y, ascending=True, as_frame=False)
    assert [row["predicted_proba"] for row in ascending] == sorted(
        row["predicted_proba"] for row in by_confidence
    )
    by_index = misclassified(model, X, y, sort_by="index", as_frame=False)
    assert [row["index"] for row in by_index] == sorted(indices)
    backwards = misclassified(
        model, X, y, sort_by="index", ascending=False, as_frame=False
    )
    assert [row["index"] for row in backwards] == sorted(indices, reverse=True)
    top = misclassified(model, X, y, n=3, as_frame=False)
    assert top == by_confidence[:3]


def test_misclassified_returns_dicts_without_pandas(model, headlines, monkeypatch):
    _, (X, y) = headlines
    monkeypatch.setitem(sys.modules, "pandas", None)
    rows = misclassified(model, X, y)
    assert isinstance(rows, list) and rows
    assert set(rows[0]) == {
        "index",
        "text",
        "true_label",
        "predicted_label",
        "predicted_proba",
        "true_proba",
    }
    with pytest.raises(ImportError, match=r'pip install "sklearn-textnn\[pandas\]"'):
        misclassified(model, X, y, as_frame=True)


def test_misclassified_is_empty_when_all_are_right(model, headlines):
    _, (X, y) = headlines
    right = np.flatnonzero(model.predict(X) == y)
    X_right = [X[i] for i in right]
    assert misclassified(model, X_right, y[right], as_frame=False) == []


def test_misclassified_works_with_any_probabilistic_pipeline():
    texts = ["cheap pills", "meeting at noon", "cheap cash", "lunch at noon"]
    labels = ["spam", "ham", "spam", "ham"]
    model = make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(texts, labels)
    rows = misclassified(model, ["cheap lunch at noon", "cheap"], ["spam", "ham"])
    assert list(rows.index) == [1, 0]
    assert rows["predicted_label"].tolist() == ["spam", "ham"]


def test_misclassified_errors(model, headlines):
    _, (X, y) = headlines
    svm = make_pipeline(TfidfVectorizer(), LinearSVC()).fit(X, y)
    with pytest.raises(TypeError, match="LinearSVC has no predict_proba"):
        misclassified(svm[-1], X, y)
    with pytest.raises(NotFittedError):
        misclassified(_pipeline(), X, y)
    with pytest.raises(ValueError, match="X has 60 documents but y has 59 labels"):
        misclassified(model, X, y[:-1])
    unknown = y.astype(object)
    unknown[7] = "weather"
    with pytest.raises(ValueError, match=r"\['weather'\] \(first at index 7\)"):
        misclassified(model, X, unknown)
    with pytest.raises(ValueError, match="the model knows"):
        misclassified(model, X, np.arange(len(y)))
    with pytest.raises(ValueError, match="sort_by='label'"):
        misclassified(model, X, y, sort_by="label")
    with pytest.raises(ValueError, match="n=-1"):
        misclassified(model, X, y, n=-1)


def test_confusion_matrix_display_needs_no_helper(model, headlines, pyplot):
    from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix

    _, (X, y) = headlines
    display = ConfusionMatrixDisplay.from_estimator(model, X, y)
    assert list(display.display_labels) == sorted(CLASSES)
    ticks = [t.get_text() for t in display.ax_.get_xticklabels()]
    assert ticks == sorted(CLASSES)
    expected = confusion_matrix(y, model.predict(X), labels=model.classes_)
    np.testing.assert_array_equal(display.confusion_matrix, expected)


# plot_learning_curves


def test_plot_learning_curves_draws_one_point_per_epoch(model, pyplot):
    figure = plot_learning_curves(model)
    figure.canvas.draw()
    n_epochs = model[-1].n_epochs_
    loss_ax, acc_ax = figure.axes
    lines = {line.get_label(): line for line in loss_ax.get_lines()}
    assert set(lines) == {"training loss", "validation loss"}
    history = model[-1].history_
    np.testing.assert_allclose(
        lines["training loss"].get_ydata(), history[:, "train_loss"]
    )
    np.testing.assert_allclose(
        lines["validation loss"].get_ydata(), history[:, "valid_loss"]
    )
    assert list(lines["training loss"].get_xdata()) == list(range(1, n_epochs + 1))
    (accuracy,) = acc_ax.get_lines()
    np.testing.assert_allclose(accuracy.get_ydata(), history[:, "valid_acc"])
    assert len(accuracy.get_xdata()) == n_epochs
    # Training ran to max_epochs and kept the last weights: no epoch to mark.
    assert model[-1].n_epochs_ == 4
    assert not any("best epoch" in line.get_label() for line in loss_ax.get_lines())


def test_plot_learning_curves_marks_the_restored_epoch(stopped_early, pyplot):
    classifier = stopped_early[-1]
    stopper = dict(classifier.net_.callbacks_)["early_stopping"]
    assert stopper.best_epoch_ < classifier.n_epochs_
    figure = plot_learning_curves(classifier)
    for axes in figure.axes:
        (marker,) = [
            line for line in axes.get_lines() if "best epoch" in line.get_label()
        ]
        assert marker.get_label() == f"best epoch ({stopper.best_epoch_}), restored"
        assert list(marker.get_xdata()) == [stopper.best_epoch_] * 2


def test_plot_learning_curves_without_validation_set(headlines, pyplot):
    (X, y), _ = headlines
    model = _pipeline(max_epochs=2, validation_fraction=None).fit(X, y)
    figure = plot_learning_curves(model)
    (axes,) = figure.axes
    (line,) = axes.get_lines()
    assert line.get_label() == "training loss"
    assert len(line.get_ydata()) == 2

    figure, pair = pyplot.subplots(1, 2)
    assert plot_learning_curves(model, ax=pair) is figure
    assert len(pair[0].get_lines()) == 1
    assert "no validation set" in pair[1].texts[0].get_text()


def test_plot_learning_curves_errors(model, pyplot, monkeypatch):
    with pytest.raises(TypeError, match="LogisticRegression keeps no training"):
        plot_learning_curves(LogisticRegression())
    with pytest.raises(NotFittedError):
        plot_learning_curves(_pipeline())
    _, single = pyplot.subplots()
    with pytest.raises(ValueError, match="pair of matplotlib Axes"):
        plot_learning_curves(model, ax=single)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "sklearn-textnn\[plot\]"'):
        plot_learning_curves(model)
