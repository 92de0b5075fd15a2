"""Tests of FastTextClassifier, HashingVocabulary with it, and compressed vectors.

Behaviour shared with the other classifiers (labels, class weights, seeding, bad
input...) is tested for every network in test_classifier_behaviour.py.
"""

import pickle
import subprocess
import sys
import time

import joblib
import numpy as np
import pytest
import torch
from _estimator_checks import PARTIAL_FIT_CHECKS
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks
from skorch.callbacks import Callback

from sklearn_textnn import (
    FastTextClassifier,
    HashingVocabulary,
    SequencePadder,
    TextClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.networks import FastText
from sklearn_textnn.nn import HashEmbedding

EXPECTED_FAILED_CHECKS = {
    **PARTIAL_FIT_CHECKS,
    "check_class_weight_classifiers": (
        "feeds continuous float features; the classifier takes integer token ids "
        "and refuses non-integral values by design"
    ),
    "check_classifiers_train": (
        "wants 83 % training accuracy on blobs whose columns are different variables "
        "holding small integers; a bag of tokens reads which ids a row holds, not in "
        "which column, so the same value in two columns is one token to it"
    ),
}


@parametrize_with_checks(
    [FastTextClassifier(max_epochs=10, random_state=0)],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_fasttext_classifier_passes_sklearn_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def headlines(thucnews):
    """1,500 bundled THUCNews headlines, 10 classes."""
    return list(thucnews.data[:1500]), np.asarray(thucnews.target[:1500])


_PREDICT_IN_FRESH_PROCESS = """
import sys
import joblib
import numpy as np
model = joblib.load(sys.argv[1])
texts = [line.rstrip("\\n") for line in open(sys.argv[2], encoding="utf-8")]
np.save(sys.argv[3], model.predict_proba(texts))
"""


def test_fasttext_classifier_pipeline_on_bundled_chinese_text(headlines, tmp_path):
    X, y = headlines
    model = make_pipeline(
        TextTokenizer(level="char"), Vocabulary(), FastTextClassifier(random_state=0)
    )
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    start = time.perf_counter()
    scores = cross_val_score(model, X, y, cv=cv)
    # TF-IDF + LinearSVC scores 0.765 on these folds; chance is 0.1.
    assert scores.mean() > 0.7
    assert time.perf_counter() - start < 60

    # The n-gram range and the number of buckets of a hashing vocabulary, tuned
    # together (five epochs, not the 57 of max_epochs='auto' on 1,000
    # headlines, to keep the twelve fits short).
    hashed = make_pipeline(
        TextTokenizer(level="char"),
        HashingVocabulary(),
        FastTextClassifier(max_epochs=5, random_state=0),
    )
    grid = {
        "texttokenizer__ngram_range": [(1, 1), (1, 2)],
        "hashingvocabulary__n_buckets": [2**10, 2**16],
    }
    search = GridSearchCV(hashed, grid, cv=cv).fit(X, y)
    results = search.cv_results_
    assert len(results["params"]) == 4
    assert np.all(results["mean_test_score"] > 0.5)
    best = search.best_estimator_
    assert best[-1].n_embeddings_ == best[1].n_buckets + 2
    # With few buckets, collisions cost accuracy.
    by_buckets = {
        (p["texttokenizer__ngram_range"], p["hashingvocabulary__n_buckets"]): s
        for p, s in zip(results["params"], results["mean_test_score"])
    }
    assert by_buckets[((1, 2), 2**16)] > by_buckets[((1, 2), 2**10)]

    # Saved, and loaded in a new Python process: the same probabilities.
    model.fit(X, y)
    joblib.dump(model, tmp_path / "model.joblib")
    texts = [t.replace("\n", " ") for t in X[:50]] + ["", "央行宣布下调存款准备金率"]
    (tmp_path / "texts.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-c",
            _PREDICT_IN_FRESH_PROCESS,
            str(tmp_path / "model.joblib"),
            str(tmp_path / "texts.txt"),
            str(tmp_path / "proba.npy"),
        ],
        check=True,
        timeout=300,
    )
    np.testing.assert_array_equal(
        np.load(tmp_path / "proba.npy"), model.predict_proba(texts)
    )


def test_fasttext_classifier_ragged_ids_need_no_padder(headlines):
    X, y = headlines
    X, y = X[:600], y[:600]
    ragged = make_pipeline(
        TextTokenizer(level="char"), Vocabulary(), FastTextClassifier(random_state=0)
    ).fit(X, y)
    padded = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(percentile=100),
        FastTextClassifier(random_state=0),
    ).fit(X, y)
    assert not hasattr(ragged[-1], "n_features_in_")
    assert padded[-1].n_features_in_ == padded[2].maxlen_
    # A bag of tokens does not read the padding: the same model either way.
    np.testing.assert_allclose(
        ragged.predict_proba(X[:100]), padded.predict_proba(X[:100]), atol=1e-5
    )


def test_fasttext_classifier_updates_token_vectors_sparsely():
    X = [[2, 3, 4], [5, 6], [2, 7, 8, 9], [5, 6, 6]] * 5
    y = [0, 1, 0, 1] * 5
    clf = FastTextClassifier(random_state=0).fit(X, y)
    embedding = clf.net_.module_.encoder.embedding
    assert embedding.sparse
    assert isinstance(clf.net_.optimizer_, torch.optim.Adagrad)
    assert (clf.predict(X) == y).all()
    # Adam does not take sparse gradients: dense vectors, and the fused Adam.
    dense = FastTextClassifier(optimizer="adam", lr=0.05, random_state=0).fit(X, y)
    assert not dense.net_.module_.encoder.embedding.sparse
    assert dense.net_.optimizer_.defaults["fused"] is True
    assert (dense.predict(X) == y).all()


def test_adagrad_updates_sparse_token_vectors_as_torch_does():
    from sklearn_textnn.classifiers._optim import Adagrad

    def train(optimizer_class, **params):
        torch.manual_seed(0)
        embedding = torch.nn.Embedding(50, 4, sparse=True)
        output = torch.nn.Linear(4, 3)
        optimizer = optimizer_class(
            [
                {"params": embedding.parameters()},
                {"params": output.parameters(), "weight_decay": 0.01},
            ],
            lr=0.1,
            **params,
        )
        with torch.sparse.check_sparse_tensor_invariants(enable=False):
            for _ in range(15):
                ids = torch.randint(0, 50, (8, 6))
                loss = output(embedding(ids).mean(dim=1)).logsumexp(dim=1).mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        return embedding.weight.detach(), output.weight.detach(), optimizer

    for params in ({}, {"lr_decay": 0.05, "maximize": True}):
        vectors, weights, reference = train(torch.optim.Adagrad, **params)
        fast_vectors, fast_weights, fast = train(Adagrad, **params)
        torch.testing.assert_close(fast_vectors, vectors, rtol=0, atol=1e-6)
        torch.testing.assert_close(fast_weights, weights, rtol=0, atol=1e-6)
        first = fast.param_groups[0]["params"][0]
        assert float(fast.state[first]["step"]) == 15
        torch.testing.assert_close(
            fast.state[first]["sum"],
            reference.state[reference.param_groups[0]["params"][0]]["sum"],
        )


def test_fasttext_classifier_does_not_read_the_order_of_the_tokens():
    # Each document's ids are sorted once before training: the same documents
    # with their tokens shuffled train the same model, token dropout included.
    rng = np.random.default_rng(0)
    X = [list(rng.integers(2, 40, rng.integers(3, 30))) for _ in range(60)]
    y = [int(np.mean(doc) > 20) for doc in X]
    shuffled = [list(rng.permutation(doc)) for doc in X]
    params = dict(max_epochs=3, token_dropout=0.3, random_state=0)
    ordered = FastTextClassifier(**params).fit(X, y)
    other = FastTextClassifier(**params).fit(shuffled, y)
    np.testing.assert_allclose(
        other.predict_proba(X), ordered.predict_proba(X), rtol=0, atol=1e-6
    )
    np.testing.assert_allclose(
        ordered.predict_proba(shuffled), ordered.predict_proba(X), rtol=0, atol=1e-6
    )


@pytest.mark.parametrize("optimizer", ["adagrad", "sgd"])
def test_weight_decay_keeps_sparse_gradients_and_shrinks_unread_vectors(optimizer):
    # Ids 10 and 11 are rows of the table (the largest id is 12) that no training
    # document holds: only the penalty moves them.
    X = [[2, 3, 4], [5, 6], [2, 7, 8, 9], [5, 6, 6]] * 5
    X[0] = [2, 3, 12]
    y = [0, 1, 0, 1] * 5
    common = dict(optimizer=optimizer, batch_size=2, max_epochs=2, random_state=0)
    plain = FastTextClassifier(weight_decay=0.0, **common).fit(X, y)
    decayed = FastTextClassifier(weight_decay=0.05, **common).fit(X, y)
    embedding = decayed.net_.module_.encoder.embedding
    assert embedding.sparse
    groups = decayed.net_.optimizer_.param_groups
    # The token vectors are left out of the optimizer's own decay (torch refuses
    # it on sparse gradients); the output layer keeps it.
    vectors = next(g for g in groups if any(p is embedding.weight for p in g["params"]))
    others = [g for g in groups if g is not vectors]
    assert vectors["weight_decay"] == 0.0
    assert others and all(g["weight_decay"] == 0.05 for g in others)
    assert "sparse_weight_decay" in dict(decayed.net_.callbacks_)
    # Its working tensors are dropped at the end of training, not saved.
    assert dict(decayed.net_.callbacks_)["sparse_weight_decay"]._buffers == {}
    assert "sparse_weight_decay" not in dict(plain.net_.callbacks_)
    # Same seed, same initial vectors; 20 steps: two decay steps of every row.
    before = plain.net_.module_.encoder.embedding.weight.detach()[10:12]
    after = embedding.weight.detach()[10:12]
    assert (after.norm(dim=1) < 0.99 * before.norm(dim=1)).all()
    if optimizer == "sgd":
        # SGD's rule: every weight shrinks by (1 - lr * 10 * wd)^2 = 0.95^2.
        np.testing.assert_allclose((after / before).numpy(), 0.95**2, rtol=1e-5)
    assert (decayed.predict(X) == y).all()


class _EpochWeights(Callback):
    """Records the output layer's weights at the end of each epoch."""

    def initialize(self):
        self.seen_ = []
        return self

    def on_epoch_end(self, net, **kwargs):
        self.seen_.append(net.module_.classifier.weight.detach().clone())


@pytest.mark.parametrize("average, first", [(True, 3), (2, 2), (4, 4)])
def test_average_keeps_the_mean_of_the_weights_of_the_last_epochs(average, first):
    X = [[2, 3, 4], [5, 6], [2, 7, 8, 9], [5, 6, 6]] * 5
    y = [0, 1, 0, 1] * 5
    clf = FastTextClassifier(
        average=average, max_epochs=4, random_state=0, callbacks=[_EpochWeights()]
    ).fit(X, y)
    seen = dict(clf.net_.callbacks_)["_EpochWeights"].seen_
    assert len(seen) == 4
    expected = torch.stack(seen[first - 1 :]).mean(dim=0)
    final = clf.net_.module_.classifier.weight.detach()
    torch.testing.assert_close(final, expected)
    if first < 4:
        assert not torch.equal(final, seen[-1])
    # Without averaging: the last epoch's weights.
    plain = FastTextClassifier(
        average=False, max_epochs=4, random_state=0, callbacks=[_EpochWeights()]
    ).fit(X, y)
    last = dict(plain.net_.callbacks_)["_EpochWeights"].seen_[-1]
    torch.testing.assert_close(plain.net_.module_.classifier.weight.detach(), last)


def test_average_auto_averages_a_full_run_and_yields_to_early_stopping():
    X = [[2, 3, 4], [5, 6], [2, 7, 8, 9], [5, 6, 6]] * 5
    y = [0, 1, 0, 1] * 5
    # All the epochs run: the mean of the second half, as average=True.
    auto = FastTextClassifier(
        average="auto", max_epochs=4, random_state=0, callbacks=[_EpochWeights()]
    ).fit(X, y)
    seen = dict(auto.net_.callbacks_)["_EpochWeights"].seen_
    torch.testing.assert_close(
        auto.net_.module_.classifier.weight.detach(), torch.stack(seen[2:]).mean(0)
    )
    assert "weight_averaging" in dict(auto.net_.callbacks_)
    # A validation split that only reports its loss: still averaged.
    reported = FastTextClassifier(
        average="auto",
        validation_fraction=0.2,
        patience=None,
        max_epochs=4,
        random_state=0,
    ).fit(X, y)
    assert "weight_averaging" in dict(reported.net_.callbacks_)
    # Early stopping: no error, no averaging; the best epoch's weights are kept.
    stopped = FastTextClassifier(
        average="auto",
        validation_fraction=0.2,
        patience=1,
        max_epochs=6,
        random_state=0,
    ).fit(X, y)
    callbacks = dict(stopped.net_.callbacks_)
    assert "weight_averaging" not in callbacks and "early_stopping" in callbacks
    assert FastTextClassifier().average == "auto"


@pytest.mark.parametrize(
    "n_samples, batch_size, expected",
    [
        (500, 32, 100),
        (644, 32, 86),
        (2_400, 32, 24),
        (57_600, 32, 10),
        (1_000_000, 32, 10),
        (644, 64, 100),
        (2_400, 16, 12),
    ],
)
def test_max_epochs_auto_trains_about_1800_steps_within_10_to_100_epochs(
    n_samples, batch_size, expected
):
    from sklearn_textnn.classifiers import _training

    clf = FastTextClassifier(batch_size=batch_size)
    assert clf.max_epochs == "auto"
    assert _training.n_epochs(clf, n_samples) == expected
    assert _training.n_epochs(clf.set_params(max_epochs=7), n_samples) == 7


def test_max_epochs_auto_counts_the_documents_it_trains_on():
    X = [[2, 3, 4], [5, 6], [2, 7, 8, 9], [5, 6, 6]] * 25
    y = [0, 1, 0, 1] * 25
    # 100 documents, 4 batches of 32: 100 epochs, the second half averaged.
    clf = FastTextClassifier(random_state=0).fit(X, y)
    assert clf.n_epochs_ == 100
    assert dict(clf.net_.callbacks_)["weight_averaging"].first_epoch == 51
    # 80 after a 20 % validation split: 3 batches, still 100 epochs at most; with
    # early stopping it may stop before.
    stopped = FastTextClassifier(validation_fraction=0.2, random_state=0).fit(X, y)
    assert 1 <= stopped.n_epochs_ <= 100
    big = FastTextClassifier(batch_size=4, random_state=0).fit(X, y)
    assert big.n_epochs_ == 72  # 25 batches: ceil(1800 / 25)


def test_average_refuses_early_stopping_and_a_start_past_the_end():
    X, y = [[2, 3], [4, 5]] * 10, [0, 1] * 10
    with pytest.raises(ValueError, match="set patience=None"):
        FastTextClassifier(average=True, validation_fraction=0.2).fit(X, y)
    # The validation split may still report its loss.
    clf = FastTextClassifier(average=True, validation_fraction=0.2, patience=None)
    assert "valid_loss" in clf.fit(X, y).net_.history[-1]
    with pytest.raises(ValueError, match="average=11 starts averaging after the"):
        FastTextClassifier(average=11, max_epochs=10).fit(X, y)


def test_fasttext_classifier_names_a_missing_or_bad_document():
    clf = FastTextClassifier()
    with pytest.raises(ValueError, match="document 1 is None"):
        clf.fit([[2, 3], None, [4]], [0, 1, 0])
    with pytest.raises(TypeError, match="document 1, position 0 is 'a'"):
        clf.fit([[2, 3], ["a"], [4]], [0, 1, 0])
    with pytest.raises(ValueError, match="document 0 has a negative id"):
        clf.fit([[2, -1], [3], [4, 5, 6]], [0, 1, 0])


def test_fasttext_classifier_handles_empty_and_huge_documents():
    X = [[2, 3, 4], [5, 6], [], [5, 6, 6], [2, 3], [6]] * 4
    y = ["a", "b", "a", "b", "a", "b"] * 4
    clf = FastTextClassifier(random_state=0).fit(X, y)
    empty = clf.predict_proba([[]])
    assert np.isfinite(empty).all()
    # An empty document has a zero vector: its scores are the output bias alone.
    bias = clf.net_.module_.classifier.bias.detach().double()
    np.testing.assert_allclose(empty[0], torch.softmax(bias, 0).numpy(), rtol=1e-5)
    huge = np.tile([2, 3, 4], 350_000)  # a 1 MB text's worth of ids
    start = time.perf_counter()
    assert clf.predict([huge, [5, 6]]).tolist() == ["a", "b"]
    assert time.perf_counter() - start < 10


def test_fasttext_every_weighting_learns():
    X = [[2, 3, 4, 20, 21], [5, 6, 20], [2, 7, 21], [5, 6, 6, 21]] * 5
    y = [0, 1, 0, 1] * 5
    for weighting in ("supervised", "tfidf", "mean"):
        clf = TextClassifier(
            encoder=FastText(weighting=weighting),
            optimizer="adagrad",
            lr=0.2,
            validation_fraction=None,
            random_state=0,
        ).fit(X, y)
        assert (clf.predict(X) == y).all()
        idf = clf.net_.module_.encoder.idf
        assert (idf is None) == (weighting == "mean")
    # Rare ids weigh more than common ones (id 20 and 21 occur in most documents).
    assert idf is None
    tfidf = FastTextClassifier(weighting="tfidf", random_state=0).fit(X, y)
    idf = tfidf.net_.module_.encoder.idf
    assert idf[7] > idf[2] > idf[21]


def test_supervised_weighting_weighs_what_tells_the_class():
    # Without class sizes in the way: three documents of each class.
    # Ids 2 and 3 occur in as many documents, 2 in class "a" alone, 3 in both
    # classes alike; 4 occurs once, in class "a".
    X = [[2, 3], [2, 3], [3, 5], [3, 5], [4, 5], [6, 7]]
    y = ["a", "a", "b", "b", "a", "b"]
    weights = (
        FastTextClassifier(weighting="supervised", max_epochs=1, random_state=0)
        .fit(X, y)
        .net_.module_.encoder.idf.numpy()
    )
    idf = (
        FastTextClassifier(weighting="tfidf", max_epochs=1, random_state=0)
        .fit(X, y)
        .net_.module_.encoder.idf.numpy()
    )
    # Id 2: 2 documents, both "a"; smoothed by one document spread half and
    # half, then over the square root of the class sizes (3 and 3).
    share = np.array([2.5, 0.5]) / 3
    told = 1 - (-(share * np.log(share)).sum()) / np.log(2)
    np.testing.assert_allclose(weights[2], idf[2] * np.sqrt(told + 1e-3), rtol=1e-6)
    # Id 3 (2 documents of each class) tells nothing; id 4, seen once, less
    # than id 2, seen twice in the same class.
    np.testing.assert_allclose(weights[3], idf[3] * np.sqrt(1e-3), rtol=1e-6)
    assert weights[2] / idf[2] > weights[4] / idf[4] > weights[3] / idf[3]


def test_supervised_weighting_counts_classes_over_the_root_of_their_size():
    # Four documents of class "a", one of "b"; id 2 is in every document.
    X = [[2, 3], [2, 3], [2, 4], [2, 4], [2, 5]]
    y = ["a", "a", "a", "a", "b"]
    clf = FastTextClassifier(weighting="supervised", max_epochs=1, random_state=0)
    weights = clf.fit(X, y).net_.module_.encoder.idf.numpy()
    # Counts (4, 1) plus one document spread (0.8, 0.2), over sqrt(4) and sqrt(1).
    scaled = np.array([4.8 / 2, 1.2 / 1])
    share = scaled / scaled.sum()
    told = 1 - (-(share * np.log(share)).sum()) / np.log(2)
    idf = 1.0  # in every document
    np.testing.assert_allclose(weights[2], idf * np.sqrt(told + 1e-3), rtol=1e-6)
    # Id 5, once in the small class: (0.8, 1.2) over (2, 1); idf log(6 / 2) + 1.
    share = np.array([0.4, 1.2]) / 1.6
    told = 1 - (-(share * np.log(share)).sum()) / np.log(2)
    idf = np.log(3) + 1
    np.testing.assert_allclose(weights[5], idf * np.sqrt(told + 1e-3), rtol=1e-6)


def test_supervised_weighting_from_a_first_chunk_without_every_class():
    vocabulary = HashingVocabulary(n_buckets=64)
    first = vocabulary.fit_transform([["x", "y"], ["x", "z"], ["w", "y"]])
    clf = FastTextClassifier(weighting="supervised", class_weight=None, random_state=0)
    clf.partial_fit(first, ["a", "a", "a"], classes=["a", "b", "c"])
    weights = clf.net_.module_.encoder.idf.numpy()
    assert np.isfinite(weights).all() and (weights > 0).all()
    for _ in range(20):
        clf.partial_fit(vocabulary.transform([["v", "u"], ["x", "y"]]), ["b", "a"])
    assert clf.predict(vocabulary.transform([["x", "y"], ["v"]])).tolist() == [
        "a",
        "b",
    ]


def test_classifier_embedding_compression_keeps_a_tenth_of_the_parameters():
    rng = np.random.default_rng(0)
    y = np.arange(400) % 2
    X = rng.integers(2, 5000, size=(400, 12))
    X[:, 0] = 2 + y  # the class is in the first token
    plain = FastTextClassifier(random_state=0).fit(X, y)
    small = FastTextClassifier(embedding_compression=10, random_state=0).fit(X, y)
    embedding = small.net_.module_.encoder.embedding
    assert isinstance(embedding, HashEmbedding)
    n_plain = plain.net_.module_.encoder.embedding.weight.numel()
    n_small = sum(p.numel() for p in embedding.parameters())
    assert n_small <= n_plain / 10
    assert (small.predict(X) == y).mean() > 0.95
    # The compressed model saves and loads like any other.
    restored = pickle.loads(pickle.dumps(small))
    np.testing.assert_array_equal(restored.predict_proba(X), small.predict_proba(X))
    with pytest.raises(ValueError, match="leaves fewer than 4 rows"):
        FastTextClassifier(embedding_compression=10_000, random_state=0).fit(X, y)


def test_classifier_embedding_compression_refuses_pretrained_vectors():
    documents = [["good", "fine"], ["bad", "awful"]] * 4
    vocabulary = Vocabulary(min_freq=1).fit(documents)
    X = SequencePadder().fit_transform(vocabulary.transform(documents))
    vectors = {"good": [1.0, 0.0], "bad": [0.0, 1.0]}
    clf = FastTextClassifier(pretrained_vectors=vectors, embedding_compression=4)
    with pytest.raises(ValueError, match="cannot be combined"):
        clf.fit(X, [1, 0] * 4)


@pytest.mark.slow
def test_fasttext_classifier_soft_vote_of_seeds_in_a_pipeline(headlines):
    from sklearn.ensemble import VotingClassifier

    X, y = headlines
    vote = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        VotingClassifier(
            [(f"seed{i}", FastTextClassifier(random_state=i)) for i in range(2)],
            voting="soft",
        ),
    ).fit(X[:800], y[:800])
    members = vote[-1].estimators_
    ids = vote[:-1].transform(X[800:900])
    mean = np.mean([m.predict_proba(ids) for m in members], axis=0)
    np.testing.assert_allclose(vote.predict_proba(X[800:900]), mean)
    assert (vote.predict(X[800:900]) == y[800:900]).mean() > 0.6


@pytest.mark.parametrize("value", [1.0, -0.1, "half"])
def test_fasttext_classifier_rejects_a_token_dropout_outside_0_1(value):
    clf = FastTextClassifier(token_dropout=value)
    with pytest.raises(
        InvalidParameterError, match="'token_dropout' parameter of FastTextClassifier"
    ):
        clf.fit([[2, 3], [4, 5]], [0, 1])


def test_fasttext_classifier_token_dropout_is_seeded_and_can_be_turned_off(
    headlines,
):
    X, y = headlines
    model = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        FastTextClassifier(max_epochs=30, random_state=0),
    )
    ids = model[:-1].fit_transform(X[:600], y[:600])
    test = model[:-1].transform(X[600:900])
    default = clone(model[-1]).fit(ids, y[:600])
    again = clone(model[-1]).fit(ids, y[:600])
    off = clone(model[-1]).set_params(token_dropout=0.0).fit(ids, y[:600])
    np.testing.assert_array_equal(
        default.predict_proba(test), again.predict_proba(test)
    )
    assert np.abs(default.predict_proba(test) - off.predict_proba(test)).max() > 0.01
    for clf in (default, off):
        assert clf.score(test, y[600:900]) > 0.6
