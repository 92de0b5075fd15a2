"""Documents as sequences of sentences: SentenceSplitter, nested documents through the
tokenizers and vocabularies, and SentencePadder's 3-D array."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

import sklearn_textnn
from sklearn_textnn.datasets import load_sms_spam_sample
from sklearn_textnn.preprocessing import (
    ENGLISH_ABBREVIATIONS,
    PAD_ID,
    HashingVocabulary,
    JiebaSegmenter,
    SentencePadder,
    SentenceSplitter,
    SequencePadder,
    TextTokenizer,
    TokenIdArray,
    TokenUnion,
    Vocabulary,
)


def split(text, **params):
    return SentenceSplitter(**params).transform([text])[0]


def without_whitespace(text):
    return "".join(c for c in text if not c.isspace())


def assert_no_text_lost(document, sentences):
    """The sentences are the document, in order, without the whitespace between."""
    position = 0
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        found = document.find(sentence, position)
        assert found >= 0, (sentence, document)
        assert not document[position:found].strip(), (document, sentences)
        position = found + len(sentence)
    assert not document[position:].strip()
    assert without_whitespace("".join(sentences)) == without_whitespace(document)


# ------------------------------------------------------------------ SentenceSplitter
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "今天天气很好。我们去公园吧！真的吗？",
            ["今天天气很好。", "我们去公园吧！", "真的吗？"],
        ),
        ("先这样；再那样", ["先这样；", "再那样"]),
        ("然后走了……真的吗？？是的", ["然后走了……", "真的吗？？", "是的"]),
        ("他说：“你好。”我说：“再见！”", ["他说：“你好。”", "我说：“再见！”"]),
        (
            "「走吧。」『好。』（完。）《书》。尾",
            ["「走吧。」", "『好。』", "（完。）", "《书》。", "尾"],
        ),
        (
            "很好!明天也好?后天;大后天.再后天",
            ["很好!", "明天也好?", "后天;", "大后天.", "再后天"],
        ),
        ("Hello!我是中国人。", ["Hello!", "我是中国人。"]),
        ("你好!“我来了”", ["你好!", "“我来了”"]),
        # A full stop after a Latin letter or a digit, and inside a number, stays.
        (
            "美国U.S.政府宣布3.5亿美元。他来了",
            ["美国U.S.政府宣布3.5亿美元。", "他来了"],
        ),
        ("３．１４亿。好", ["３．１４亿。", "好"]),
        # An ASCII quote after a mark opens the next sentence when a word follows.
        ('他说。"下一句"完', ["他说。", '"下一句"完']),
    ],
)
def test_sentence_splitter_chinese_rules(text, expected):
    assert split(text) == expected
    assert_no_text_lost(text, expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Smith met Dr. Jones. They talked.",
            ["Mr. Smith met Dr. Jones.", "They talked."],
        ),
        ("Pi is 3.14. It is irrational.", ["Pi is 3.14.", "It is irrational."]),
        ("Apples, etc. Are fruit. E.g. this", ["Apples, etc. Are fruit.", "E.g. this"]),
        ("E.g. this one. Next", ["E.g. this one.", "Next"]),
        (
            "J. K. Rowling wrote it. The U.S. Army won.",
            ["J. K. Rowling wrote it.", "The U.S. Army won."],
        ),
        ("So did I. We left.", ["So did I.", "We left."]),
        (
            "He said \"Stop.\" Then he left. (See above.) 'Fine.' OK",
            ['He said "Stop."', "Then he left.", "(See above.)", "'Fine.'", "OK"],
        ),
        ('Done. "Next one." Last', ["Done.", '"Next one."', "Last"]),
        ("Really?! Yes. No way... Then", ["Really?!", "Yes.", "No way...", "Then"]),
        # No upper-case letter, digit or quote after the mark: no new sentence.
        ("Wait... what? no. ok", ["Wait... what? no. ok"]),
        (
            "Visit www.example.com/a.php?id=3 now. OK",
            ["Visit www.example.com/a.php?id=3 now.", "OK"],
        ),
        ("It cost 5. 2 left.", ["It cost 5.", "2 left."]),
        (
            "1. Open the box. 2. Take it out. Chapter 1. The end.",
            ["1. Open the box.", "2. Take it out.", "Chapter 1.", "The end."],
        ),
        # ';' ends a sentence before an upper-case letter (as in Chinese text).
        ("I came; I saw; and left", ["I came;", "I saw; and left"]),
    ],
)
def test_sentence_splitter_english_rules(text, expected):
    assert split(text) == expected
    assert_no_text_lost(text, expected)


def test_sentence_splitter_abbreviations_parameter():
    text = "Capt. Kirk met Mr. Spock. E.g. This."
    assert split(text) == ["Capt.", "Kirk met Mr. Spock.", "E.g. This."]
    # Only the given abbreviations; an upper-case first letter matches as well.
    assert split(text, abbreviations=("capt.", "e.g.")) == [
        "Capt. Kirk met Mr.",
        "Spock.",
        "E.g. This.",
    ]
    assert split(text, abbreviations=()) == [
        "Capt.",
        "Kirk met Mr.",
        "Spock.",
        "E.g.",
        "This.",
    ]
    extended = SentenceSplitter(abbreviations=(*ENGLISH_ABBREVIATIONS, "Capt."))
    assert extended.transform([text]) == [["Capt. Kirk met Mr. Spock.", "E.g. This."]]
    assert "etc." in ENGLISH_ABBREVIATIONS and "Mr." in ENGLISH_ABBREVIATIONS


@pytest.mark.parametrize("bad", ["Dr", ".", 3, None])
def test_sentence_splitter_refuses_bad_abbreviations(bad):
    message = r"abbreviations\[1\] is .*final full stop"
    splitter = SentenceSplitter(abbreviations=["Mr.", bad])
    with pytest.raises(InvalidParameterError, match=message):
        splitter.fit(["x"])
    with pytest.raises(InvalidParameterError, match=message):
        splitter.transform(["x"])
    with pytest.raises(InvalidParameterError, match="abbreviations"):
        SentenceSplitter(abbreviations="Dr.").transform(["x"])


def test_sentence_splitter_language():
    text = "你好! 我是; abc. Def e.g. x"
    assert split(text) == ["你好!", "我是; abc.", "Def e.g. x"]
    # Chinese: whitespace after a mark is enough.
    assert split(text, language="zh") == ["你好!", "我是;", "abc.", "Def e.g. x"]
    # English: no ';', and no rule of a Chinese character after a mark.
    assert split(text, language="en") == ["你好! 我是; abc.", "Def e.g. x"]
    assert split("你好!我来", language="en") == ["你好!我来"]
    # The full-width marks end a sentence in every language.
    for language in ("auto", "zh", "en"):
        assert split("今天。明天；后天", language=language) == [
            "今天。",
            "明天；",
            "后天",
        ]
    with pytest.raises(InvalidParameterError, match="language"):
        SentenceSplitter(language="fr").transform(["x"])


def test_sentence_splitter_newlines():
    text = "Title\nFirst line. Second\r\n\r\n  third  \n"
    assert split(text) == ["Title", "First line.", "Second", "third"]
    assert split(text, split_on_newlines=False) == [
        "Title\nFirst line.",
        "Second\r\n\r\n  third",
    ]
    assert split("标题\n正文第一句。第二句") == ["标题", "正文第一句。", "第二句"]


def test_sentence_splitter_keeps_empty_documents_and_unmarked_ones():
    out = SentenceSplitter().transform(["", "  \n\t ", "no mark at all", "一句话"])
    assert out == [[], [], ["no mark at all"], ["一句话"]]


def test_sentence_splitter_loses_no_text_of_the_bundled_samples(thucnews):
    headlines = thucnews.data
    # Documents of several headlines, joined as running text would join them.
    chinese = ["。".join(headlines[i : i + 7]) for i in range(0, 2100, 7)]
    mixed = [" ".join(headlines[i : i + 3]) + "\n" for i in range(0, 300, 3)]
    english = load_sms_spam_sample().data
    splitter = SentenceSplitter()
    for documents in (headlines, chinese, mixed, english):
        out = splitter.transform(documents)
        assert len(out) == len(documents)
        for document, sentences in zip(documents, out):
            assert_no_text_lost(document, sentences)
    # The joined headlines are split where they were joined, and more.
    assert all(len(s) >= 7 for s in splitter.transform(chinese))
    assert sum(map(len, splitter.transform(english))) > 1.5 * len(english)


def test_sentence_splitter_cuts_a_100000_character_sentence():
    long_run = "长" * 100_000
    out = split(long_run, max_sentence_length=1000)
    assert len(out) == 100
    assert all(len(piece) == 1000 for piece in out)
    assert "".join(out) == long_run
    # At the last space or pause of the second half, when there is one.
    spaced = " ".join(["word"] * 25_000)  # 124,999 characters, no mark
    out = split(spaced, max_sentence_length=1000)
    assert max(map(len, out)) <= 1000
    assert all(piece.endswith("word") for piece in out)
    assert_no_text_lost(spaced, out)
    assert split("今天天气很好，我们去公园散步吧", max_sentence_length=8) == [
        "今天天气很好，",
        "我们去公园散步吧",
    ]
    # A sentence within the length is left alone, and no length cuts nothing.
    assert split("短句。长长长长长长", max_sentence_length=6) == [
        "短句。",
        "长长长长长长",
    ]
    assert split(long_run) == [long_run]


def test_sentence_splitter_bad_documents_name_their_index(bad_documents):
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        SentenceSplitter().transform(bad_documents.X)
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        SentenceSplitter().fit(bad_documents.X)
    with pytest.raises(TypeError, match="got a single str"):
        SentenceSplitter().transform("今天。明天。")


def test_sentence_splitter_is_stateless_and_takes_the_usual_containers():
    splitter = SentenceSplitter()
    expected = [["a.", "B."], ["c"]]
    assert splitter.transform(["a. B.", "c"]) == expected
    assert splitter.fit() is splitter
    assert splitter.fit_transform(np.array(["a. B.", "c"])) == expected
    series = pd.Series(["a. B.", "c"], index=[10, 20])
    out = splitter.transform(series)
    assert out == expected
    assert out.row_index.tolist() == [10, 20]
    assert splitter.transform(pd.DataFrame({"text": ["a. B.", "c"]})) == expected


# ------------------------------------------------------- nested tokenizers and vocab
SENTENCES = [["Good service. Fast!", "would buy again"], [], ("Broken.",)]


def test_text_tokenizer_keeps_the_sentences_of_each_document():
    tokenizer = TextTokenizer().fit(SENTENCES)
    assert tokenizer.transform(SENTENCES) == [
        [["good", "service", "fast"], ["would", "buy", "again"]],
        [],
        [["broken"]],
    ]
    # Each sentence as a flat document would give, n-grams never across two.
    char = TextTokenizer(level="char").fit()
    nested = char.transform([["今天", "天气"]])
    assert nested == [char.transform(["今天", "天气"])]
    assert nested == [[["今", "今天", "天"], ["天", "天气", "气"]]]
    as_array = char.transform(pd.Series([np.array(["今天", "天气"], dtype=object)]))
    assert as_array == nested


def test_jieba_segmenter_and_token_union_keep_the_sentences():
    documents = [["我爱北京。", "今天天气很好"], []]
    segmenter = JiebaSegmenter().fit(documents)
    assert segmenter.transform(documents) == [
        segmenter.transform(["我爱北京。", "今天天气很好"]),
        [],
    ]
    union = TokenUnion(
        [("char", TextTokenizer(level="char", ngram_range=(1, 1))), ("word", segmenter)]
    ).fit(documents)
    assert union.transform([["北京", "好"], []]) == [
        [["char:北", "char:京", "word:北京"], ["char:好", "word:好"]],
        [],
    ]


@pytest.mark.parametrize(
    "X, message",
    [
        (["好", "天气", ["天气"]], "document 2 is list .*a list of sentences, but "),
        ([["好"], "天气"], "document 1 is str .*but document 0 is a list of sent"),
        ([["好"], None], "document 1 is None; expected a list of sentences"),
        ([["好"], [b"\xff"]], "document 1, sentence 0 is bytes that are not valid"),
        ([["好"], ["ok", 3]], "document 1, sentence 1 is int"),
    ],
)
def test_tokenizers_name_documents_of_mixed_nesting(X, message):
    error = ValueError if "None" in message or "bytes" in message else TypeError
    for tokenizer in (TextTokenizer(), JiebaSegmenter()):
        with pytest.raises(error, match=message):
            tokenizer.fit(X)
        with pytest.raises(error, match=message):
            tokenizer.fit().transform(X)


def test_vocabulary_counts_every_sentence_and_keeps_the_nesting():
    nested = [[["a", "b"], ["a"]], [], [["c", "a"], []]]
    flat = [["a", "b"], ["a"], ["c", "a"], []]
    vocab = Vocabulary(min_freq=1).fit(nested)
    assert vocab.vocabulary_ == Vocabulary(min_freq=1).fit(flat).vocabulary_
    assert vocab.counts_.tolist() == [0, 0, 3, 1, 1]
    ids = vocab.transform([*nested, [["b", "new"]]])
    assert ids.vocabulary is vocab
    assert [[s.tolist() for s in doc] for doc in ids] == [
        [[2, 3], [2]],
        [],
        [[4, 2], []],
        [[3, 1]],
    ]
    assert all(s.dtype == np.int64 for doc in ids for s in doc)
    # Round trip: ids back to tokens, sentence by sentence.
    assert vocab.inverse_transform(vocab.transform([[["a", "b"], ["c"]]])) == [
        [["a", "b"], ["c"]]
    ]


def test_vocabulary_proportion_counts_documents_not_sentences():
    # "x" is in 2 sentences of 1 document of 3; "y" in 1 sentence of 2 documents.
    nested = [[["x"], ["x"]], [["y"]], [["y"], ["z"]]]
    vocab = Vocabulary(min_freq=0.5).fit(nested)
    assert list(vocab.vocabulary_) == ["<pad>", "<unk>", "y"]


def test_hashing_vocabulary_keeps_the_nesting():
    vocab = HashingVocabulary(n_buckets=1000)
    nested = [[["好", "天气"], []], [], [["好"]]]
    ids = vocab.fit_transform(nested)
    flat = vocab.transform([["好", "天气"], [], ["好"]])
    assert ids.vocabulary is vocab
    assert [[s.tolist() for s in doc] for doc in ids] == [
        [flat[0].tolist(), []],
        [],
        [flat[2].tolist()],
    ]
    assert [[s.tolist() for s in d] for d in vocab.transform(nested)] == [
        [[518, 30], []],
        [],
        [[518]],
    ]


@pytest.mark.parametrize(
    "X, error, message",
    [
        ([[["a"]], ["b"]], TypeError, "document 1, item 0 is str .*but document 0"),
        ([[["a"], "b"]], TypeError, "document 0, item 1 is str .*its item 0 is"),
        ([["a"], [["b"]]], TypeError, "document 1, token 0 is list .*a sentence, but"),
        ([[], [["a"]], None], ValueError, "document 2 is None; expected a list of"),
        ([[["a"]], [["b", None]]], ValueError, "document 1, sentence 0, token 1 is"),
        ([[["a"]], [["b"], 3]], TypeError, "document 1, sentence 1 is int"),
    ],
)
def test_vocabularies_name_documents_of_mixed_nesting(X, error, message):
    for vocab in (Vocabulary(min_freq=1), HashingVocabulary()):
        with pytest.raises(error, match=message):
            vocab.fit(X)
    fitted = Vocabulary(min_freq=1).fit([["a", "b"]])
    with pytest.raises(error, match=message):
        fitted.transform(X)


# -------------------------------------------------------------------- SentencePadder
DOCS = [[[5, 6], [7]], [[8, 9, 4]], [[2], [3], [4, 5, 6, 7]]]


def test_sentence_padder_set_sizes_give_an_int64_3d_array():
    padder = SentencePadder(max_sentences=2, max_tokens=3).fit(DOCS)
    out = padder.transform(DOCS)
    assert type(out) is np.ndarray
    assert out.dtype == np.int64
    assert out.shape == (3, 2, 3)
    assert out.tolist() == [
        [[5, 6, 0], [7, 0, 0]],
        [[8, 9, 4], [0, 0, 0]],
        [[2, 0, 0], [3, 0, 0]],
    ]
    assert (padder.max_sentences_, padder.max_tokens_) == (2, 3)
    assert padder.n_truncated_documents_ == 1
    assert padder.n_truncated_sentences_ == 1


def test_sentence_padder_learns_the_sizes_from_a_percentile():
    padder = SentencePadder(percentile=100).fit(DOCS)
    assert (padder.max_sentences_, padder.max_tokens_) == (3, 4)
    assert padder.n_truncated_documents_ == padder.n_truncated_sentences_ == 0
    # 100 documents of 1 to 100 sentences of 1 to 100 tokens (at most 10 x median).
    docs = [[np.full(n, 2)] * n for n in range(1, 101)]
    assert SentencePadder(percentile=50).fit(docs).max_sentences_ == 51
    assert SentencePadder(percentile=50).fit(docs).max_tokens_ == 71
    padder = SentencePadder(percentile=90).fit(docs)
    assert padder.max_sentences_ == 91
    assert padder.n_truncated_documents_ == 9
    # No sentence at all: still one row of one id.
    padder = SentencePadder().fit([[], []])
    assert (padder.max_sentences_, padder.max_tokens_) == (1, 1)
    assert padder.transform([[], [[3, 4]]]).tolist() == [[[0]], [[3]]]


@pytest.mark.parametrize(
    "padding, truncating, expected",
    [
        ("post", "post", [[[5, 6], [7, 0]], [[2, 0], [3, 0]]]),
        ("pre", "post", [[[5, 6], [0, 7]], [[0, 2], [0, 3]]]),
        ("post", "pre", [[[5, 6], [7, 0]], [[3, 0], [6, 7]]]),
        ("pre", "pre", [[[5, 6], [0, 7]], [[0, 3], [6, 7]]]),
    ],
)
def test_sentence_padder_padding_and_truncating(padding, truncating, expected):
    padder = SentencePadder(
        max_sentences=2, max_tokens=2, padding=padding, truncating=truncating
    )
    assert padder.fit_transform([DOCS[0], DOCS[2]]).tolist() == expected
    # Documents with fewer sentences are padded at the same end as sentences.
    first_row = 1 if padding == "pre" else 0
    assert padder.transform([[[8]]])[0, first_row].tolist() == (
        [0, 8] if padding == "pre" else [8, 0]
    )


def test_sentence_padder_caps_a_1000_times_outlier_and_warns():
    # 99 documents of 2 sentences and one of 2,000; 99 sentences of 3 tokens and one
    # of 3,000.
    docs = [[[2, 3, 4]] * 2] * 98 + [[[2] * 3000, [5, 6, 7]]] + [[[2, 3]] * 2000]
    with pytest.warns(UserWarning) as record:
        padder = SentencePadder(percentile=100).fit(docs)
    messages = [str(w.message) for w in record]
    assert len(messages) == 2
    assert "max_sentences_=2000" in messages[0] and "cut to 32" in messages[0]
    assert "1 of the 100 training documents" in messages[0]
    assert "max_tokens_=3000" in messages[1] and "cut to 32" in messages[1]
    assert record[0].filename == __file__
    assert (padder.max_sentences_, padder.max_tokens_) == (32, 32)
    assert padder.n_truncated_documents_ == 1
    assert padder.n_truncated_sentences_ == 1
    assert padder.transform(docs).shape == (100, 32, 32)
    # Sizes that are set are not capped, and nothing warns.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        padder = SentencePadder(max_sentences=2000, max_tokens=5).fit(docs)
        assert padder.transform(docs[-1:]).shape == (1, 2000, 5)
        # Within 10 times the median: no cap.
        SentencePadder(percentile=100).fit([[[2]] * 20] * 9 + [[[2]] * 200])


def test_sentence_padder_keeps_empty_sentences_and_documents_as_padding():
    padder = SentencePadder(max_sentences=3, max_tokens=2).fit([[[5], [], [6]]])
    out = padder.transform([[[5], [], [6]], [], [[]]])
    assert out.tolist() == [
        [[5, 0], [0, 0], [6, 0]],
        [[0, 0], [0, 0], [0, 0]],
        [[0, 0], [0, 0], [0, 0]],
    ]
    assert (out[1:] == PAD_ID).all()


def test_sentence_padder_accepts_arrays_and_a_3d_array():
    padder = SentencePadder(max_sentences=2, max_tokens=3).fit(DOCS)
    expected = padder.transform(DOCS).tolist()
    as_arrays = [[np.array(s, dtype=np.int32) for s in doc] for doc in DOCS]
    assert padder.transform(as_arrays).tolist() == expected
    assert padder.transform(tuple(tuple(doc) for doc in DOCS)).tolist() == expected
    # Its own output goes through unchanged.
    assert padder.transform(np.array(expected)).tolist() == expected
    assert padder.transform([np.zeros(0, dtype=np.int64)]).tolist() == [
        [[0, 0, 0], [0, 0, 0]]
    ]


@pytest.mark.parametrize(
    "X, error, message",
    [
        ([[5, 6, 7]], TypeError, "document 0 is one sequence of ids, not a list of s"),
        ([np.array([5, 6])], TypeError, "document 0 is one sequence of ids"),
        (np.array([[5, 6], [7, 8]]), ValueError, "X is a 2-D array .*SequencePadder"),
        ([[[5]], None], ValueError, "document 1 is None; expected a list of sentences"),
        ([[[5]], "abc"], TypeError, "document 1 is str"),
        ([[[5]], [[6], 7]], TypeError, "document 1, sentence 1 is int"),
        ([[[5]], [[6, -1]]], ValueError, "document 1, sentence 0 has a negative id"),
        ([[[5]], [[6, "a"]]], TypeError, "document 1, sentence 0, position 1 is 'a'"),
        ([[[5]], [[6, 1.5]]], TypeError, "document 1, sentence 0, position 1 is 1.5"),
        ("abc", TypeError, "got a single str"),
    ],
)
def test_sentence_padder_bad_input_names_its_position(X, error, message):
    padder = SentencePadder().fit(DOCS)
    with pytest.raises(error, match=message):
        padder.transform(X)
    with pytest.raises(error, match=message):
        SentencePadder().fit(X)


def test_flat_padder_names_nested_ids():
    ids = Vocabulary(min_freq=1).fit_transform([[["a"], ["b"]]])
    with pytest.raises(TypeError, match="padded into a 3-D array by SentencePadder"):
        SequencePadder().fit(ids)


def test_sentence_padder_errors():
    with pytest.raises(NotFittedError):
        SentencePadder().transform(DOCS)
    with pytest.raises(ValueError, match="cannot fit a SentencePadder on 0 documents"):
        SentencePadder().fit([])
    for params in (
        {"max_sentences": 0},
        {"max_tokens": 1.5},
        {"percentile": 0},
        {"padding": "both"},
        {"truncating": "middle"},
    ):
        with pytest.raises(InvalidParameterError):
            SentencePadder(**params).fit(DOCS)


def test_sentence_padder_carries_the_vocabulary():
    tokens = [[["a", "b"], ["c"]], [["b"]]]
    vocab = Vocabulary(min_freq=1).fit(tokens)
    padder = SentencePadder().fit(vocab.transform(tokens))
    out = padder.transform(vocab.transform(tokens))
    assert isinstance(out, TokenIdArray)
    assert out.vocabulary is vocab
    assert out.dtype == np.int64 and out.shape == (2, 2, 2)
    # Row slices (cross-validation) and pickles keep it; arithmetic drops it.
    assert out[1:].vocabulary is vocab
    assert pickle.loads(pickle.dumps(out)).vocabulary.vocabulary_ == vocab.vocabulary_
    assert not isinstance(out + 1, TokenIdArray)
    # The ids read back, without the rows of padding.
    assert vocab.inverse_transform(out) == [[["a", "b"], ["c"]], [["b"]]]
    hashed = HashingVocabulary(n_buckets=50).transform(tokens)
    assert padder.transform(hashed).vocabulary is hashed.vocabulary


# ------------------------------------------------------------------------ pipelines
def test_sentence_pipeline_on_the_bundled_chinese_text(thucnews):
    headlines = thucnews.data[:240]
    documents = ["。".join(headlines[i : i + 4]) + "。" for i in range(0, 240, 4)]
    documents.append("")
    pipeline = make_pipeline(
        SentenceSplitter(),
        JiebaSegmenter(),
        Vocabulary(min_freq=1),
        SentencePadder(percentile=100),
    )
    out = pipeline.fit_transform(documents)
    splitter, segmenter, vocab, padder = pipeline.named_steps.values()
    assert isinstance(out, TokenIdArray) and out.vocabulary is vocab
    sentences = splitter.transform(documents)
    assert out.shape == (61, padder.max_sentences_, padder.max_tokens_)
    assert padder.max_sentences_ == max(map(len, sentences)) >= 4
    # The rows that are not padding are the documents' sentences, in order.
    n_rows = (out != PAD_ID).any(axis=2).sum(axis=1)
    assert n_rows.tolist() == [len(s) for s in sentences]
    assert n_rows[-1] == 0
    first = segmenter.transform([sentences[0][0]])[0]
    assert vocab.inverse_transform(out[:1])[0][0] == first
    assert vocab.inverse_transform(out[:1])[0] == segmenter.transform(sentences[0])
    # A refit model gives the same array from a pickle.
    restored = pickle.loads(pickle.dumps(pipeline))
    np.testing.assert_array_equal(restored.transform(documents), out)


def test_pipeline_of_several_texts_per_sample_needs_no_splitter(thucnews):
    headlines = thucnews.data
    samples = [headlines[i : i + 1 + i % 5] for i in range(0, 200, 4)]
    pipeline = make_pipeline(
        TextTokenizer(level="char"), Vocabulary(), SentencePadder(percentile=100)
    )
    out = pipeline.fit_transform(samples)
    assert out.shape[:2] == (50, 5)
    n_rows = (out != PAD_ID).any(axis=2).sum(axis=1)
    assert n_rows.tolist() == [len(sample) for sample in samples]
    tokenizer, vocab, padder = pipeline.named_steps.values()
    tokens = tokenizer.transform([samples[1]])[0]
    expected = vocab.transform([tokens])[0]
    for row, ids in zip(out[1], expected):
        width = min(len(ids), padder.max_tokens_)
        assert row[:width].tolist() == ids[:width].tolist()


# ------------------------------------------------------------------- scikit-learn API
@pytest.mark.parametrize(
    "estimator",
    [
        SentenceSplitter(language="zh", max_sentence_length=50, abbreviations=("Dr.",)),
        SentencePadder(max_sentences=4, percentile=90.0, padding="pre"),
    ],
    ids=lambda estimator: type(estimator).__name__,
)
def test_sentence_estimators_clone_get_params_and_pickle(estimator):
    params = estimator.get_params()
    copy = clone(estimator)
    assert copy is not estimator and copy.get_params() == params
    if "padding" in params:
        copy.set_params(padding="post")
    else:
        copy.set_params(language="en")
    assert copy.get_params() != params
    assert estimator.get_params() == params
    assert repr(estimator).startswith(type(estimator).__name__ + "(")
    padder = isinstance(estimator, SentencePadder)
    X = DOCS if padder else ["一。二", "Dr. A. B"]
    fitted = clone(estimator).fit(X)
    restored = pickle.loads(pickle.dumps(fitted))
    if padder:
        np.testing.assert_array_equal(restored.transform(X), fitted.transform(X))
        assert restored.max_sentences_ == 4
        assert restored.transform(X).tolist() == [
            [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 5, 6], [0, 0, 0, 7]],
            [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 8, 9, 4]],
            [[0, 0, 0, 0], [0, 0, 0, 2], [0, 0, 0, 3], [4, 5, 6, 7]],
        ]
    else:
        expected = [["一。", "二"], ["Dr. A. B"]]
        assert restored.transform(X) == fitted.transform(X) == expected


def test_sentence_estimators_are_exported():
    for name in ("SentenceSplitter", "SentencePadder"):
        assert name in sklearn_textnn.__all__
        assert name in sklearn_textnn.preprocessing.__all__
        assert getattr(sklearn_textnn, name) is getattr(
            sklearn_textnn.preprocessing, name
        )
