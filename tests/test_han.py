"""Tests of HANClassifier: documents as sentences, attention at both levels.

Behaviour shared with the other classifiers (labels, class weights, seeding, bad
input...) is tested for every network in test_classifier_behaviour.py, where HAN
reads an id matrix as documents of one sentence.
"""

import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    HANClassifier,
    SentencePadder,
    SentenceSplitter,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.networks import HAN
from sklearn_textnn.nn import HANEncoder, token_embedding


def _small_han(**params):
    return HANClassifier(
        **{
            "embedding_dim": 16,
            "hidden_size": 16,
            "attention_size": 16,
            "max_epochs": 6,
            "lr": 0.01,
            "validation_fraction": None,
            "random_state": 0,
            **params,
        }
    )


@pytest.fixture(scope="module")
def news_documents(thucnews):
    """Documents of 2 to 6 bundled headlines of one class, joined by "。": 400
    Chinese documents of several sentences, 10 classes."""
    rng = np.random.default_rng(0)
    data, target = np.asarray(thucnews.data), np.asarray(thucnews.target)
    documents, labels = [], []
    for i in range(400):
        label = i % 10
        pool = np.flatnonzero(target == label)
        picked = rng.choice(pool, size=rng.integers(2, 7), replace=False)
        documents.append("。".join(data[picked]) + "。")
        labels.append(thucnews.target_names[label])
    return documents, np.asarray(labels)


def _han_pipeline(**params):
    return make_pipeline(
        SentenceSplitter(),
        TextTokenizer(level="char"),
        Vocabulary(),
        SentencePadder(),
        _small_han(**params),
    )


# One torch thread as in this process (conftest): the float32 sums of the GRUs
# then run in the same order, and the probabilities are identical to the bit.
_PREDICT_IN_FRESH_PROCESS = """
import pickle, sys
import numpy as np
import torch
torch.set_num_threads(1)
with open(sys.argv[1], "rb") as file:
    model, texts = pickle.load(file)
np.save(sys.argv[2], model.predict_proba(texts))
"""


def test_han_pipeline_on_chinese_documents_cross_validated_and_reloaded(
    news_documents, tmp_path
):
    texts, labels = news_documents
    scores = cross_val_score(
        _han_pipeline(),
        texts,
        labels,
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
    )
    # Ten classes, 267 training documents, 6 epochs of a small network: chance
    # is 0.1.
    assert scores.min() > 0.25, scores
    model = _han_pipeline().fit(texts[:300], labels[:300])
    assert model[-1].net_.module_.encoder.__class__ is HANEncoder
    # The padder learned both sizes from the training documents.
    assert 2 <= model[-2].max_sentences_ <= 7
    assert model[-2].max_tokens_ >= 15
    expected = model.predict_proba(texts[300:])
    path = tmp_path / "han.pkl"
    path.write_bytes(pickle.dumps((model, texts[300:])))
    subprocess.run(
        [sys.executable, "-c", _PREDICT_IN_FRESH_PROCESS, path, tmp_path / "p.npy"],
        check=True,
    )
    np.testing.assert_array_equal(np.load(tmp_path / "p.npy"), expected)


def test_han_grid_search_over_max_sentences(news_documents):
    texts, labels = news_documents
    three = np.isin(labels, np.unique(labels)[:3])
    texts, labels = np.asarray(texts)[three].tolist(), labels[three]
    search = GridSearchCV(
        _han_pipeline(max_epochs=8, lr=0.02),
        {"sentencepadder__max_sentences": [1, 6]},
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
    ).fit(texts, labels)
    scores = search.cv_results_["mean_test_score"]
    # Three classes: chance is a third.
    assert (scores > 0.5).all(), scores
    best = search.best_params_["sentencepadder__max_sentences"]
    assert best == [1, 6][int(np.argmax(scores))]
    # The refitted pipeline pads to the chosen number of sentences.
    assert search.best_estimator_[:-1].transform(texts[:3]).shape[1] == best


def test_han_takes_a_list_of_texts_per_sample(thucnews):
    """The "collection of sequences per sample" case: no splitter, each sample a
    list of texts (here 5 to 40 headlines of its class), one label out."""
    rng = np.random.default_rng(1)
    data, target = np.asarray(thucnews.data), np.asarray(thucnews.target)
    samples, labels = [], []
    for i in range(120):
        label = i % 3
        pool = np.flatnonzero(target == label)
        samples.append(list(data[rng.choice(pool, size=rng.integers(5, 41))]))
        labels.append(label)
    model = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SentencePadder(max_sentences=40),
        _small_han(max_epochs=8, lr=0.02, batch_size=16),
    ).fit(samples[:90], labels[:90])
    assert model[-2].transform(model[:-2].transform(samples[:2])).shape[1] == 40
    assert model.score(samples[90:], labels[90:]) > 0.8
    # The same samples as nested id lists, without the padder: same classes.
    nested = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        _small_han(max_epochs=8, lr=0.02, batch_size=16),
    ).fit(samples[:90], labels[:90])
    assert nested.score(samples[90:], labels[90:]) > 0.8


def test_han_attention_weights_sum_to_one_over_real_sentences_and_tokens():
    X = np.zeros((3, 4, 5), dtype=np.int64)
    X[0, 0, :3] = [2, 3, 4]
    X[0, 2, :2] = [5, 6]  # sentence 1 is empty, sentence 3 padding
    X[1] = np.arange(2, 22).reshape(4, 5)
    # Document 2 holds no token at all.
    y = [0, 1, 0]
    clf = _small_han(max_epochs=1).fit(X, y)
    sentences, tokens = clf.attention_weights(X)
    assert sentences.shape == (3, 4) and tokens.shape == (3, 4, 5)
    np.testing.assert_allclose(sentences.sum(axis=1), [1, 1, 0], atol=1e-6)
    assert sentences[0, 1] == 0 and sentences[0, 3] == 0
    assert (sentences[0, [0, 2]] > 0).all()
    np.testing.assert_allclose(tokens.sum(axis=2)[0], [1, 0, 1, 0], atol=1e-6)
    np.testing.assert_allclose(tokens.sum(axis=2)[1], [1, 1, 1, 1], atol=1e-6)
    assert (tokens[X == 0] == 0).all()
    assert (tokens[2] == 0).all()


def test_han_attention_weights_of_nested_lists_follow_their_layout():
    X = [[[2, 3], [], [4, 5, 6]], [[7]], []]
    clf = _small_han(max_epochs=1).fit(X, [0, 1, 0])
    sentences, tokens = clf.attention_weights(X)
    assert [len(s) for s in sentences] == [3, 1, 0]
    assert [[len(t) for t in doc] for doc in tokens] == [[2, 0, 3], [1], []]
    assert sentences[0][1] == 0
    np.testing.assert_allclose([s.sum() for s in sentences[:2]], [1, 1], atol=1e-6)
    np.testing.assert_allclose(tokens[0][2].sum(), 1, atol=1e-6)


def test_han_encoder_does_not_depend_on_padding_or_batch():
    torch.manual_seed(0)
    encoder = HANEncoder(token_embedding(30, 8), hidden_size=4, attention_size=5)
    encoder.eval()
    document = torch.tensor([[[2, 3, 4, 0], [0, 0, 0, 0], [5, 6, 0, 0], [7, 0, 0, 0]]])
    # The same sentences pre-padded, the empty one moved, inside a bigger batch.
    moved = torch.tensor([[[0, 0, 0, 0], [0, 2, 3, 4], [0, 0, 5, 6], [0, 0, 0, 7]]])
    batch = torch.zeros(3, 6, 9, dtype=torch.long)
    batch[0] = torch.randint(2, 30, (6, 9))
    batch[1, :4, :4] = document[0]
    with torch.no_grad():
        alone = encoder(document)
        np.testing.assert_allclose(encoder(moved), alone, atol=1e-6)
        np.testing.assert_allclose(encoder(batch)[1:2], alone, atol=1e-6)
        # A document without any token: the zero vector, not NaN.
        assert (encoder(batch)[2] == 0).all()
        # An id matrix is documents of one sentence.
        np.testing.assert_allclose(
            encoder(torch.tensor([[2, 3, 4]])),
            encoder(torch.tensor([[[2, 3, 4]]])),
            atol=1e-6,
        )


def test_han_token_dropout_is_drawn_per_token_and_left_out_at_prediction():
    from sklearn_textnn.nn._token_dropout import drop_tokens

    torch.manual_seed(0)
    encoder = HANEncoder(
        token_embedding(30, 8), hidden_size=4, attention_size=5, token_dropout=0.5
    )
    plain = HANEncoder(encoder.embedding, hidden_size=4, attention_size=5)
    plain.load_state_dict(encoder.state_dict())
    document = torch.tensor([[[2, 3, 4, 0], [0, 0, 0, 0], [5, 6, 0, 0], [7, 0, 0, 0]]])
    moved = torch.tensor([[[0, 0, 0, 0], [0, 2, 3, 4], [0, 0, 5, 6], [0, 0, 0, 7]]])
    with torch.no_grad():
        # Prediction reads every token.
        torch.testing.assert_close(encoder.eval()(document), plain.eval()(document))
        encoder.train()
        outputs = []
        for padded in (document, moved):
            torch.manual_seed(0)
            outputs.append(encoder(padded))
        # The same tokens are left out however the sentences are padded, and the
        # encoder reads the document as if they were padding.
        torch.testing.assert_close(outputs[0], outputs[1], rtol=0, atol=1e-6)
        torch.manual_seed(0)
        dropped = drop_tokens(document, 0.5)
        # This draw keeps 3 and 7 and leaves out the third sentence whole.
        assert dropped[0].tolist() == [[0, 3, 0, 0], [0] * 4, [0] * 4, [7, 0, 0, 0]]
        torch.testing.assert_close(outputs[0], plain(dropped), rtol=0, atol=1e-6)
    # About half of many tokens survive a draw.
    many = torch.randint(2, 30, (50, 8, 20))
    kept = (drop_tokens(many, 0.5) != 0).float().mean().item()
    assert 0.45 < kept < 0.55
    with pytest.raises(ValueError, match=r"token_dropout must be in \[0, 1\), got 1.0"):
        HANEncoder(token_embedding(30, 8), token_dropout=1.0)


@pytest.mark.parametrize("value", [1.0, -0.2])
def test_han_classifier_rejects_a_token_dropout_outside_0_1(news_documents, value):
    from sklearn.utils._param_validation import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="'token_dropout' parameter"):
        _han_pipeline(token_dropout=value).fit(*news_documents)


def test_han_reads_awkward_documents(thucnews):
    """No sentence mark, a sentence of 100,000 characters, empty sentences, an
    empty document, and sentence counts that differ by 1,000 times."""
    headlines = list(thucnews.data[:2000])
    texts = [
        "沒有句號的一段文字" * 3,
        "長" * 100_000,
        "。。！？",
        "",
        "。".join(headlines[:1000]),
        headlines[1],
    ]
    labels = [0, 1, 0, 1, 0, 1]
    model = make_pipeline(
        SentenceSplitter(max_sentence_length=500),
        TextTokenizer(level="char"),
        Vocabulary(min_freq=1),
        SentencePadder(),
        _small_han(max_epochs=1),
    )
    with pytest.warns(UserWarning, match="cap|bound|median"):
        model.fit(texts, labels)
    ids = model[:-1].transform(texts)
    assert ids.shape[1] <= 32 and ids.shape[2] <= 500
    proba = model.predict_proba(texts)
    assert proba.shape == (6, 2) and np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    sentences, _ = model[-1].attention_weights(ids)
    # Marks are tokens of their own (characters); the empty document has no
    # token, so no weight.
    np.testing.assert_allclose(sentences.sum(axis=1), [1, 1, 1, 0, 1, 1], atol=1e-6)


def test_flat_networks_refuse_documents_of_sentences_by_name():
    X = np.ones((4, 2, 3), dtype=np.int64)
    with pytest.raises(ValueError, match=r"3-D array of shape \(4, 2, 3\).*HAN"):
        TextCNNClassifier(max_epochs=1).fit(X, [0, 1, 0, 1])


def test_han_in_a_pipeline_of_one_sentence_documents(thucnews):
    """Headlines through SequencePadder: documents of one sentence."""
    texts, labels = list(thucnews.data[:600]), thucnews.target[:600]
    model = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(),
        _small_han(lr=0.02, batch_size=16),
    ).fit(texts[:450], labels[:450])
    # Ten classes: chance is 0.1.
    assert model.score(texts[450:], labels[450:]) > 0.4
    ids = model[:-1].transform(texts[450:455])
    sentences, tokens = model[-1].attention_weights(ids)
    assert sentences.shape == (5, 1) and tokens.shape == ids.shape
    np.testing.assert_allclose(sentences, 1)


def test_han_network_describes_itself():
    assert HAN.reads_sentences and HAN.name == "han"
    assert HANClassifier().get_params()["hidden_size"] == HAN().hidden_size
