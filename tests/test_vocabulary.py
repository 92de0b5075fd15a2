import pickle
import random

import numpy as np
import pytest
import sklearn
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_textnn.preprocessing import (
    PAD_ID,
    UNK_ID,
    IdSequences,
    SequencePadder,
    TokenIdArray,
    Vocabulary,
)

# "好" 3 times in 3 documents, "天" 3 times in 2, "天气" and "雨" once.
TOKENS = [["好", "天气", "天"], ["好", "天", "天"], ["雨", "好"]]


def as_lists(id_sequences):
    return [ids.tolist() for ids in id_sequences]


def test_vocabulary_reserves_ids_0_and_1_and_orders_by_frequency_then_token():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    assert (PAD_ID, UNK_ID) == (0, 1)
    # "天" and "好" tie at 3 and are ordered by the token; so are "天气" and "雨".
    assert vocab.vocabulary_ == {
        "<pad>": 0,
        "<unk>": 1,
        "天": 2,
        "好": 3,
        "天气": 4,
        "雨": 5,
    }
    assert vocab.counts_.tolist() == [0, 0, 3, 3, 1, 1]
    assert vocab.counts_.dtype == np.int64
    assert vocab.n_tokens_ == 6
    assert vocab.n_dropped_ == 0


def test_vocabulary_does_not_depend_on_the_order_of_documents_or_tokens():
    rng = random.Random(0)
    expected = Vocabulary(min_freq=1).fit(TOKENS).vocabulary_
    for _ in range(5):
        shuffled = [rng.sample(tokens, len(tokens)) for tokens in TOKENS]
        rng.shuffle(shuffled)
        assert Vocabulary(min_freq=1).fit(shuffled).vocabulary_ == expected


def test_vocabulary_min_freq_int_counts_occurrences():
    vocab = Vocabulary(min_freq=2).fit(TOKENS)
    assert list(vocab.vocabulary_) == ["<pad>", "<unk>", "天", "好"]
    assert vocab.n_dropped_ == 2
    assert as_lists(vocab.transform([["雨", "好", "天"]])) == [[1, 3, 2]]


def test_vocabulary_min_freq_float_is_a_proportion_of_documents():
    # "天" occurs 3 times but in only 2 of the 3 documents; "好" is in all 3.
    assert list(Vocabulary(min_freq=1.0).fit(TOKENS).vocabulary_) == [
        "<pad>",
        "<unk>",
        "好",
    ]
    assert list(Vocabulary(min_freq=0.6).fit(TOKENS).vocabulary_) == [
        "<pad>",
        "<unk>",
        "天",
        "好",
    ]
    # A token in exactly 30 % of the documents is kept at min_freq=0.3, although
    # 0.3 * 10 is 3.0000000000000004 in floating point.
    docs = [["a"]] * 3 + [["b"]] * 7
    assert list(Vocabulary(min_freq=0.3).fit(docs).vocabulary_) == [
        "<pad>",
        "<unk>",
        "b",
        "a",
    ]
    assert list(Vocabulary(min_freq=0.31).fit(docs).vocabulary_) == [
        "<pad>",
        "<unk>",
        "b",
    ]


def test_vocabulary_max_size_keeps_the_most_frequent_tokens():
    vocab = Vocabulary(max_size=3, min_freq=1).fit(TOKENS)
    assert list(vocab.vocabulary_) == ["<pad>", "<unk>", "天", "好", "天气"]
    assert vocab.n_tokens_ == 5
    assert vocab.n_dropped_ == 1
    vocab = Vocabulary(max_size=3, min_freq=2).fit(TOKENS)
    assert list(vocab.vocabulary_) == ["<pad>", "<unk>", "天", "好"]


def test_vocabulary_custom_reserved_tokens():
    vocab = Vocabulary(min_freq=1, pad_token="[PAD]", unk_token="[UNK]").fit(TOKENS)
    assert list(vocab.vocabulary_)[:2] == ["[PAD]", "[UNK]"]
    assert vocab.inverse_transform([[3, 1, 0]]) == [["好", "[UNK]"]]


def test_vocabulary_training_token_equal_to_a_reserved_token_gets_no_new_id():
    vocab = Vocabulary(min_freq=1).fit([["<unk>", "好", "<pad>"]])
    assert vocab.vocabulary_ == {"<pad>": 0, "<unk>": 1, "好": 2}


def test_vocabulary_transform_maps_unknown_tokens_to_1():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    ids = vocab.transform([["好", "雪", "天"], [], ["雪", "风", "霜"]])
    assert isinstance(ids, IdSequences)
    assert ids.vocabulary is vocab
    assert as_lists(ids) == [[3, 1, 2], [], [1, 1, 1]]
    assert all(a.dtype == np.int64 for a in ids)
    assert vocab.transform([]) == []


def test_vocabulary_inverse_transform_lists_and_padded_matrices():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    ids = vocab.transform([["好", "雪", "天"], [], ["雨"]])
    expected = [["好", "<unk>", "天"], [], ["雨"]]
    assert vocab.inverse_transform(ids) == expected
    assert vocab.inverse_transform([[3, 1, 2], [], [5]]) == expected
    padded = SequencePadder(maxlen=4).fit_transform(ids)
    assert isinstance(padded, TokenIdArray)
    assert vocab.inverse_transform(padded) == expected
    assert vocab.inverse_transform(np.asarray(padded)) == expected
    # Pre-padding is left out as well.
    assert vocab.inverse_transform(np.array([[0, 0, 3, 2]])) == [["好", "天"]]


def test_vocabulary_inverse_transform_rejects_ids_out_of_range():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    with pytest.raises(ValueError, match="document 1 has id 6, but the vocabulary"):
        vocab.inverse_transform([[2], [3, 6]])
    with pytest.raises(ValueError, match="document 1 has a negative id"):
        vocab.inverse_transform([[2], [-1]])


def test_vocabulary_get_feature_names_out_lists_the_tokens_in_id_order():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    names = vocab.get_feature_names_out()
    assert names.tolist() == ["<pad>", "<unk>", "天", "好", "天气", "雨"]
    assert names.dtype == object
    names[2] = "changed"
    assert vocab.get_feature_names_out()[2] == "天"


def test_vocabulary_empty_after_thresholding_raises_naming_min_freq():
    with pytest.raises(ValueError, match=r"vocabulary is empty.*min_freq=4"):
        Vocabulary(min_freq=4).fit(TOKENS)
    with pytest.raises(ValueError, match=r"min_freq=1\.0.*every document is empty"):
        Vocabulary(min_freq=1.0).fit([[], []])
    with pytest.raises(ValueError, match="on 0 documents"):
        Vocabulary(min_freq=1).fit([])


def test_vocabulary_clone_pickle_and_joblib_in_a_fresh_process(
    transform_in_fresh_process,
):
    vocab = Vocabulary(min_freq=2, pad_token="[PAD]").fit(TOKENS)
    X = [["好", "雪", "天"], [], ["雨"]]
    expected = as_lists(vocab.transform(X))
    assert expected == [[3, 1, 2], [], [1]]

    cloned = clone(vocab)
    assert cloned.get_params() == vocab.get_params()
    assert not hasattr(cloned, "vocabulary_")
    assert as_lists(cloned.fit(TOKENS).transform(X)) == expected
    restored = pickle.loads(pickle.dumps(vocab))
    assert as_lists(restored.transform(X)) == expected
    assert restored.inverse_transform([[3, 1, 0]]) == [["好", "<unk>"]]

    fresh = transform_in_fresh_process(vocab, X)
    for ids in (fresh.from_pickle, fresh.from_joblib):
        assert as_lists(ids) == expected
        assert ids.vocabulary.vocabulary_ == vocab.vocabulary_
    assert fresh.stderr == ""


def test_vocabulary_refit_gives_the_same_result():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    first = (dict(vocab.vocabulary_), vocab.counts_.copy())
    vocab.fit([["别的", "词"]])
    assert vocab.vocabulary_ == {"<pad>": 0, "<unk>": 1, "别的": 2, "词": 3}
    vocab.fit(TOKENS)
    assert vocab.vocabulary_ == first[0]
    assert vocab.counts_.tolist() == first[1].tolist()
    assert vocab.inverse_transform([[2, 3]]) == [["天", "好"]]


@pytest.mark.parametrize(
    "method, args", [("transform", [TOKENS]), ("inverse_transform", [[[2]]])]
)
def test_vocabulary_use_before_fit_raises(method, args):
    with pytest.raises(NotFittedError):
        getattr(Vocabulary(), method)(*args)
    with pytest.raises(NotFittedError):
        Vocabulary().get_feature_names_out()


def test_vocabulary_set_params_changes_the_output():
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    assert as_lists(vocab.transform([["雨"]])) == [[5]]
    vocab.set_params(min_freq=2).fit(TOKENS)
    assert as_lists(vocab.transform([["雨"]])) == [[1]]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"min_freq": 0}, "min_freq"),
        ({"min_freq": -1}, "min_freq"),
        ({"min_freq": 0.0}, "min_freq"),
        ({"min_freq": 1.5}, "min_freq"),
        ({"min_freq": "2"}, "min_freq"),
        ({"min_freq": None}, "min_freq"),
        ({"max_size": 0}, "max_size"),
        ({"max_size": 2.5}, "max_size"),
        ({"pad_token": None}, "pad_token"),
        ({"unk_token": 1}, "unk_token"),
        ({"pad_token": "<x>", "unk_token": "<x>"}, "they must differ"),
    ],
)
def test_vocabulary_invalid_parameters_raise_at_fit(params, message):
    vocab = Vocabulary(**params)
    with pytest.raises(InvalidParameterError, match=message):
        vocab.fit(TOKENS)


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
def test_vocabulary_bad_documents_name_their_index(bad, error, message):
    X = [["好"], ["天"], bad]
    vocab = Vocabulary(min_freq=1).fit(TOKENS)
    with pytest.raises(error, match=message):
        vocab.transform(X)
    with pytest.raises(error, match=message):
        Vocabulary(min_freq=1).fit(X)


def test_vocabulary_decodes_utf8_bytes_tokens():
    vocab = Vocabulary(min_freq=1).fit([["好".encode(), b"ok"]])
    assert list(vocab.vocabulary_) == ["<pad>", "<unk>", "ok", "好"]
    assert as_lists(vocab.transform([[bytearray(b"ok"), "好"]])) == [[2, 3]]


@pytest.mark.parametrize(
    "X, message",
    [
        ("好天气", "got a single str; tokenize the texts first"),
        (None, "got None"),
        (5, "got int"),
    ],
)
def test_vocabulary_rejects_what_is_not_a_list_of_documents(X, message):
    with pytest.raises(TypeError, match=message):
        Vocabulary(min_freq=1).fit(X)
    with pytest.raises(TypeError, match=message):
        Vocabulary(min_freq=1).fit(TOKENS).transform(X)


def test_vocabulary_megabyte_document():
    rng = random.Random(0)
    words = ["好", "天气", "雨", "天"]
    document = [rng.choice(words) for _ in range(1_000_000)]
    vocab = Vocabulary(min_freq=1).fit([document])
    assert vocab.counts_.sum() == 1_000_000
    ids = vocab.transform([document, ["雪"]])
    assert len(ids[0]) == 1_000_000
    assert vocab.inverse_transform([ids[0][:5]]) == [document[:5]]
    assert ids[1].tolist() == [UNK_ID]


def test_vocabulary_output_stays_ragged_under_pandas_output():
    vocab = Vocabulary(min_freq=1).set_output(transform="pandas").fit(TOKENS)
    assert isinstance(vocab.transform(TOKENS), IdSequences)
    with sklearn.config_context(transform_output="pandas"):
        ids = Vocabulary(min_freq=1).fit_transform(TOKENS)
    assert as_lists(ids) == [[3, 4, 2], [3, 2, 2], [5, 3]]


def test_vocabulary_default_sends_tokens_seen_once_to_unknown():
    vocab = Vocabulary().fit([["好", "天", "雨"], ["好", "天"]])
    assert vocab.vocabulary_ == {"<pad>": 0, "<unk>": 1, "天": 2, "好": 3}
    assert vocab.n_dropped_ == 1
    # The training text then shows the unknown id, which unseen tokens use later.
    assert [ids.tolist() for ids in vocab.transform([["好", "雨"]])] == [[3, 1]]
