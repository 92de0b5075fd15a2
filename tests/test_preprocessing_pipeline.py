import numpy as np
import pandas as pd
import pytest
import sklearn
from scipy import sparse
from sklearn.base import clone
from sklearn.linear_model import RidgeClassifier
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_textnn.preprocessing import (
    JiebaSegmenter,
    SequencePadder,
    TextTokenizer,
    Vocabulary,
)


def bag_of_ids(X):
    """Count each id in each row, padding left out: bag-of-words features.

    The width comes from the vocabulary that the id matrix carries, so the training
    and test matrices of a fold line up.
    """
    n_docs, width = X.shape
    rows = np.repeat(np.arange(n_docs), width)
    counts = sparse.csr_matrix(
        (np.ones(X.size), (rows, np.asarray(X).ravel())),
        shape=(n_docs, X.vocabulary.n_tokens_),
    )
    return counts[:, 1:]


def bag_of_ids_pipeline(tokenizer):
    return Pipeline(
        [
            ("tokenizer", tokenizer),
            ("vocabulary", Vocabulary()),
            ("padder", SequencePadder()),
            ("bag_of_ids", FunctionTransformer(bag_of_ids)),
            ("classifier", RidgeClassifier()),
        ]
    )


@pytest.fixture(scope="module")
def split(thucnews):
    return train_test_split(
        thucnews.data,
        thucnews.target,
        test_size=0.25,
        stratify=thucnews.target,
        random_state=0,
    )


def test_preprocessing_pipeline_bag_of_ids_counts_ids_without_padding():
    vocab = Vocabulary(min_freq=1).fit([["好", "天"], ["雨"]])
    X = SequencePadder(maxlen=4).fit_transform(vocab.transform([["好", "好", "雪"]]))
    # Columns: <unk>, 天, 好, 雨.
    assert bag_of_ids(X).toarray().tolist() == [[1, 0, 2, 0]]


@pytest.mark.parametrize(
    "tokenizer", [JiebaSegmenter(), TextTokenizer(level="char")], ids=["word", "char"]
)
def test_preprocessing_pipeline_classifies_held_out_headlines(split, tokenizer):
    X_train, X_test, y_train, y_test = split
    pipeline = bag_of_ids_pipeline(tokenizer).fit(X_train, y_train)
    # 10 balanced classes: chance is 0.1.
    assert pipeline.score(X_test, y_test) > 0.6
    padded = pipeline[:3].transform(X_test[:5])
    assert padded.vocabulary is pipeline.named_steps["vocabulary"]
    assert padded.shape == (5, pipeline.named_steps["padder"].maxlen_)


@pytest.mark.parametrize("tokenizer", [JiebaSegmenter(), TextTokenizer()])
def test_preprocessing_pipeline_pandas_output_reaches_the_padder(thucnews, tokenizer):
    def pipeline():
        return Pipeline(
            [
                ("tokenizer", clone(tokenizer)),
                ("vocabulary", Vocabulary(min_freq=1)),
                ("padder", SequencePadder(maxlen=5)),
            ]
        )

    expected = pipeline().fit_transform(thucnews.data[:20])
    frame = pipeline().set_output(transform="pandas").fit_transform(thucnews.data[:20])
    assert isinstance(frame, pd.DataFrame)
    assert frame.columns.tolist() == [f"sequencepadder{i}" for i in range(5)]
    assert frame.to_numpy().tolist() == expected.tolist()
    with sklearn.config_context(transform_output="pandas"):
        frame = pipeline().fit_transform(thucnews.data[:20])
    assert isinstance(frame, pd.DataFrame)
    assert frame.to_numpy().tolist() == expected.tolist()


@pytest.mark.slow
@pytest.mark.parametrize(
    "tokenizer, n_jobs",
    [(JiebaSegmenter(), 2), (TextTokenizer(level="char"), 1)],
    ids=["word", "char"],
)
def test_preprocessing_pipeline_grid_search_over_min_freq_and_maxlen(
    thucnews, tokenizer, n_jobs
):
    X, y = thucnews.data[:1500], thucnews.target[:1500]
    search = GridSearchCV(
        bag_of_ids_pipeline(tokenizer),
        {"vocabulary__min_freq": [1, 100], "padder__maxlen": [3, 30]},
        cv=3,
        n_jobs=n_jobs,
    ).fit(X, y)
    # Tokens seen 100 times are a handful of function words, and three tokens
    # are a fraction of a headline.
    assert search.best_params_ == {"vocabulary__min_freq": 1, "padder__maxlen": 30}
    scores = {
        (params["vocabulary__min_freq"], params["padder__maxlen"]): score
        for params, score in zip(
            search.cv_results_["params"], search.cv_results_["mean_test_score"]
        )
    }
    assert search.best_score_ > 0.5
    assert scores[(1, 3)] < search.best_score_ - 0.1
    assert scores[(100, 30)] < search.best_score_ - 0.1
    assert search.score(thucnews.data[1500:], thucnews.target[1500:]) > 0.5
