import pickle

import jieba
import numpy as np
import pandas as pd
import pytest
from joblib import Parallel, parallel_config
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import RidgeClassifier
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_textnn.preprocessing import JiebaSegmenter
from sklearn_textnn.preprocessing import _jieba_segmenter as jieba_segmenter
from sklearn_textnn.preprocessing._jieba_segmenter import (
    _MAX_HAN_RUN,
    _MIN_CHARS_PARALLEL,
    _MIN_CHARS_PER_JOB,
    _get_tokenizer,
    _n_processes,
    _segment_packed,
    _split_long_runs,
    _unpack,
)

needs_rjieba = pytest.mark.skipif(
    not jieba_segmenter.rjieba_available(), reason="rjieba is not installed"
)

SENTENCE = "我来到北京清华大学"
NEW_WORD_SENTENCE = "他来到了网易杭研大厦"


def test_jieba_segmenter_segments_accurate_mode_by_default():
    segmenter = JiebaSegmenter().fit([SENTENCE])
    assert segmenter.transform([SENTENCE, "今天天气很好"]) == [
        ["我", "来到", "北京", "清华大学"],
        ["今天天气", "很", "好"],
    ]
    assert segmenter.user_words_ == ()
    assert segmenter.stop_words_ == frozenset()


@pytest.mark.parametrize(
    "cut_mode, expected",
    [
        ("accurate", ["我", "来到", "北京", "清华大学"]),
        # Every dictionary word, overlapping.
        ("full", ["我", "来到", "北京", "清华", "清华大学", "华大", "大学"]),
        # Accurate mode plus the shorter words inside the long ones.
        ("search", ["我", "来到", "北京", "清华", "华大", "大学", "清华大学"]),
    ],
)
def test_jieba_segmenter_cut_modes_differ(cut_mode, expected):
    assert JiebaSegmenter(cut_mode=cut_mode).fit_transform([SENTENCE]) == [expected]


@pytest.mark.parametrize("cut_mode", ["accurate", "search"])
def test_jieba_segmenter_hmm_finds_words_missing_from_the_dictionary(cut_mode):
    with_hmm = JiebaSegmenter(cut_mode=cut_mode, hmm=True).fit_transform(
        [NEW_WORD_SENTENCE]
    )
    without_hmm = JiebaSegmenter(cut_mode=cut_mode, hmm=False).fit_transform(
        [NEW_WORD_SENTENCE]
    )
    assert "杭研" in with_hmm[0]
    assert without_hmm == [["他", "来到", "了", "网易", "杭", "研", "大厦"]]


def test_jieba_segmenter_hmm_is_ignored_in_full_mode():
    docs = [NEW_WORD_SENTENCE, SENTENCE]
    assert JiebaSegmenter(cut_mode="full", hmm=True).fit_transform(
        docs
    ) == JiebaSegmenter(cut_mode="full", hmm=False).fit_transform(docs)


def test_jieba_segmenter_user_dict_list_keeps_a_made_up_word_whole():
    doc = ["我在喵星科技上班"]
    assert JiebaSegmenter().fit_transform(doc) == [
        ["我", "在", "喵", "星", "科技", "上班"]
    ]
    segmenter = JiebaSegmenter(user_dict=["喵星科技"]).fit(doc)
    assert segmenter.transform(doc) == [["我", "在", "喵星科技", "上班"]]
    assert segmenter.user_words_ == (("喵星科技", None, None),)
    # The word stays with its own dictionary, not with jieba's shared one.
    assert JiebaSegmenter().fit_transform(doc) == [
        ["我", "在", "喵", "星", "科技", "上班"]
    ]


def test_jieba_segmenter_user_dict_file(tmp_path):
    path = tmp_path / "user_dict.txt"
    # jieba's format, a byte-order mark and blank lines included.
    path.write_text("\ufeff喵星科技 10 nz\n\n杭研大厦 n\n", encoding="utf-8")
    segmenter = JiebaSegmenter(user_dict=path, hmm=False).fit(None)
    assert segmenter.user_words_ == (("喵星科技", 10, "nz"), ("杭研大厦", None, "n"))
    assert segmenter.transform(["我在喵星科技上班", NEW_WORD_SENTENCE]) == [
        ["我", "在", "喵星科技", "上班"],
        ["他", "来到", "了", "网易", "杭研大厦"],
    ]
    # A str path works as well as a Path.
    assert JiebaSegmenter(user_dict=str(path)).fit([]).user_words_ == (
        segmenter.user_words_
    )


def test_jieba_segmenter_user_dict_is_lowercased_with_the_text():
    doc = ["我买了iPhone十五"]
    assert JiebaSegmenter(user_dict=["iPhone十五"]).fit_transform(doc) == [
        ["我", "买", "了", "iphone十五"]
    ]
    assert JiebaSegmenter(user_dict=["iPhone十五"], lowercase=False).fit_transform(
        doc
    ) == [["我", "买", "了", "iPhone十五"]]


def test_jieba_segmenter_user_dict_errors_name_the_entry(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"user_dict=.*missing\.txt. cannot"):
        JiebaSegmenter(user_dict=str(tmp_path / "missing.txt")).fit([])
    with pytest.raises(TypeError, match="user_dict entry 1 is int"):
        JiebaSegmenter(user_dict=["喵星科技", 3]).fit([])
    path = tmp_path / "gbk.txt"
    path.write_bytes("喵星科技\n杭研大厦\n".encode() + "喵星".encode("gbk"))
    with pytest.raises(ValueError, match="is not UTF-8 \\(line 3\\)"):
        JiebaSegmenter(user_dict=path).fit([])


def test_jieba_segmenter_drop_whitespace():
    doc = ["今天 天气\n很好\t"]
    assert JiebaSegmenter().fit_transform(doc) == [["今天", "天气", "很", "好"]]
    assert JiebaSegmenter(drop_whitespace=False).fit_transform(doc) == [
        ["今天", " ", "天气", "\n", "很", "好", "\t"]
    ]


def test_jieba_segmenter_stop_words_from_a_list_or_a_file(tmp_path):
    doc = ["我爱iPhone和NBA的比赛"]
    expected = [["我", "爱", "iphone", "nba", "比赛"]]
    assert JiebaSegmenter(stop_words=["的", "和"]).fit_transform(doc) == expected
    assert JiebaSegmenter(stop_words={"的", "和"}).fit_transform(doc) == expected
    path = tmp_path / "stop_words.txt"
    path.write_text("的\n\n和\n", encoding="utf-8")
    segmenter = JiebaSegmenter(stop_words=path).fit([])
    assert segmenter.stop_words_ == frozenset({"的", "和"})
    assert segmenter.transform(doc) == expected


def test_jieba_segmenter_stop_words_are_compared_after_lowercasing():
    doc = ["我爱iPhone和NBA的比赛"]
    assert JiebaSegmenter(stop_words=["NBA"]).fit_transform(doc) == [
        ["我", "爱", "iphone", "和", "的", "比赛"]
    ]
    assert JiebaSegmenter(stop_words=["NBA"], lowercase=False).fit_transform(doc) == [
        ["我", "爱", "iPhone", "和", "的", "比赛"]
    ]


def test_jieba_segmenter_lowercases_latin_letters():
    doc = ["我爱iPhone和NBA的比赛"]
    assert JiebaSegmenter().fit_transform(doc) == [
        ["我", "爱", "iphone", "和", "nba", "的", "比赛"]
    ]
    assert JiebaSegmenter(lowercase=False).fit_transform(doc) == [
        ["我", "爱", "iPhone", "和", "NBA", "的", "比赛"]
    ]


def test_jieba_segmenter_is_quiet_and_leaves_jieba_logging_alone(capfd, monkeypatch):
    # Without cached tokenizers, jieba loads its dictionary again in this process.
    monkeypatch.setattr(jieba_segmenter, "_TOKENIZERS", {})
    level = jieba.default_logger.level
    segmenter = JiebaSegmenter(user_dict=["静默测试词"]).fit([])
    assert segmenter.transform(["静默测试词"]) == [["静默测试词"]]
    assert set(jieba_segmenter._TOKENIZERS) == {
        ("jieba", ()),
        ("jieba", (("静默测试词", None, None),)),
    }
    assert capfd.readouterr() == ("", "")
    assert jieba.default_logger.level == level


def test_jieba_segmenter_clone_pickle_and_joblib_in_a_fresh_process(
    tmp_path, transform_in_fresh_process, thucnews
):
    stop_words = tmp_path / "stop_words.txt"
    stop_words.write_text("的\n了\n", encoding="utf-8")
    segmenter = JiebaSegmenter(
        cut_mode="search", user_dict=["喵星科技"], stop_words=stop_words
    ).fit(None)
    X = ["我在喵星科技上班", *thucnews.data[:50]]
    expected = segmenter.transform(X)

    cloned = clone(segmenter)
    assert cloned.get_params() == segmenter.get_params()
    assert not hasattr(cloned, "user_words_")
    assert cloned.fit(None).transform(X) == expected
    assert pickle.loads(pickle.dumps(segmenter)).transform(X) == expected

    # The stop-word file is read at fit: the model no longer needs it.
    stop_words.unlink()
    fresh = transform_in_fresh_process(segmenter, X)
    assert fresh.from_pickle == expected
    assert fresh.from_joblib == expected
    assert expected[0] == ["我", "在", "科技", "喵星科技", "上班"]
    # Loading jieba's dictionary in the new process printed nothing.
    assert fresh.stderr == ""


def test_jieba_segmenter_refit_gives_the_same_result(tmp_path):
    docs = ["我在喵星科技上班", "我爱iPhone和NBA的比赛"]
    segmenter = JiebaSegmenter(user_dict=["喵星科技"], stop_words=["的"]).fit(docs)
    first = segmenter.transform(docs)
    assert segmenter.fit(docs).transform(docs) == first
    # A refit after other parameters reads them again.
    segmenter.set_params(user_dict=None, stop_words=None).fit(docs)
    assert segmenter.transform(docs) != first
    segmenter.set_params(user_dict=["喵星科技"], stop_words=["的"]).fit(docs)
    assert segmenter.transform(docs) == first


def test_jieba_segmenter_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        JiebaSegmenter().transform([SENTENCE])


def test_jieba_segmenter_set_params_changes_the_output():
    segmenter = JiebaSegmenter().fit([])
    assert segmenter.transform([SENTENCE]) == [["我", "来到", "北京", "清华大学"]]
    segmenter.set_params(cut_mode="full").fit([])
    assert "华大" in segmenter.transform([SENTENCE])[0]


@pytest.mark.parametrize(
    "params",
    [
        {"cut_mode": "fast"},
        {"cut_mode": None},
        {"hmm": "yes"},
        {"user_dict": 3},
        {"user_dict": {"喵星科技": 1}},
        {"drop_whitespace": None},
        {"stop_words": 3},
        {"lowercase": "no"},
        {"n_jobs": 0},
        {"n_jobs": 1.5},
        {"n_jobs": "2"},
        {"ngram_range": (2, 1)},
        {"ngram_range": (0, 2)},
        {"ngram_range": 2},
        {"ngram_range": (1, 2.0)},
    ],
)
def test_jieba_segmenter_invalid_parameters_raise_at_fit(params):
    segmenter = JiebaSegmenter(**params)
    with pytest.raises(InvalidParameterError, match=next(iter(params))):
        segmenter.fit([SENTENCE])


def test_jieba_segmenter_bad_documents_name_their_index(bad_documents):
    segmenter = JiebaSegmenter().fit([])
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        segmenter.transform(bad_documents.X)
    with pytest.raises(bad_documents.error, match=bad_documents.message):
        JiebaSegmenter().fit(bad_documents.X)


def test_jieba_segmenter_pandas_missing_value_names_its_index():
    X = pd.Series(["好", "天气", None], dtype="string")
    with pytest.raises(ValueError, match="document 2 is <NA>"):
        JiebaSegmenter().fit_transform(X)


def test_jieba_segmenter_decodes_utf8_bytes():
    segmenter = JiebaSegmenter().fit([])
    assert segmenter.transform([SENTENCE.encode("utf-8"), bytearray(b"NBA")]) == [
        ["我", "来到", "北京", "清华大学"],
        ["nba"],
    ]


@pytest.mark.parametrize("X", [SENTENCE, SENTENCE.encode("utf-8")])
def test_jieba_segmenter_rejects_a_bare_string(X):
    segmenter = JiebaSegmenter().fit([])
    with pytest.raises(TypeError, match=r"got a single (str|bytes); wrap it in a list"):
        segmenter.transform(X)


def test_jieba_segmenter_rejects_none_as_the_documents():
    segmenter = JiebaSegmenter().fit(None)
    with pytest.raises(TypeError, match="got None"):
        segmenter.transform(None)


def test_jieba_segmenter_accepts_arrays_series_and_one_column_frames():
    docs = [SENTENCE, "今天天气很好"]
    expected = JiebaSegmenter().fit_transform(docs)
    assert JiebaSegmenter().fit_transform(np.array(docs, dtype=object)) == expected
    assert JiebaSegmenter().fit_transform(pd.Series(docs)) == expected
    assert JiebaSegmenter().fit_transform(pd.DataFrame({"text": docs})) == expected
    with pytest.raises(ValueError, match="got a DataFrame with 2 columns"):
        JiebaSegmenter().fit_transform(pd.DataFrame({"a": docs, "b": docs}))


def test_jieba_segmenter_empty_documents_give_empty_token_lists():
    segmenter = JiebaSegmenter().fit(["", " "])
    assert segmenter.transform(["", "  \n", SENTENCE, ""]) == [
        [],
        [],
        ["我", "来到", "北京", "清华大学"],
        [],
    ]
    assert segmenter.transform([]) == []


def test_jieba_segmenter_keeps_unknown_words():
    # Latin nonsense and rare characters are in no dictionary, yet nothing is lost.
    assert JiebaSegmenter().fit_transform(["zxqv kbw 丨丶丿"]) == [
        ["zxqv", "kbw", "丨", "丶", "丿"]
    ]


def test_jieba_segmenter_megabyte_document(megabyte_document):
    tokens = JiebaSegmenter().fit_transform([megabyte_document])
    assert len(megabyte_document.encode("utf-8")) >= 1_000_000
    # Accurate mode partitions the text: the tokens put back give it whole.
    assert "".join(tokens[0]) == "".join(megabyte_document.lower().split())
    assert tokens[0][:4] == ["特别", "策划", "：", "高考"]


def test_jieba_segmenter_long_run_of_single_characters():
    # jieba's HMM takes quadratic time on a run of characters that its dictionary
    # leaves single: plain jieba needs over ten seconds for this one.
    doc = "的" * (50 * _MAX_HAN_RUN)
    assert JiebaSegmenter().fit_transform(["好", doc]) == [["好"], ["的"] * len(doc)]


def test_jieba_segmenter_splits_only_long_runs_of_chinese_characters():
    run = "的" * (2 * _MAX_HAN_RUN + 10)
    doc = "abc" + run + "。" + "好" * _MAX_HAN_RUN + "xyz" * _MAX_HAN_RUN
    pieces = _split_long_runs(doc)
    assert "".join(pieces) == doc
    assert [len(p) for p in pieces] == [
        3 + _MAX_HAN_RUN,
        _MAX_HAN_RUN,
        10 + 1 + _MAX_HAN_RUN + 3 * _MAX_HAN_RUN,
    ]
    assert _split_long_runs("的" * _MAX_HAN_RUN) == ["的" * _MAX_HAN_RUN]
    # Below the limit the output is jieba's own.
    short = "他来到了网易杭研大厦" * (_MAX_HAN_RUN // 10)
    assert JiebaSegmenter(lowercase=False).fit_transform([short]) == [
        _get_tokenizer(()).lcut(short)
    ]


def test_jieba_segmenter_packed_transfer_round_trips():
    segmenter = JiebaSegmenter(drop_whitespace=False).fit([])
    docs = [SENTENCE, "", "nul\x00字符 在中间", "\x00", " "]
    for chunk in (docs, docs[:2], [""], ["\x00"], [SENTENCE]):
        assert _unpack(_segment_packed(segmenter, chunk)) == segmenter._segment(chunk)


@pytest.mark.slow
def test_jieba_segmenter_n_jobs_2_gives_the_same_output_as_n_jobs_1(
    thucnews, monkeypatch
):
    # Two real worker processes on a corpus of a few seconds' work: lower the size
    # that repays their start-up, and count two cores even on a smaller machine.
    monkeypatch.setattr(jieba_segmenter, "_MIN_CHARS_PARALLEL", 2 * _MIN_CHARS_PER_JOB)
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 2)
    n_chars = sum(map(len, thucnews.data))
    corpus = thucnews.data * (2 * _MIN_CHARS_PER_JOB // n_chars + 1)
    assert _n_processes(2, corpus) == 2
    assert _n_processes(1, corpus) == 1
    assert _n_processes(2, thucnews.data) == 1

    params = {
        "user_dict": ["喵星科技"],
        "stop_words": ["的"],
        "cut_mode": "search",
        "ngram_range": (1, 2),
    }
    serial = JiebaSegmenter(n_jobs=1, **params).fit(None).transform(corpus)
    parallel = JiebaSegmenter(n_jobs=2, **params).fit(None).transform(corpus)
    assert len(parallel) == len(corpus)
    assert parallel == serial
    assert "的" not in {w for tokens in parallel for t in tokens for w in t.split()}


def _no_worker_pool(*args, **kwargs):
    raise AssertionError("JiebaSegmenter started a joblib pool")


def test_jieba_segmenter_n_jobs_2_segments_a_small_input_in_process(
    thucnews, monkeypatch
):
    # About 1.5 s of work in one process: two workers would take twice that to
    # start (a rule of 200,000 characters a process used to start them).
    corpus = thucnews.data * 7
    assert 2 * _MIN_CHARS_PER_JOB < sum(map(len, corpus)) < _MIN_CHARS_PARALLEL
    expected = JiebaSegmenter(n_jobs=1).fit(None).transform(thucnews.data)
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 2)
    monkeypatch.setattr(jieba_segmenter, "Parallel", _no_worker_pool)
    assert JiebaSegmenter(n_jobs=2).fit(None).transform(corpus) == expected * 7
    assert JiebaSegmenter(n_jobs=64).fit(None).transform(thucnews.data) == expected


def test_jieba_segmenter_n_jobs_falls_back_below_the_characters_that_repay_workers(
    monkeypatch,
):
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 4)
    below = ["字" * 1_000] * (_MIN_CHARS_PARALLEL // 1_000 - 1)
    at = ["字" * 1_000] * (_MIN_CHARS_PARALLEL // 1_000)
    assert _n_processes(2, below) == 1
    assert _n_processes(4, below) == 1
    assert _n_processes(2, at) == 2
    assert _n_processes(4, at) == 4
    # Each process gets _MIN_CHARS_PER_JOB characters at least, and a document.
    assert _n_processes(4, ["字" * _MIN_CHARS_PARALLEL]) == 1


def test_jieba_segmenter_n_jobs_is_clamped_to_the_cores(monkeypatch):
    at = ["字" * 1_000] * (_MIN_CHARS_PARALLEL // 1_000)
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 2)
    assert _n_processes(64, at) == 2
    assert _n_processes(-1, at) == 2
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 1)
    assert _n_processes(2, at) == 1
    assert _n_processes(-1, at) == 1
    # jieba holds the GIL: a thread pool would segment no faster.
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 2)
    with parallel_config(backend="threading"):
        assert _n_processes(2, at) == 1


@pytest.mark.parametrize(
    "backend",
    ["jieba", pytest.param("rjieba", marks=needs_rjieba)],
)
def test_jieba_segmenter_n_jobs_2_takes_the_parallel_path_on_a_large_input(
    thucnews, monkeypatch, backend
):
    # A large input, made by lowering the sizes that repay a pool; the pool is
    # joblib's sequential backend, so the test starts no process.
    monkeypatch.setattr(jieba_segmenter, "_MIN_CHARS_PARALLEL", 10_000)
    monkeypatch.setattr(jieba_segmenter, "_MIN_CHARS_PARALLEL_RJIEBA", 10_000)
    monkeypatch.setattr(jieba_segmenter, "_MIN_CHARS_PER_JOB", 1_000)
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 2)
    pools = []

    def sequential_pool(n_jobs, **kwargs):
        pools.append(n_jobs)
        return Parallel(n_jobs=n_jobs, backend="sequential", **kwargs)

    monkeypatch.setattr(jieba_segmenter, "Parallel", sequential_pool)
    docs = thucnews.data[:1_000]
    params = {"stop_words": ["的"], "ngram_range": (1, 2), "backend": backend}
    parallel = JiebaSegmenter(n_jobs=2, **params).fit(None).transform(docs)
    assert pools == [2]
    serial = JiebaSegmenter(n_jobs=1, **params).fit(None).transform(docs)
    assert pools == [2]
    assert parallel == serial


@pytest.mark.slow
def test_jieba_segmenter_in_grid_search_with_two_processes(thucnews):
    X, y = thucnews.data[:900], thucnews.target[:900]
    pipeline = make_pipeline(
        JiebaSegmenter(),
        FeatureHasher(input_type="string", alternate_sign=False),
        RidgeClassifier(),
    )
    search = GridSearchCV(
        pipeline,
        {
            "jiebasegmenter__cut_mode": ["accurate", "search"],
            "featurehasher__n_features": [2, 2**16],
        },
        cv=3,
        n_jobs=2,
    ).fit(X, y)
    scores = {
        (p["jiebasegmenter__cut_mode"], p["featurehasher__n_features"]): score
        for p, score in zip(
            search.cv_results_["params"], search.cv_results_["mean_test_score"]
        )
    }
    assert search.best_params_["featurehasher__n_features"] == 2**16
    assert search.best_score_ > 0.5
    # Two hashed features cannot tell 10 classes apart.
    assert scores[("accurate", 2)] < 0.3
    assert search.predict(thucnews.data[900:1000]).shape == (100,)


def test_jieba_segmenter_set_output_leaves_token_lists():
    segmenter = JiebaSegmenter().set_output(transform="pandas").fit([])
    assert segmenter.transform([SENTENCE]) == [["我", "来到", "北京", "清华大学"]]
    with pytest.raises(ValueError, match="transform='frame'"):
        segmenter.set_output(transform="frame")


def test_jieba_segmenter_word_ngrams_follow_the_text_after_stop_words():
    segmenter = JiebaSegmenter(stop_words=["来到"], ngram_range=(1, 2)).fit(None)
    assert segmenter.transform([SENTENCE, "", "北京"]) == [
        ["我", "我 北京", "北京", "北京 清华大学", "清华大学"],
        [],
        ["北京"],
    ]
    bigrams = JiebaSegmenter(ngram_range=(2, 2)).fit(None).transform([SENTENCE])
    assert bigrams == [["我 来到", "来到 北京", "北京 清华大学"]]


# ------------------------------------------------------------------ rjieba backend


@needs_rjieba
@pytest.mark.parametrize(
    "cut_mode, hmm, min_identical",
    [
        ("accurate", True, 0.99),
        ("accurate", False, 1.0),
        ("search", True, 0.99),
        ("full", True, 0.99),
    ],
)
def test_rjieba_segments_as_jieba_does(thucnews, cut_mode, hmm, min_identical):
    docs = list(thucnews.data)
    params = {"cut_mode": cut_mode, "hmm": hmm}
    expected = JiebaSegmenter(**params).fit(None).transform(docs)
    fast = JiebaSegmenter(backend="rjieba", **params).fit(None)
    got = fast.transform(docs)
    assert fast.backend_ == "rjieba"
    identical = np.mean([a == b for a, b in zip(expected, got)])
    assert identical >= min_identical, identical
    # The hyphens that jieba cuts at, and punctuation runs in full mode.
    assert fast.transform(["海淀60-90平米1-2居"]) == JiebaSegmenter(**params).fit(
        None
    ).transform(["海淀60-90平米1-2居"])


@needs_rjieba
def test_rjieba_user_dict_stop_words_and_sentences():
    doc = ["我在喵星科技上班"]
    assert JiebaSegmenter(backend="rjieba").fit_transform(doc) == [
        ["我", "在", "喵", "星", "科技", "上班"]
    ]
    segmenter = JiebaSegmenter(
        backend="rjieba", user_dict=["喵星科技 10 nz"], stop_words=["在"]
    ).fit(None)
    assert segmenter.transform(doc) == [["我", "喵星科技", "上班"]]
    # The word stays with that segmenter's own dictionary.
    assert JiebaSegmenter(backend="rjieba").fit_transform(doc)[0][2] == "喵"
    assert segmenter.transform([["我在喵星科技。", ""], []]) == [
        [["我", "喵星科技", "。"], []],
        [],
    ]
    # Full mode yields no empty tokens (jieba's own yields one at each space).
    for backend in ("jieba", "rjieba"):
        full = JiebaSegmenter(cut_mode="full", backend=backend).fit(None)
        assert full.transform(["iphone 2010年"]) == [["iphone", "2010", "年"]]


@needs_rjieba
def test_rjieba_segmenter_pickles_to_a_fresh_process(
    transform_in_fresh_process, thucnews
):
    segmenter = JiebaSegmenter(backend="auto", user_dict=["喵星科技"]).fit(None)
    assert segmenter.backend_ == "rjieba"
    X = ["我在喵星科技上班", *thucnews.data[:50]]
    expected = segmenter.transform(X)
    assert pickle.loads(pickle.dumps(segmenter)).transform(X) == expected
    fresh = transform_in_fresh_process(segmenter, X)
    assert fresh.from_pickle == fresh.from_joblib == expected
    assert fresh.stderr == ""


def test_rjieba_n_jobs_needs_a_larger_input_to_start_processes(monkeypatch):
    monkeypatch.setattr(jieba_segmenter, "available_cores", lambda: 2)
    docs = ["字" * 1_000] * (_MIN_CHARS_PARALLEL // 1_000)
    # Enough characters to repay jieba's workers, not rjieba's.
    assert _n_processes(2, docs, "jieba") == 2
    assert _n_processes(2, docs, "rjieba") == 1


def test_rjieba_missing_raises_or_falls_back(monkeypatch):
    monkeypatch.setattr(jieba_segmenter, "rjieba_available", lambda: False)
    with pytest.raises(ImportError, match=r"pip install rjieba .*backend='auto'"):
        JiebaSegmenter(backend="rjieba").fit(None)
    auto = JiebaSegmenter(backend="auto").fit(None)
    assert auto.backend_ == "jieba"
    assert auto.transform([SENTENCE]) == [["我", "来到", "北京", "清华大学"]]


def test_rjieba_model_moved_to_a_machine_without_it(monkeypatch):
    # Fitted where rjieba was installed, used where it is not.
    monkeypatch.setattr(jieba_segmenter, "rjieba_available", lambda: True)
    auto = JiebaSegmenter(backend="auto").fit(None)
    strict = JiebaSegmenter(backend="rjieba").fit(None)
    assert auto.backend_ == strict.backend_ == "rjieba"
    monkeypatch.setattr(jieba_segmenter, "rjieba_available", lambda: False)
    with pytest.warns(UserWarning, match="fitted with rjieba, which is not installed"):
        assert auto.transform([SENTENCE]) == [["我", "来到", "北京", "清华大学"]]
    with pytest.raises(ImportError, match="needs the rjieba package"):
        strict.transform([SENTENCE])


def test_rjieba_backend_parameter_is_validated():
    with pytest.raises(InvalidParameterError, match="backend"):
        JiebaSegmenter(backend="fast").fit(None)
    # A model pickled before the parameter existed segments with jieba.
    old = JiebaSegmenter().fit(None)
    del old.backend_
    assert old.transform([SENTENCE]) == [["我", "来到", "北京", "清华大学"]]
