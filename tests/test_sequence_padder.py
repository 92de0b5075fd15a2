import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_textnn.preprocessing import SequencePadder, TokenIdArray, Vocabulary

IDS = [[5, 6, 7], [8], [2, 3, 4, 9]]


def test_sequence_padder_maxlen_int_gives_an_int64_matrix():
    padder = SequencePadder(maxlen=3).fit(IDS)
    out = padder.transform(IDS)
    assert type(out) is np.ndarray
    assert out.dtype == np.int64
    assert out.shape == (3, 3)
    assert out.tolist() == [[5, 6, 7], [8, 0, 0], [2, 3, 4]]
    assert padder.maxlen_ == 3
    assert padder.n_truncated_ == 1


def test_sequence_padder_learns_the_longest_length_with_percentile_100():
    padder = SequencePadder(percentile=100).fit(IDS)
    assert padder.maxlen_ == 4
    assert padder.n_truncated_ == 0
    assert padder.transform([[1] * 10]).tolist() == [[1, 1, 1, 1]]


def test_sequence_padder_learns_a_percentile_of_the_lengths():
    lengths = list(range(1, 101))
    docs = [[2] * n for n in lengths]
    assert SequencePadder(percentile=50).fit(docs).maxlen_ == 51
    assert SequencePadder(percentile=90).fit(docs).maxlen_ == 91
    assert SequencePadder().fit(docs).maxlen_ == 100
    padder = SequencePadder(percentile=50).fit(docs)
    assert padder.n_truncated_ == 49
    # All documents empty: still one column.
    assert SequencePadder().fit([[], []]).maxlen_ == 1


@pytest.mark.parametrize(
    "padding, truncating, expected",
    [
        ("post", "post", [[5, 6, 7], [8, 0, 0], [2, 3, 4]]),
        ("pre", "post", [[5, 6, 7], [0, 0, 8], [2, 3, 4]]),
        ("post", "pre", [[5, 6, 7], [8, 0, 0], [3, 4, 9]]),
        ("pre", "pre", [[5, 6, 7], [0, 0, 8], [3, 4, 9]]),
    ],
)
def test_sequence_padder_padding_and_truncating(padding, truncating, expected):
    padder = SequencePadder(maxlen=3, padding=padding, truncating=truncating)
    assert padder.fit_transform(IDS).tolist() == expected


def test_sequence_padder_accepts_lists_arrays_and_matrices():
    padder = SequencePadder(maxlen=3).fit(IDS)
    expected = padder.transform(IDS).tolist()
    as_arrays = [np.array(ids, dtype=np.int32) for ids in IDS]
    assert padder.transform(as_arrays).tolist() == expected
    assert padder.transform(tuple(IDS)).tolist() == expected
    matrix = np.array([[5, 6, 7, 0], [8, 0, 0, 0]])
    assert padder.transform(matrix).tolist() == [[5, 6, 7], [8, 0, 0]]
    assert padder.transform(pd.Series(IDS)).tolist() == expected


def test_sequence_padder_get_feature_names_out_and_pandas_output():
    padder = SequencePadder(maxlen=3).fit(IDS)
    names = padder.get_feature_names_out()
    assert names.tolist() == ["sequencepadder0", "sequencepadder1", "sequencepadder2"]
    frame = padder.set_output(transform="pandas").transform(IDS)
    assert isinstance(frame, pd.DataFrame)
    assert frame.columns.tolist() == names.tolist()
    assert (frame.dtypes == np.int64).all()
    assert frame.to_numpy().tolist() == [[5, 6, 7], [8, 0, 0], [2, 3, 4]]


def test_sequence_padder_output_carries_the_vocabulary_of_its_input():
    vocab = Vocabulary(min_freq=1).fit([["好", "天"], ["雨"], ["好"]])
    ids = vocab.transform([["好", "天"], ["雨"], ["雪", "好", "天"]])
    out = SequencePadder(maxlen=2).fit_transform(ids)
    assert isinstance(out, TokenIdArray)
    assert out.vocabulary is vocab
    assert out.dtype == np.int64
    assert out.tolist() == [[2, 3], [4, 0], [1, 2]]
    # Row slicing, as cross-validation does, keeps it.
    assert out[1:].vocabulary is vocab
    assert out[[0, 2]].vocabulary is vocab
    assert out[np.array([True, False, True])].vocabulary is vocab
    restored = pickle.loads(pickle.dumps(out[1:]))
    assert restored.vocabulary.vocabulary_ == vocab.vocabulary_
    assert restored.tolist() == [[4, 0], [1, 2]]
    # Without a vocabulary behind the input the output is a plain array.
    assert type(SequencePadder(maxlen=2).fit_transform([[2, 3]])) is np.ndarray


def test_sequence_padder_clone_pickle_and_joblib_in_a_fresh_process(
    transform_in_fresh_process,
):
    vocab = Vocabulary(min_freq=1).fit([["好", "天"], ["雨"]])
    X = vocab.transform([["好", "天"], ["雨"], [], ["雪", "好", "天"]])
    padder = SequencePadder(percentile=100, padding="pre").fit(X)
    expected = padder.transform(X)
    assert expected.tolist() == [[0, 3, 2], [0, 0, 4], [0, 0, 0], [1, 3, 2]]

    cloned = clone(padder)
    assert cloned.get_params() == padder.get_params()
    assert not hasattr(cloned, "maxlen_")
    np.testing.assert_array_equal(cloned.fit(X).transform(X), expected)
    np.testing.assert_array_equal(
        pickle.loads(pickle.dumps(padder)).transform(X), expected
    )

    fresh = transform_in_fresh_process(padder, X)
    for out in (fresh.from_pickle, fresh.from_joblib):
        assert isinstance(out, TokenIdArray)
        np.testing.assert_array_equal(out, expected)
        assert out.vocabulary.vocabulary_ == vocab.vocabulary_
    assert fresh.stderr == ""


def test_sequence_padder_refit_gives_the_same_result():
    padder = SequencePadder(percentile=100).fit(IDS)
    first = padder.transform(IDS)
    padder.fit([[1] * 20])
    assert padder.maxlen_ == 20
    padder.fit(IDS)
    assert padder.maxlen_ == 4
    np.testing.assert_array_equal(padder.transform(IDS), first)


def test_sequence_padder_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        SequencePadder().transform(IDS)
    with pytest.raises(NotFittedError):
        SequencePadder().get_feature_names_out()


def test_sequence_padder_set_params_changes_the_output():
    padder = SequencePadder(maxlen=2).fit(IDS)
    assert padder.transform(IDS).shape == (3, 2)
    padder.set_params(maxlen=None, percentile=100).fit(IDS)
    assert padder.transform(IDS).shape == (3, 4)
    padder.set_params(padding="pre").fit(IDS)
    assert padder.transform([[8]]).tolist() == [[0, 0, 0, 8]]


@pytest.mark.parametrize(
    "params",
    [
        {"maxlen": 0},
        {"maxlen": 2.5},
        {"maxlen": "10"},
        {"percentile": 0},
        {"percentile": 101},
        {"percentile": None},
        {"padding": "left"},
        {"truncating": "middle"},
    ],
)
def test_sequence_padder_invalid_parameters_raise_at_fit(params):
    padder = SequencePadder(**params)
    with pytest.raises(InvalidParameterError, match=next(iter(params))):
        padder.fit(IDS)


@pytest.mark.parametrize(
    "bad, error, message",
    [
        (None, ValueError, "document 2 is None; expected a sequence of integer ids"),
        (float("nan"), ValueError, "document 2 is nan"),
        (3, TypeError, "document 2 is int"),
        ("好", TypeError, "document 2 is str .* map the tokens to ids first"),
        (b"ok", TypeError, "document 2 is bytes"),
        (["好", "天"], TypeError, "document 2, position 0 is '好'"),
        ([2, float("nan")], TypeError, "document 2, position 1 is nan"),
        ([2, 1.5], TypeError, "document 2, position 1 is 1.5"),
        ([2, True], TypeError, "document 2, position 1 is True"),
        ([2, -1], ValueError, r"document 2 has a negative id \(-1\)"),
        (np.array([2.0, 3.0]), TypeError, "document 2 has dtype float64"),
    ],
)
def test_sequence_padder_bad_documents_name_their_index(bad, error, message):
    X = [[2], [3, 4], bad]
    padder = SequencePadder(maxlen=2).fit(IDS)
    with pytest.raises(error, match=message):
        padder.transform(X)
    with pytest.raises(error, match=message):
        SequencePadder().fit(X)


@pytest.mark.parametrize(
    "X, message",
    [
        ("好天气", "got a single str; map the tokens to ids first"),
        (None, "got None"),
        (5, "got int"),
    ],
)
def test_sequence_padder_rejects_what_is_not_a_list_of_documents(X, message):
    with pytest.raises(TypeError, match=message):
        SequencePadder().fit(X)
    with pytest.raises(TypeError, match=message):
        SequencePadder(maxlen=2).fit(IDS).transform(X)


def test_sequence_padder_empty_documents_and_no_documents():
    padder = SequencePadder(maxlen=2).fit([[], [3]])
    assert padder.transform([[], [4], []]).tolist() == [[0, 0], [4, 0], [0, 0]]
    empty = padder.transform([])
    assert empty.shape == (0, 2)
    assert empty.dtype == np.int64
    with pytest.raises(ValueError, match="on 0 documents"):
        SequencePadder().fit([])


def test_sequence_padder_document_of_unknown_tokens_keeps_its_length():
    vocab = Vocabulary(min_freq=1).fit([["好", "天"]])
    ids = vocab.transform([["雪", "风", "霜"], ["好"]])
    out = SequencePadder(maxlen=4).fit_transform(ids)
    assert out.tolist() == [[1, 1, 1, 0], [3, 0, 0, 0]]
    assert vocab.inverse_transform(out) == [["<unk>"] * 3, ["好"]]


def test_sequence_padder_megabyte_document():
    long = np.arange(2, 1_000_002, dtype=np.int64)
    padder = SequencePadder(percentile=100).fit([long, [5]])
    assert padder.maxlen_ == 1_000_000
    out = padder.transform([long, [5]])
    assert out.shape == (2, 1_000_000)
    assert out[0, -1] == 1_000_001
    assert out[1, :2].tolist() == [5, 0]
    short = SequencePadder(maxlen=3, truncating="pre").fit([long])
    assert short.transform([long]).tolist() == [[999_999, 1_000_000, 1_000_001]]


def test_sequence_padder_warns_when_the_learned_width_dwarfs_the_median():
    # One document of 650,881 ids among short headlines.
    docs = [np.arange(650_881) % 50 + 2] + [[3] * 20] * 999
    with pytest.warns(UserWarning) as record:
        padder = SequencePadder(percentile=100).fit(docs)
    assert padder.maxlen_ == 650_881
    assert len(record) == 1
    assert record[0].filename == __file__
    assert str(record[0].message) == (
        "percentile=100 learned maxlen_=650881, more than 10 times the median "
        "document length (20; 1 of 1000 documents are longer than 10 times it): "
        "every output row will be 650881 ids wide, which makes training slow and "
        "memory-hungry. Set the width with maxlen=, or pass a lower percentile"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert SequencePadder(percentile=99).fit(docs).maxlen_ == 20
        assert SequencePadder(maxlen=650_881).fit(docs).maxlen_ == 650_881


@pytest.mark.parametrize(
    "lengths, warns",
    [
        ([1001, 100, 100, 100, 100], True),
        ([1000, 10, 10, 10, 10], False),  # not over 1,000
        ([1001, 101, 101, 101, 101], False),  # not over 10 times the median
        ([5000, 5000, 5000, 10, 10], False),  # the median is long too
    ],
)
def test_sequence_padder_warns_over_1000_and_10_times_the_median(lengths, warns):
    docs = [[2] * n for n in lengths]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        padder = SequencePadder(percentile=100).fit(docs)
    assert padder.maxlen_ == max(lengths)
    expected = f"percentile=100 learned maxlen_={max(lengths)}, more than 10 times"
    assert [str(warning.message).startswith(expected) for warning in record] == (
        [True] if warns else []
    )
