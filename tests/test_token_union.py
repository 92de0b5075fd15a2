"""Tests of TokenUnion: several tokenizations of the same documents joined."""

import pickle

import pytest
from sklearn.base import clone

from sklearn_textnn import JiebaSegmenter, TextTokenizer, TokenUnion, Vocabulary


def _union(**params):
    return TokenUnion(
        [
            ("char", TextTokenizer(level="char", ngram_range=(1, 1))),
            ("word", TextTokenizer()),
        ],
        **params,
    )


def test_token_union_joins_the_tokens_of_each_tokenizer_in_order():
    tokens = _union().fit_transform(["Hi you", "", "ok"])
    assert tokens == [
        ["char:h", "char:i", "char:y", "char:o", "char:u", "word:hi", "word:you"],
        [],
        ["char:o", "char:k", "word:ok"],
    ]
    assert _union(prefix=False).fit_transform(["ok"]) == [["o", "k", "ok"]]


def test_token_union_keeps_the_same_string_from_two_tokenizers_apart():
    union = TokenUnion(
        [
            ("char", TextTokenizer(level="char", ngram_range=(2, 2))),
            ("word", JiebaSegmenter()),
        ]
    )
    tokens = union.fit_transform(["中国人民"])[0]
    assert "char:中国" in tokens and "word:中国" in tokens
    vocabulary = Vocabulary(min_freq=1).fit([tokens])
    assert vocabulary.vocabulary_["char:中国"] != vocabulary.vocabulary_["word:中国"]


def test_token_union_parameters_reach_its_tokenizers():
    union = _union()
    params = union.get_params()
    assert params["word__ngram_range"] == "auto"
    union.set_params(word__ngram_range=(1, 2), prefix=False)
    assert union.fit_transform(["a b"])[0] == ["a", "b", "a", "a b", "b"]
    copy = clone(union)
    assert copy.get_params()["word__ngram_range"] == (1, 2)
    assert copy.tokenizers[1][1] is not union.tokenizers[1][1]
    restored = pickle.loads(pickle.dumps(union))
    assert restored.transform(["a b"]) == union.transform(["a b"])


def test_token_union_carries_the_row_labels_of_a_series():
    pd = pytest.importorskip("pandas")
    texts = pd.Series(["a b", "c"], index=[10, 20])
    assert list(_union().fit_transform(texts).row_index) == [10, 20]


@pytest.mark.parametrize(
    ("tokenizers", "error", "match"),
    [
        ([], ValueError, "tokenizers is empty"),
        ([TextTokenizer()], ValueError, r"tokenizers\[0\] is .*expected a \(name"),
        ([("a", "text")], TypeError, r"tokenizers\[0\] \('a'\) is a str"),
        (
            [("a", TextTokenizer()), ("a", TextTokenizer())],
            ValueError,
            "Names provided are not unique",
        ),
    ],
    ids=["empty", "not-a-pair", "not-a-tokenizer", "same-name"],
)
def test_token_union_refuses_bad_tokenizers(tokenizers, error, match):
    with pytest.raises(error, match=match):
        TokenUnion(tokenizers).fit(["a b"])


def test_token_union_must_be_fitted_and_names_bad_documents():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        _union().transform(["a"])
    with pytest.raises(ValueError, match="document 1 is None"):
        _union().fit(["a", None])
