"""Pretrained vectors given to the classifiers inside a Pipeline.

The vectors files are written by the tests; each fold of a cross-validation fits its
own vocabulary, and its embedding matrix must follow that vocabulary.
"""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline

from sklearn_textnn import (
    LSTMClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample

DIM = 8


@pytest.fixture(scope="module")
def headlines():
    news = load_thucnews_sample()
    return news.data[:300], news.target[:300]


@pytest.fixture(scope="module")
def vectors(headlines):
    """A vector per character of the headlines but a few, as a dict."""
    chars = sorted({c for text in headlines[0] for c in text if not c.isspace()})
    rng = np.random.RandomState(0)
    kept = chars[: len(chars) - 5]
    return {c: rng.normal(size=DIM).astype(np.float32) for c in kept}


def _write(path, vectors, fmt):
    words = list(vectors)
    if fmt == "word2vec_binary":
        with open(path, "wb") as f:
            f.write(f"{len(words)} {DIM}\n".encode())
            for w in words:
                f.write(w.encode("utf-8") + b" " + vectors[w].astype("<f4").tobytes())
                f.write(b"\n")
        return path
    lines = [f"{len(words)} {DIM}"] if fmt in ("word2vec", "fasttext") else []
    lines += [w + " " + " ".join(f"{v:.6f}" for v in vectors[w]) for w in words]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def vectors_file(vectors, tmp_path_factory):
    return _write(tmp_path_factory.mktemp("vec") / "chars.txt", vectors, "word2vec")


def _pipeline(classifier):
    return Pipeline(
        [
            ("tokenizer", TextTokenizer(level="char", ngram_range=(1, 1))),
            ("vocabulary", Vocabulary(min_freq=1)),
            ("padder", SequencePadder()),
            ("classifier", classifier),
        ]
    )


def _embedding(model):
    return model[-1].net_.module_.encoder.embedding.weight.detach().numpy()


def _assert_rows_follow_vocabulary(model, vectors, atol=1e-5):
    weights = _embedding(model)
    tokens = model.named_steps["vocabulary"].get_feature_names_out()
    np.testing.assert_array_equal(weights[0], 0)
    n_checked = 0
    for i, token in enumerate(tokens[2:], start=2):
        if token in vectors:
            np.testing.assert_allclose(weights[i], vectors[token], atol=atol)
            n_checked += 1
    assert n_checked > 100


@pytest.mark.parametrize("fmt", ["word2vec", "word2vec_binary", "glove", "fasttext"])
def test_classifier_frozen_pretrained_rows_follow_the_fitted_vocabulary(
    headlines, vectors, tmp_path, fmt
):
    path = _write(tmp_path / f"vectors.{fmt}", vectors, fmt)
    clf = TextCNNClassifier(
        pretrained_vectors=str(path),
        freeze_embedding=True,
        num_filters=8,
        max_epochs=2,
        random_state=0,
    )
    model = _pipeline(clf).fit(*headlines)
    assert clf.net_.module_.encoder.embedding.weight.shape[1] == DIM
    _assert_rows_follow_vocabulary(model, vectors)
    coverage = clf.embedding_coverage_
    tokens = model.named_steps["vocabulary"].get_feature_names_out()[2:]
    n_found = sum(token in vectors for token in tokens)
    assert 0 < n_found < len(tokens)
    assert coverage["n_tokens"] == len(tokens)
    assert coverage["n_found"] == n_found
    assert coverage["vocabulary_coverage"] == pytest.approx(n_found / len(tokens))
    assert 0.9 < coverage["token_coverage"] < 1.0


def test_classifier_fine_tuned_pretrained_vectors_move(headlines, vectors_file):
    clf = LSTMClassifier(
        pretrained_vectors=vectors_file,
        hidden_size=8,
        max_epochs=2,
        lr=1e-2,
        random_state=0,
    )
    model = _pipeline(clf).fit(*headlines)
    weights = _embedding(model)
    tokens = model.named_steps["vocabulary"].get_feature_names_out()
    vectors = dict(zip(tokens, weights))
    token = tokens[2]
    original = _pipeline(
        LSTMClassifier(
            pretrained_vectors=vectors_file,
            freeze_embedding=True,
            hidden_size=8,
            max_epochs=1,
            random_state=0,
        )
    ).fit(*headlines)
    assert not np.allclose(vectors[token], _embedding(original)[2])
    np.testing.assert_array_equal(weights[0], 0)


def test_classifier_each_cv_fold_gets_its_own_embedding_matrix(headlines, vectors):
    clf = TextCNNClassifier(
        pretrained_vectors=vectors,
        freeze_embedding=True,
        num_filters=8,
        max_epochs=1,
        random_state=0,
    )
    result = cross_validate(
        _pipeline(clf),
        *headlines,
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
        return_estimator=True,
    )
    first, second = result["estimator"]
    vocabularies = [m.named_steps["vocabulary"].vocabulary_ for m in (first, second)]
    assert vocabularies[0] != vocabularies[1]
    for model in (first, second):
        _assert_rows_follow_vocabulary(model, vectors)


@pytest.mark.slow
def test_classifier_pretrained_vectors_in_grid_search(headlines, vectors_file):
    clf = TextCNNClassifier(
        pretrained_vectors=vectors_file, num_filters=8, max_epochs=2, random_state=0
    )
    search = GridSearchCV(
        _pipeline(clf),
        {"vocabulary__min_freq": [1, 2], "classifier__freeze_embedding": [True, False]},
        cv=2,
        n_jobs=2,
    ).fit(*headlines)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_[-1].embedding_coverage_["n_found"] > 100


def test_classifier_pretrained_dimension_mismatch_is_a_clear_error(
    headlines, vectors_file
):
    clf = TextCNNClassifier(pretrained_vectors=vectors_file, embedding_dim=5)
    with pytest.raises(ValueError, match=r"embedding_dim=5 .* 8 dimensions"):
        _pipeline(clf).fit(*headlines)


def test_classifier_pretrained_vectors_need_the_vocabulary(vectors_file):
    X = np.random.RandomState(0).randint(0, 20, (20, 6))
    y = np.arange(20) % 2
    with pytest.raises(ValueError, match="carries no vocabulary"):
        TextCNNClassifier(pretrained_vectors=vectors_file).fit(X, y)
