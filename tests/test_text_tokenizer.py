import pickle
import re
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_textnn.preprocessing import TextTokenizer

DOCS = ["Free entry: call 08452 now!", "今天 天气，很好"]


def test_text_tokenizer_word_level_keeps_short_words_and_numbers():
    assert TextTokenizer().fit_transform(DOCS) == [
        ["free", "entry", "call", "08452", "now"],
        ["今天", "天气", "很好"],
    ]


def test_text_tokenizer_word_level_keeps_chinese_runs_whole():
    # No segmentation at word level: JiebaSegmenter is the tool for Chinese words.
    assert TextTokenizer().fit_transform(["今天天气 很好，NBA-2K 真的!"]) == [
        ["今天天气", "很好", "nba", "2k", "真的"]
    ]


def test_text_tokenizer_capturing_group_is_the_token():
    tokenizer = TextTokenizer(token_pattern=r"#(\w+)").fit([])
    assert tokenizer.transform(["#机器学习 和 #NLP"]) == [["机器学习", "nlp"]]
    assert tokenizer.pattern_ == re.compile(r"#(\w+)")


def test_text_tokenizer_char_level_adds_bigrams_by_default():
    assert TextTokenizer(level="char").fit_transform(["今天 A\n", "Ab"]) == [
        ["今", "今天", "天", "天a", "a"],
        ["a", "ab", "b"],
    ]
    unigrams = TextTokenizer(level="char", ngram_range=(1, 1))
    assert unigrams.fit_transform(["今天 A\n", "Ab"]) == [["今", "天", "a"], ["a", "b"]]


def test_text_tokenizer_char_level_drop_whitespace_and_lowercase_off():
    tokenizer = TextTokenizer(
        level="char", drop_whitespace=False, lowercase=False, ngram_range=(1, 1)
    )
    assert tokenizer.fit_transform(["今天 A\n"]) == [["今", "天", " ", "A", "\n"]]


def test_text_tokenizer_lowercase_off_at_word_level():
    assert TextTokenizer(lowercase=False).fit_transform(["NBA and nba"]) == [
        ["NBA", "and", "nba"]
    ]


def test_text_tokenizer_clone_pickle_and_joblib_in_a_fresh_process(
    transform_in_fresh_process,
):
    tokenizer = TextTokenizer(token_pattern=r"(?u)\b\w\w+\b").fit(DOCS)
    expected = tokenizer.transform(DOCS)
    assert expected == [
        ["free", "entry", "call", "08452", "now"],
        ["今天", "天气", "很好"],
    ]

    cloned = clone(tokenizer)
    assert cloned.get_params() == tokenizer.get_params()
    assert not hasattr(cloned, "pattern_")
    assert cloned.fit(DOCS).transform(DOCS) == expected
    assert pickle.loads(pickle.dumps(tokenizer)).transform(DOCS) == expected

    fresh = transform_in_fresh_process(tokenizer, DOCS)
    assert fresh.from_pickle == expected
    assert fresh.from_joblib == expected
    assert fresh.stderr == ""


def test_text_tokenizer_refit_gives_the_same_result():
    tokenizer = TextTokenizer().fit(DOCS)
    first = tokenizer.transform(DOCS)
    assert tokenizer.fit(DOCS).transform(DOCS) == first
    assert tokenizer.fit(["other text"]).transform(DOCS) == first


def test_text_tokenizer_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        TextTokenizer().transform(DOCS)


def test_text_tokenizer_set_params_changes_the_output():
    tokenizer = TextTokenizer().fit([])
    assert tokenizer.transform(["今天 天气"]) == [["今天", "天气"]]
    tokenizer.set_params(level="char", ngram_range=(1, 1)).fit([])
    assert tokenizer.transform(["今天 天气"]) == [["今", "天", "天", "气"]]
    tokenizer.set_params(level="word", token_pattern=r"\w").fit([])
    assert tokenizer.transform(["今天 天气"]) == [["今", "天", "天", "气"]]
    tokenizer.set_params(ngram_range=(2, 2)).fit([])
    assert tokenizer.transform(["今天 天气"]) == [["今 天", "天 天", "天 气"]]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"level": "sentence"}, "level"),
        ({"level": None}, "level"),
        ({"token_pattern": 3}, "token_pattern"),
        ({"token_pattern": re.compile(r"\w+")}, "token_pattern"),
        ({"token_pattern": "(unclosed"}, "not a valid regular expression"),
        ({"token_pattern": r"(\w)(\w)"}, "has 2 capturing groups"),
        ({"lowercase": "yes"}, "lowercase"),
        ({"drop_whitespace": None}, "drop_whitespace"),
        ({"ngram_range": (2, 1)}, "ngram_range=(2, 1) is not a pair"),
        ({"ngram_range": (0, 1)}, "ngram_range"),
        ({"ngram_range": "12"}, "ngram_range"),
        ({"ngram_range": (1, 2, 3)}, "ngram_range"),
        ({"ngram_range": (True, 2)}, "ngram_range"),
        ({"ngram_range": "both"}, "ngram_range"),
    ],
)
def test_text_tokenizer_invalid_parameters_raise_at_fit(params, message):
    tokenizer = TextTokenizer(**params)
    with pytest.raises(InvalidParameterError, match=re.escape(message)):
        tokenizer.fit(DOCS)


@pytest.mark.parametrize("level", ["word", "char"])
def test_text_tokenizer_bad_documents_name_their_index(bad_documents, level):
    tokenizer = TextTokenizer(level=level).fit([])
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        tokenizer.transform(bad_documents.X)
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        TextTokenizer(level=level).fit(bad_documents.X)


def test_text_tokenizer_pandas_missing_value_names_its_index():
    X = pd.Series(["好", "天气", None], dtype="string")
    with pytest.raises(ValueError, match="document 2 is <NA>"):
        TextTokenizer().fit_transform(X)


def test_text_tokenizer_decodes_utf8_bytes():
    assert TextTokenizer(level="char").fit_transform(["天气".encode(), b"OK"]) == [
        ["天", "天气", "气"],
        ["o", "ok", "k"],
    ]


@pytest.mark.parametrize("X", ["天气很好", b"OK"])
def test_text_tokenizer_rejects_a_bare_string(X):
    tokenizer = TextTokenizer().fit([])
    with pytest.raises(TypeError, match=r"got a single (str|bytes); wrap it in a list"):
        tokenizer.transform(X)


def test_text_tokenizer_rejects_none_as_the_documents():
    with pytest.raises(TypeError, match="got None"):
        TextTokenizer().fit(None).transform(None)


def test_text_tokenizer_accepts_arrays_series_and_one_column_frames():
    expected = TextTokenizer().fit_transform(DOCS)
    assert TextTokenizer().fit_transform(np.array(DOCS)) == expected
    assert TextTokenizer().fit_transform(np.array(DOCS)[:, None]) == expected
    assert TextTokenizer().fit_transform(pd.Series(DOCS)) == expected
    assert TextTokenizer().fit_transform(pd.DataFrame({"text": DOCS})) == expected


@pytest.mark.parametrize("level", ["word", "char"])
def test_text_tokenizer_empty_documents(level):
    tokenizer = TextTokenizer(level=level).fit(["", ""])
    assert tokenizer.transform(["", " \n\t", "a"]) == [[], [], ["a"]]
    assert tokenizer.transform([]) == []


def test_text_tokenizer_document_without_word_characters():
    assert TextTokenizer().fit_transform(["！？。…", "--"]) == [[], []]
    assert TextTokenizer(level="char").fit_transform(["！？"]) == [["！", "！？", "？"]]


def test_text_tokenizer_megabyte_document(megabyte_document):
    chars = TextTokenizer(level="char").fit_transform([megabyte_document])[0]
    expected = [c for c in megabyte_document.lower() if not c.isspace()]
    assert chars[::2] == expected
    assert chars[1::2] == [a + b for a, b in pairwise(expected)]
    words = TextTokenizer().fit_transform([megabyte_document])[0]
    assert words == re.findall(r"(?u)\b\w+\b", megabyte_document.lower())
    assert words[0] == "特别策划"


def test_text_tokenizer_set_output_leaves_token_lists():
    tokenizer = TextTokenizer().set_output(transform="pandas").fit([])
    assert tokenizer.transform(["a b"]) == [["a", "b"]]


def test_text_tokenizer_char_ngrams_are_interleaved_in_text_order():
    tokenizer = TextTokenizer(level="char", ngram_range=(1, 3)).fit(None)
    assert tokenizer.transform(["天 气好", "", "好"]) == [
        ["天", "天气", "天气好", "气", "气好", "好"],
        [],
        ["好"],
    ]
    bigrams = TextTokenizer(level="char", ngram_range=(2, 2)).fit(None)
    assert bigrams.transform(["天气好", "好"]) == [["天气", "气好"], []]


def test_text_tokenizer_word_ngrams_are_joined_by_a_space():
    tokenizer = TextTokenizer(ngram_range=(1, 2)).fit(None)
    assert tokenizer.transform(["Call now, FREE!"]) == [
        ["call", "call now", "now", "now free", "free"]
    ]


def test_text_tokenizer_ngrams_keep_the_pandas_row_labels():
    X = pd.Series(["ab", "cd"], index=[7, 3])
    tokens = TextTokenizer(level="char", ngram_range=(1, 2)).fit_transform(X)
    assert tokens == [["a", "ab", "b"], ["c", "cd", "d"]]
    assert list(tokens.row_index) == [7, 3]
