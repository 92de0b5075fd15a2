"""Tests of TextStatistics: hand-made numeric features of raw documents."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_textnn import TextStatistics

ALL_FEATURES = [
    "n_chars",
    "n_tokens",
    "digit_ratio",
    "uppercase_ratio",
    "n_punctuation",
    "has_url",
    "has_long_number",
    "has_currency",
]


def test_text_statistics_values():
    documents = [
        "FREE entry! Call 08452810075 now, win £100.",
        "see u at 4pm :)",
        "",
        "今天天气很好，我们去公园吧。",
        "Details at www.example.com or https://t.co/xyz?a=1",
    ]
    stats = TextStatistics().fit(documents)
    table = stats.transform(documents)
    assert table.dtype == np.float64
    assert table.shape == (5, 8)
    expected = {
        # 43 characters, 7 tokens, 14 digits, 5 capitals of 19 letters, "!", ","
        # and "." (the pound sign is a currency symbol, not punctuation).
        0: [43, 7, 14 / 43, 5 / 19, 3, 0, 1, 1],
        # "4pm" is one token; ":" and ")" are punctuation (category Po and Pe).
        1: [15, 4, 1 / 15, 0, 2, 0, 0, 0],
        2: [0, 0, 0, 0, 0, 0, 0, 0],
        # Han characters are not cased; Chinese commas and full stops are
        # punctuation; a run of Han characters is one \w+ token.
        3: [14, 2, 0, 0, 2, 0, 0, 0],
    }
    for row, values in expected.items():
        np.testing.assert_allclose(table[row], values, err_msg=documents[row])
    assert table[4, ALL_FEATURES.index("has_url")] == 1
    assert table[4, ALL_FEATURES.index("has_long_number")] == 0


@pytest.mark.parametrize(
    "document, has_url",
    [
        ("go to http://example.org", 1),
        ("WWW.SHOP.NET for offers", 1),
        ("visit getzed.co.uk today", 1),
        ("the end.Then more", 0),
        ("3.5 kg", 0),
    ],
)
def test_text_statistics_url_flag(document, has_url):
    stats = TextStatistics(features=["has_url"]).fit()
    assert stats.transform([document])[0, 0] == has_url


@pytest.mark.parametrize(
    "document, flags",
    [
        ("call 09061701461", (1, 0)),
        ("text 87121 to win", (1, 0)),
        ("meet at 1234", (0, 0)),
        ("only $5 or €3 or ¥2 or ₹9", (0, 1)),
        ("costs 12 pounds", (0, 0)),
    ],
)
def test_text_statistics_number_and_currency_flags(document, flags):
    stats = TextStatistics(features=["has_long_number", "has_currency"]).fit()
    assert tuple(stats.transform([document])[0]) == flags


def test_text_statistics_features_pick_and_order_the_columns():
    documents = ["Hello World 42", "ok"]
    full = TextStatistics().fit_transform(documents)
    stats = TextStatistics(features=["has_currency", "n_chars", "digit_ratio"])
    picked = stats.fit_transform(documents)
    np.testing.assert_array_equal(picked, full[:, [7, 0, 2]])
    assert stats.features_ == ["has_currency", "n_chars", "digit_ratio"]
    assert stats.get_feature_names_out().tolist() == stats.features_
    assert TextStatistics().fit().get_feature_names_out().tolist() == ALL_FEATURES


def test_text_statistics_token_pattern():
    stats = TextStatistics(features=["n_tokens"], token_pattern=r"\S+").fit()
    assert stats.transform(["a-b c,d  e"])[0, 0] == 3


def test_text_statistics_set_output_pandas_keeps_the_index():
    pd = pytest.importorskip("pandas")
    texts = pd.Series(["Win £5", "hi there"], index=[10, 20], name="text")
    stats = TextStatistics(features=["n_chars", "has_currency"])
    frame = stats.set_output(transform="pandas").fit_transform(texts)
    assert list(frame.columns) == ["n_chars", "has_currency"]
    assert list(frame.index) == [10, 20]
    assert frame.to_numpy().tolist() == [[6.0, 1.0], [8.0, 0.0]]


def test_text_statistics_in_a_column_transformer():
    pd = pytest.importorskip("pandas")
    data = pd.DataFrame({"text": ["Win £5 now", "see you"], "age": [3, 4]})
    columns = ColumnTransformer(
        [("stats", TextStatistics(features=["n_chars", "n_tokens"]), "text")],
        remainder="passthrough",
    ).set_output(transform="pandas")
    out = columns.fit_transform(data)
    assert list(out.columns) == ["stats__n_chars", "stats__n_tokens", "remainder__age"]
    assert out.to_numpy().tolist() == [[10, 3, 3], [7, 2, 4]]


def test_text_statistics_accepts_the_usual_containers():
    pd = pytest.importorskip("pandas")
    expected = TextStatistics().fit_transform(["ab 1", "C"])
    for X in (
        ("ab 1", "C"),
        np.array(["ab 1", "C"]),
        pd.Series(["ab 1", "C"]),
        pd.DataFrame({"text": ["ab 1", "C"]}),
        [b"ab 1", b"C"],
    ):
        np.testing.assert_array_equal(TextStatistics().fit_transform(X), expected)
    assert TextStatistics().fit().transform([]).shape == (0, 8)


def test_text_statistics_bad_documents(bad_documents):
    stats = TextStatistics().fit()
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        stats.transform(bad_documents.X)
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        TextStatistics().fit(bad_documents.X)


def test_text_statistics_refuses_a_single_string():
    with pytest.raises(TypeError, match="wrap it in a list"):
        TextStatistics().fit().transform("one document")


@pytest.mark.parametrize(
    "features, message",
    [
        (["n_chars", "length"], r"unknown feature\(s\) \['length'\]"),
        ([], "features is empty"),
        (["n_chars", "n_chars"], r"lists \['n_chars'\] more than once"),
    ],
)
def test_text_statistics_checks_features(features, message):
    with pytest.raises(ValueError, match=message):
        TextStatistics(features=features).fit()


def test_text_statistics_checks_parameters():
    with pytest.raises(InvalidParameterError, match="features"):
        TextStatistics(features="n_chars").fit()
    with pytest.raises(ValueError, match="not a valid regular expression"):
        TextStatistics(token_pattern="(").fit()


def test_text_statistics_unfitted():
    with pytest.raises(NotFittedError):
        TextStatistics().transform(["a"])
    with pytest.raises(NotFittedError):
        TextStatistics().get_feature_names_out()


def test_text_statistics_clone_pickle_set_params_refit():
    documents = ["Call 0800 123456 now!", "fine thanks"]
    stats = TextStatistics(features=["n_chars", "has_long_number"]).fit(documents)
    expected = stats.transform(documents)
    restored = pickle.loads(pickle.dumps(stats))
    np.testing.assert_array_equal(restored.transform(documents), expected)
    cloned = clone(stats)
    assert cloned.get_params() == stats.get_params()
    assert not hasattr(cloned, "features_")
    stats.set_params(features=["n_tokens"]).fit(documents)
    assert stats.transform(documents).tolist() == [[4.0], [2.0]]
    assert stats.get_feature_names_out().tolist() == ["n_tokens"]
