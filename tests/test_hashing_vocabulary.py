import json
import os
import pickle
import random
import subprocess
import sys
import zlib

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.validation import check_is_fitted

import sklearn_textnn
from sklearn_textnn.preprocessing import (
    PAD_ID,
    UNK_ID,
    HashingVocabulary,
    IdSequences,
    SequencePadder,
    TextTokenizer,
    TokenIdArray,
    Vocabulary,
    vocabulary_fingerprint,
)

TOKENS = [["好", "天气", "天"], ["好", "天", "天"], ["雨", "好"]]


def as_lists(id_sequences):
    return [ids.tolist() for ids in id_sequences]


def crc32_id(token, n_buckets):
    return 2 + zlib.crc32(token.encode("utf-8", "surrogatepass")) % n_buckets


# sklearn's common checks skip an estimator whose input is text: these are the ones
# that need no numeric input and still say something about a text transformer.
COMMON_CHECKS = [
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_param_validation",
    "check_valid_tag_types",
    "check_estimator_tags_renamed",
    "check_mixin_order",
]


@pytest.mark.parametrize("check", COMMON_CHECKS)
def test_hashing_vocabulary_passes_the_sklearn_checks_that_need_no_numbers(check):
    getattr(estimator_checks, check)("HashingVocabulary", HashingVocabulary())


def test_hashing_vocabulary_ids_are_crc32_of_the_utf8_bytes_after_the_reserved():
    vocab = HashingVocabulary(n_buckets=1000)
    ids = vocab.transform(TOKENS)
    assert isinstance(ids, IdSequences)
    assert all(a.dtype == np.int64 for a in ids)
    assert as_lists(ids) == [[crc32_id(t, 1000) for t in doc] for doc in TOKENS]
    # Pinned: the ids of a saved model must not change with a new release.
    assert as_lists(HashingVocabulary().transform([["好", "天气", "a"]])) == [
        [19654, 201150, 245317]
    ]
    assert vocab.n_tokens_ == 1002
    assert HashingVocabulary().n_tokens_ == 2**18 + 2
    assert isinstance(HashingVocabulary(n_buckets=np.int64(10)).n_tokens_, int)


@pytest.mark.parametrize("n_buckets", [2, 3, 64, 2**18, 2**26])
def test_hashing_vocabulary_ids_are_in_the_buckets_after_the_reserved_ids(n_buckets):
    tokens = [f"词{i}" for i in range(3000)] + ["a", "zz", "😀", "\ud800"]
    ids = HashingVocabulary(n_buckets=n_buckets).transform([tokens])[0]
    assert ids.min() >= 2
    assert ids.max() < n_buckets + 2
    if n_buckets <= 64:
        assert set(ids.tolist()) == set(range(2, n_buckets + 2))


def test_hashing_vocabulary_same_token_same_id_across_documents_calls_instances():
    vocab = HashingVocabulary(n_buckets=2**10)
    first = vocab.transform(TOKENS)
    assert first[0][0] == first[1][0] == first[2][1]  # "好"
    assert first[0][2] == first[1][1] == first[1][2]  # "天"
    again = HashingVocabulary(n_buckets=2**10).transform([["天", "好"]])
    assert as_lists(again) == [[first[0][2], first[0][0]]]


_PRINT_IDS = """
import json
import sys
from sklearn_textnn.preprocessing import HashingVocabulary
X = json.loads(sys.argv[1])
print(json.dumps([a.tolist() for a in HashingVocabulary(n_buckets=2**16).transform(X)]))
"""


def test_hashing_vocabulary_ids_are_the_same_in_a_process_with_another_hash_seed():
    words = ["好", "天气", "a", "😀", "\ud800", "x" * 100]
    X = [words + [f"词{i}" for i in range(50)], ["<unk>", ""]]
    expected = as_lists(HashingVocabulary(n_buckets=2**16).transform(X))
    assert expected[1] == [UNK_ID, UNK_ID]
    for seed in ("0", "12345"):
        # The str hash differs between these processes; the ids must not.
        process = subprocess.run(
            [sys.executable, "-c", _PRINT_IDS, json.dumps(X)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert process.returncode == 0, process.stderr
        assert json.loads(process.stdout) == expected


def test_hashing_vocabulary_pickle_and_joblib_give_the_same_ids_in_a_fresh_process(
    transform_in_fresh_process,
):
    vocab = HashingVocabulary(n_buckets=500, pad_token="[PAD]")
    X = [["好", "雪", "天"], [], ["[PAD]", "<pad>"]]
    expected = as_lists(vocab.transform(X))
    assert expected[2][0] == PAD_ID
    assert expected[2][1] == crc32_id("<pad>", 500)

    restored = pickle.loads(pickle.dumps(vocab))
    assert restored.get_params() == vocab.get_params()
    assert as_lists(restored.transform(X)) == expected
    ids = pickle.loads(pickle.dumps(vocab.transform(X)))
    assert as_lists(ids) == expected
    assert ids.vocabulary.get_params() == vocab.get_params()

    fresh = transform_in_fresh_process(vocab, X)
    for ids in (fresh.from_pickle, fresh.from_joblib):
        assert as_lists(ids) == expected
        assert ids.vocabulary.n_tokens_ == 502
    assert fresh.stderr == ""


def test_hashing_vocabulary_clone_set_params_and_repr():
    vocab = HashingVocabulary(n_buckets=100, unk_token="[UNK]").fit(TOKENS)
    cloned = clone(vocab)
    assert cloned is not vocab
    assert cloned.get_params() == vocab.get_params()
    assert as_lists(cloned.transform(TOKENS)) == as_lists(vocab.transform(TOKENS))
    assert repr(vocab) == "HashingVocabulary(n_buckets=100, unk_token='[UNK]')"
    assert repr(HashingVocabulary()) == "HashingVocabulary()"

    assert vocab.set_params(n_buckets=7) is vocab
    assert vocab.n_tokens_ == 9
    assert as_lists(vocab.transform([["好", "[UNK]"]])) == [[crc32_id("好", 7), 1]]


def test_hashing_vocabulary_transforms_without_fit_and_fit_learns_nothing():
    vocab = HashingVocabulary(n_buckets=300)
    check_is_fitted(vocab)
    assert vocab.n_tokens_ == 302
    unfitted = as_lists(vocab.transform(TOKENS))
    state = dict(vars(vocab))
    assert vocab.fit(TOKENS) is vocab
    assert vocab.partial_fit(TOKENS[:1]) is vocab
    assert vocab.partial_fit([]) is vocab
    assert vocab.fit([]) is vocab
    assert vars(vocab) == state
    assert as_lists(vocab.transform(TOKENS)) == unfitted
    assert as_lists(HashingVocabulary(n_buckets=300).fit_transform(TOKENS)) == unfitted
    assert vocab.transform([]) == []


def test_hashing_vocabulary_streams_batches_with_partial_fit():
    vocab = HashingVocabulary(n_buckets=64)
    streamed = []
    for start in range(0, len(TOKENS), 2):
        batch = TOKENS[start : start + 2]
        streamed += as_lists(vocab.partial_fit(batch).transform(batch))
    assert streamed == as_lists(vocab.transform(TOKENS))


def test_hashing_vocabulary_output_carries_the_vocabulary_and_the_row_index():
    vocab = HashingVocabulary(n_buckets=50)
    X = pd.Series(TOKENS, index=[10, 20, 30])
    ids = vocab.transform(X)
    assert ids.vocabulary is vocab
    assert ids.row_index.tolist() == [10, 20, 30]
    assert as_lists(ids) == as_lists(vocab.transform(TOKENS))
    assert vocab.transform(TOKENS).row_index is None
    assert vocab.fit_transform(X).row_index.tolist() == [10, 20, 30]


def test_hashing_vocabulary_sequence_padder_passes_it_on():
    vocab = HashingVocabulary(n_buckets=50)
    ids = vocab.transform(TOKENS)
    padded = SequencePadder(maxlen=4).fit_transform(ids)
    assert isinstance(padded, TokenIdArray)
    assert padded.vocabulary is vocab
    assert padded.tolist() == [row + [PAD_ID] * (4 - len(row)) for row in as_lists(ids)]
    assert padded[1:].vocabulary is vocab

    padder = SequencePadder(maxlen=3).set_output(transform="pandas")
    frame = padder.fit_transform(vocab.transform(pd.Series(TOKENS, index=[7, 8, 9])))
    assert frame.index.tolist() == [7, 8, 9]
    assert frame.to_numpy().tolist() == [row[:3] for row in padded.tolist()]


def test_hashing_vocabulary_fingerprint_follows_the_parameters():
    one, two = HashingVocabulary(n_buckets=100), HashingVocabulary(n_buckets=100)
    assert vocabulary_fingerprint(one) == vocabulary_fingerprint(two)
    assert vocabulary_fingerprint(one)[:2] == ("HashingVocabulary", 102)
    other = HashingVocabulary(n_buckets=101)
    assert vocabulary_fingerprint(other) != vocabulary_fingerprint(one)
    # Nothing is cached on the vocabulary: it follows set_params.
    assert vocabulary_fingerprint(one.set_params(n_buckets=101)) == (
        vocabulary_fingerprint(other)
    )
    assert not hasattr(one, "_fingerprint")


_RANGE = r"must be an int in the range \[2, 67108864\]"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"n_buckets": 1}, _RANGE + r" \(with fewer than 2 buckets every token"),
        ({"n_buckets": 0}, _RANGE + ".*Got 0 instead"),
        ({"n_buckets": -5}, _RANGE),
        ({"n_buckets": 2**26 + 1}, _RANGE + r".*2\*\*26 rows of 128 float32.*32 GiB"),
        ({"n_buckets": 2**40}, _RANGE + ".*embedding table has n_buckets \\+ 2 rows"),
        ({"n_buckets": 1024.0}, _RANGE + r".*Got 1024\.0 instead"),
        ({"n_buckets": "1024"}, _RANGE),
        ({"n_buckets": None}, _RANGE),
        ({"pad_token": None}, "pad_token"),
        ({"unk_token": 1}, "unk_token"),
        ({"pad_token": "<x>", "unk_token": "<x>"}, "they must differ"),
    ],
)
def test_hashing_vocabulary_invalid_parameters_raise_with_the_reason(params, message):
    vocab = HashingVocabulary(**params)
    for method in ("fit", "partial_fit", "fit_transform", "transform"):
        with pytest.raises(InvalidParameterError, match=message):
            getattr(vocab, method)(TOKENS)


def test_hashing_vocabulary_empty_documents_and_empty_string_tokens():
    vocab = HashingVocabulary(n_buckets=20)
    ids = vocab.transform([[], ["", ""], ["好", "", "天"], []])
    assert as_lists(ids) == [
        [],
        [UNK_ID, UNK_ID],
        [crc32_id("好", 20), UNK_ID, crc32_id("天", 20)],
        [],
    ]
    assert all(a.dtype == np.int64 for a in ids)
    assert as_lists(vocab.transform([[], []])) == [[], []]


def test_hashing_vocabulary_reserved_tokens_map_to_padding_and_unknown():
    vocab = HashingVocabulary(n_buckets=30)
    assert as_lists(vocab.transform([["<unk>", "好", "<pad>"]])) == [
        [UNK_ID, crc32_id("好", 30), PAD_ID]
    ]
    custom = HashingVocabulary(n_buckets=30, pad_token="[PAD]", unk_token="[UNK]")
    assert as_lists(custom.transform([["[UNK]", "<unk>", "[PAD]", ""]])) == [
        [UNK_ID, crc32_id("<unk>", 30), PAD_ID, UNK_ID]
    ]
    # An empty pad_token takes the empty token to padding.
    empty_pad = HashingVocabulary(n_buckets=30, pad_token="")
    assert as_lists(empty_pad.transform([["", "<unk>", "<pad>"]])) == [
        [PAD_ID, UNK_ID, crc32_id("<pad>", 30)]
    ]
    # A token with the same CRC-32 as unk_token keeps its bucket.
    assert zlib.crc32(b"olbfmjqn") == zlib.crc32(b"fomlonrv")
    same_hash = HashingVocabulary(n_buckets=30, unk_token="olbfmjqn")
    assert as_lists(same_hash.transform([["fomlonrv", "olbfmjqn"]])) == [
        [crc32_id("fomlonrv", 30), UNK_ID]
    ]


@pytest.mark.parametrize(
    "bad, error, message",
    [
        (None, ValueError, "document 2 is None; expected a list of tokens"),
        (float("nan"), ValueError, "document 2 is nan"),
        (3, TypeError, "document 2 is int"),
        ("天气", TypeError, "document 2 is str .* not a list of tokens; tokenize"),
        (b"ok", TypeError, "document 2 is bytes"),
        (["好", None], ValueError, "document 2, token 1 is None"),
        (["好", float("nan")], ValueError, "document 2, token 1 is nan"),
        (["好", 7], TypeError, "document 2, token 1 is int"),
        (["好", "天".encode("gbk")], ValueError, "document 2, token 1 is bytes that"),
    ],
)
def test_hashing_vocabulary_bad_documents_name_their_index(bad, error, message):
    X = [["好"], ["天"], bad]
    with pytest.raises(error, match=message) as expected:
        Vocabulary(min_freq=1).fit(X)
    vocab = HashingVocabulary()
    for method in ("fit", "partial_fit", "fit_transform", "transform"):
        with pytest.raises(error, match=message) as raised:
            getattr(vocab, method)(X)
        # The same words as Vocabulary's.
        assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize(
    "X, message",
    [
        ("好天气", "got a single str; tokenize the texts first"),
        (None, "got None"),
        (5, "got int"),
    ],
)
def test_hashing_vocabulary_rejects_what_is_not_a_list_of_documents(X, message):
    with pytest.raises(TypeError, match=message):
        HashingVocabulary().fit(X)
    with pytest.raises(TypeError, match=message):
        HashingVocabulary().transform(X)


def test_hashing_vocabulary_decodes_utf8_bytes_tokens_and_hashes_lone_surrogates():
    vocab = HashingVocabulary(n_buckets=1000)
    assert as_lists(vocab.transform([["好".encode(), bytearray(b"ok")]])) == as_lists(
        vocab.transform([["好", "ok"]])
    )
    # A lone surrogate (from a surrogateescape decoding) is hashed, not refused.
    assert as_lists(vocab.transform([["\udcff"]])) == [[crc32_id("\udcff", 1000)]]


def test_hashing_vocabulary_collision_rate_is_that_of_a_random_hash():
    rng = random.Random(0)
    tokens = set()
    while len(tokens) < 10_000:
        length = rng.randint(1, 4)
        tokens.add("".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(length)))
    tokens = sorted(tokens)

    def collided(n_buckets):
        ids = HashingVocabulary(n_buckets=n_buckets).transform([tokens])[0]
        return 1 - len(np.unique(ids)) / len(tokens)

    # n / (2 m) = 1.9 % expected for n = 10,000 tokens in m = 2**18 buckets.
    assert collided(2**18) < 0.02
    # Crowded buckets: 1 - (m / n) (1 - (1 - 1/m)**n) = 62.6 % expected.
    assert collided(2**12) == pytest.approx(0.626, abs=0.01)


def test_hashing_vocabulary_megabyte_document():
    rng = random.Random(0)
    words = ["好", "天气", "雨", "天", "", "<pad>"]
    document = [rng.choice(words) for _ in range(1_000_000)]
    vocab = HashingVocabulary(n_buckets=2**18)
    ids = vocab.transform([document, ["雪"]])
    assert len(ids[0]) == 1_000_000
    expected = {w: crc32_id(w, 2**18) for w in words} | {"": UNK_ID, "<pad>": PAD_ID}
    assert ids[0][:1000].tolist() == [expected[t] for t in document[:1000]]
    assert (ids[0] == PAD_ID).sum() == document.count("<pad>")
    assert ids[1].tolist() == [crc32_id("雪", 2**18)]


def test_hashing_vocabulary_get_feature_names_out_passes_names_and_tells_no_tokens():
    vocab = HashingVocabulary()
    assert not hasattr(vocab, "inverse_transform")
    with pytest.raises(ValueError, match="cannot tell the token behind an id"):
        vocab.get_feature_names_out()
    names = vocab.get_feature_names_out(["text"])
    assert names.tolist() == ["text"]
    assert names.dtype == object

    model = make_pipeline(
        TextTokenizer(), HashingVocabulary(n_buckets=10), SequencePadder(maxlen=2)
    ).fit(["a b", "c"])
    assert model.get_feature_names_out().tolist() == [
        "sequencepadder0",
        "sequencepadder1",
    ]


def test_hashing_vocabulary_column_transformer_names_the_id_columns():
    frame = pd.DataFrame(
        {"text": ["a b c", "a b", "zz"], "n": [1.0, 2.0, 3.0]}, index=[5, 6, 7]
    )
    padded = {}
    for vocab in (Vocabulary(min_freq=1), HashingVocabulary(n_buckets=16)):
        text = make_pipeline(TextTokenizer(), vocab, SequencePadder(maxlen=3))
        columns = ColumnTransformer(
            [("text", text, "text"), ("n", "passthrough", ["n"])]
        ).set_output(transform="pandas")
        padded[type(vocab)] = columns.fit_transform(frame)
    out = padded[HashingVocabulary]
    assert out.columns.tolist() == padded[Vocabulary].columns.tolist()
    assert out.columns.tolist()[:3] == [f"text__sequencepadder{i}" for i in range(3)]
    assert out.index.tolist() == [5, 6, 7]
    assert out.iloc[2].tolist() == [crc32_id("zz", 16), 0, 0, 3.0]


def test_hashing_vocabulary_output_stays_ragged_under_pandas_output():
    vocab = HashingVocabulary(n_buckets=40).set_output(transform="pandas")
    assert isinstance(vocab.transform(TOKENS), IdSequences)
    with sklearn.config_context(transform_output="pandas"):
        ids = HashingVocabulary(n_buckets=40).fit_transform(TOKENS)
    assert isinstance(ids, IdSequences)
    assert as_lists(ids) == [[crc32_id(t, 40) for t in doc] for doc in TOKENS]


def test_hashing_vocabulary_is_exported_from_the_top_level_package():
    assert sklearn_textnn.HashingVocabulary is HashingVocabulary
    assert "HashingVocabulary" in sklearn_textnn.__all__
    assert "HashingVocabulary" in sklearn_textnn.preprocessing.__all__


def test_hashing_vocabulary_feeds_a_classifier_that_checks_its_ids():
    from sklearn_textnn import TextCNNClassifier

    rng = np.random.default_rng(0)
    y = np.arange(40) % 2
    X = [
        [str(w) for w in rng.integers(0, 30, size=5)] + ["yes" if label else "no"]
        for label in y
    ]
    clf = TextCNNClassifier(
        embedding_dim=4,
        kernel_sizes=(1,),
        num_filters=4,
        max_epochs=2,
        validation_fraction=None,
        random_state=0,
    )
    model = make_pipeline(
        HashingVocabulary(n_buckets=64), SequencePadder(maxlen=6), clf
    ).fit(X, y)
    assert clf.n_embeddings_ == 66
    assert model.predict(X).shape == (40,)

    other = SequencePadder(maxlen=6).fit_transform(
        HashingVocabulary(n_buckets=128).transform(X)
    )
    with pytest.raises(ValueError, match="another vocabulary"):
        clf.predict(other)

    pretrained = clone(clf).set_params(pretrained_vectors={"yes": [0.1, 0.2]})
    ids = SequencePadder(maxlen=6).fit_transform(HashingVocabulary().transform(X))
    with pytest.raises(ValueError, match="cannot tell the token behind an id"):
        pretrained.fit(ids, y)
