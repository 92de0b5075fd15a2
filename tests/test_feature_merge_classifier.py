"""Tests of FeatureMergeClassifier: text and numeric features in one network."""

import pickle
import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pytest
import torch
from _estimator_checks import PARTIAL_FIT_CHECKS
from scipy import sparse
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks
from skorch.helper import SliceDict

from sklearn_textnn import (
    FeatureMergeClassifier,
    SequencePadder,
    TextStatistics,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.networks import LSTM, TextCNN
from sklearn_textnn.nn import FeatureMergeNet, LSTMEncoder, TextCNNEncoder

pd = pytest.importorskip("pandas")

# Small and fast: a few hundred documents of a few words.
SMALL = dict(
    encoder=TextCNN(kernel_sizes=(1, 2), num_filters=16),
    embedding_dim=16,
    lr=1e-2,
    batch_size=32,
    max_epochs=15,
    validation_fraction=None,
    random_state=0,
)

# With id_columns, a plain array works: the checks fit on arrays whose first column
# is read as token ids and the others as numeric features.
EXPECTED_FAILED_CHECKS = {
    **PARTIAL_FIT_CHECKS,
    "check_class_weight_classifiers": (
        "feeds continuous float values in every column; the token id column must "
        "hold integers, and non-integral ids are refused by design"
    ),
}


@parametrize_with_checks(
    [FeatureMergeClassifier(**{**SMALL, "id_columns": [0], "max_epochs": 2})],
    expected_failed_checks=lambda estimator: EXPECTED_FAILED_CHECKS,
)
def test_feature_merge_classifier_sklearn_checks(estimator, check):
    check(estimator)


# ------------------------------------------------------------------------- helpers
WORDS = np.array([f"w{i}" for i in range(30)], dtype=object)


def make_data(n, signal, seed=0):
    """A DataFrame (text, x0, x1) and labels that only ``signal`` can predict.

    ``signal='text'``: a marker word somewhere in the text gives the label, the
    numbers are noise. ``signal='features'``: the sign of ``x0`` gives the label (with
    a margin), the text is random words.
    """
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    words = rng.choice(WORDS, size=(n, 6))
    x = rng.normal(size=(n, 2))
    if signal == "text":
        position = rng.integers(0, 6, n)
        words[np.arange(n), position] = np.where(y == 1, "great", "awful")
    else:
        x[:, 0] = (2 * y - 1) * (1 + rng.random(n))
    frame = pd.DataFrame(
        {"text": [" ".join(row) for row in words], "x0": x[:, 0], "x1": x[:, 1]}
    )
    return frame, np.array(["neg", "pos"])[y]


def make_columns(numbers=None):
    return ColumnTransformer(
        [
            (
                "text",
                make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder(maxlen=8)),
                "text",
            ),
            ("numbers", StandardScaler() if numbers is None else numbers, ["x0", "x1"]),
        ]
    ).set_output(transform="pandas")


def make_model(**params):
    return Pipeline(
        [
            ("columns", make_columns()),
            ("model", FeatureMergeClassifier(**{**SMALL, **params})),
        ]
    )


def transformed(frame, y=None):
    """The DataFrame that the classifier receives in ``make_model``, built by hand.

    The unit tests of the classifier use it, so that they do not depend on the
    ColumnTransformer; ``test_feature_merge_classifier_column_transformer_output``
    checks that the ColumnTransformer gives the same.
    """
    ids = make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder(maxlen=8))
    ids = np.asarray(ids.fit_transform(frame["text"]))
    X = pd.DataFrame(
        ids,
        index=frame.index,
        columns=[f"text__sequencepadder{i}" for i in range(ids.shape[1])],
    )
    X[["numbers__x0", "numbers__x1"]] = StandardScaler().fit_transform(
        frame[["x0", "x1"]]
    )
    return X


def test_feature_merge_classifier_column_transformer_output():
    frame, y = make_data(30, "text")
    frame.index = np.arange(30) * 10 + 7  # as a cross-validation fold leaves it
    X = make_columns().fit_transform(frame, y)
    expected = transformed(frame)
    assert list(X.columns) == list(expected.columns)
    assert list(X.index) == list(frame.index)
    np.testing.assert_allclose(X.to_numpy(dtype=float), expected.to_numpy(dtype=float))


# ---------------------------------------------------------------- what it learns
@pytest.mark.parametrize("signal", ["features", "text"])
def test_feature_merge_classifier_learns_from_each_input(signal):
    frame, y = make_data(600, signal, seed=1)
    model = make_model().fit(frame[:400], y[:400])
    accuracy = np.mean(model.predict(frame[400:]) == y[400:])
    assert accuracy > 0.95


def test_feature_merge_classifier_lstm_learns_from_the_features():
    frame, y = make_data(600, "features", seed=2)
    model = make_model(encoder=LSTM(hidden_size=16), feature_hidden_size=8).fit(
        frame[:400], y[:400]
    )
    module = model[-1].net_.module_
    assert isinstance(module, FeatureMergeNet)
    assert isinstance(module.encoder, LSTMEncoder)
    assert isinstance(module.features[0], torch.nn.Linear)
    assert module.features[0].in_features == 2
    assert np.mean(model.predict(frame[400:]) == y[400:]) > 0.95


def test_feature_merge_classifier_recognises_the_columns():
    frame, y = make_data(60, "text")
    model = make_model(max_epochs=1).fit(frame, y)
    clf = model[-1]
    assert clf.id_columns_ == [f"text__sequencepadder{i}" for i in range(8)]
    assert clf.feature_columns_ == ["numbers__x0", "numbers__x1"]
    assert clf.n_numeric_features_ == 2
    assert clf.n_features_in_ == 10
    assert list(clf.feature_names_in_) == clf.id_columns_ + clf.feature_columns_
    module = clf.net_.module_
    assert isinstance(module.encoder, TextCNNEncoder)
    assert (module.features[0].in_features, module.features[0].out_features) == (2, 32)
    assert module.classifier.in_features == 2 * 16 + 32
    clf.set_params(feature_hidden_size=0).fit(transformed(frame, y), y)
    assert isinstance(clf.net_.module_.features, torch.nn.Identity)
    assert clf.net_.module_.classifier.in_features == 2 * 16 + 2
    assert clf.classes_.tolist() == ["neg", "pos"]


def test_feature_merge_classifier_without_prefixes_and_in_any_column_order():
    frame, y = make_data(60, "text")
    X = transformed(frame, y)
    X.columns = [name.split("__")[1] for name in X.columns]
    X = X[["x1", *X.columns[:4], "x0", *X.columns[4:8]]]
    clf = FeatureMergeClassifier(**{**SMALL, "max_epochs": 1}).fit(X, y)
    assert clf.id_columns_ == [f"sequencepadder{i}" for i in range(8)]
    assert clf.feature_columns_ == ["x1", "x0"]


def test_feature_merge_classifier_with_text_statistics():
    frame, y = make_data(80, "text")
    columns = ColumnTransformer(
        [
            (
                "text",
                make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder(maxlen=8)),
                "text",
            ),
            ("stats", make_pipeline(TextStatistics(), StandardScaler()), "text"),
        ]
    ).set_output(transform="pandas")
    model = make_pipeline(columns, FeatureMergeClassifier(**{**SMALL, "max_epochs": 2}))
    model.fit(frame, y)
    assert model[-1].feature_columns_ == [
        f"stats__{name}" for name in TextStatistics().fit().features_
    ]


# -------------------------------------------------------------- model selection
def test_feature_merge_classifier_cross_validates_the_dataframe_pipeline():
    frame, y = make_data(300, "text", seed=3)
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    scores = cross_val_score(make_model(), frame, y, cv=cv, error_score="raise")
    assert scores.shape == (3,)
    assert scores.min() > 0.9


@pytest.mark.slow
def test_feature_merge_classifier_grid_search_in_parallel():
    frame, y = make_data(240, "features", seed=4)
    grid = GridSearchCV(
        make_model(max_epochs=8),
        {
            "columns__text__sequencepadder__maxlen": [4, 8],
            "columns__numbers": [StandardScaler(), "passthrough"],
            "model__feature_hidden_size": [0, 4],
        },
        cv=StratifiedKFold(n_splits=2, shuffle=True, random_state=0),
        n_jobs=2,
        error_score="raise",
    ).fit(frame, y)
    assert len(grid.cv_results_["params"]) == 8
    assert np.isfinite(grid.cv_results_["mean_test_score"]).all()
    assert grid.best_score_ > 0.9
    best = grid.best_estimator_[-1]
    assert best.feature_hidden_size == grid.best_params_["model__feature_hidden_size"]
    assert (
        len(best.id_columns_)
        == grid.best_params_["columns__text__sequencepadder__maxlen"]
    )


def test_feature_merge_classifier_dict_input_with_slicedict():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, 400)
    X = SliceDict(
        ids=rng.integers(2, 40, size=(400, 6)),
        features=np.c_[(2 * y - 1) * (1 + rng.random(400)), rng.normal(size=400)],
    )
    clf = FeatureMergeClassifier(**SMALL)
    predicted = cross_val_predict(clf, X, y, cv=StratifiedKFold(n_splits=2))
    assert np.mean(predicted == y) > 0.95
    clf.fit(X, y)
    assert clf.n_features_in_ == 8
    assert not hasattr(clf, "feature_names_in_")
    assert not hasattr(clf, "id_columns_")
    proba = clf.predict_proba({"ids": X["ids"][:3], "features": X["features"][:3]})
    assert proba.shape == (3, 2)


# ------------------------------------------------------- shared classifier habits
@pytest.mark.slow
def test_feature_merge_classifier_joblib_round_trip_in_a_fresh_process(tmp_path):
    frame, y = make_data(200, "text", seed=6)
    model = make_model(max_epochs=3).fit(frame, y)
    expected = model.predict_proba(frame)
    joblib.dump(model, tmp_path / "model.joblib")
    frame.to_pickle(tmp_path / "frame.pkl")
    script = textwrap.dedent(
        f"""
        import joblib, numpy as np, pandas as pd, torch
        # The same thread count as the fitting process: sums split over a different
        # number of threads may differ in the last bit.
        torch.set_num_threads(1)
        model = joblib.load({str(tmp_path / "model.joblib")!r})
        frame = pd.read_pickle({str(tmp_path / "frame.pkl")!r})
        np.save({str(tmp_path / "proba.npy")!r}, model.predict_proba(frame))
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)
    np.testing.assert_array_equal(np.load(tmp_path / "proba.npy"), expected)


def test_feature_merge_classifier_pickle_clone_and_refit():
    frame, y = make_data(80, "text")
    X = transformed(frame, y)
    clf = FeatureMergeClassifier(**{**SMALL, "max_epochs": 2})
    with pytest.raises(NotFittedError):
        clf.predict(X)
    first = clf.fit(X, y).predict_proba(X)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X), first)
    again = clone(clf).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(again, first)
    # A refit on other columns forgets the first ones.
    clf.fit(X.drop(columns="numbers__x1"), y)
    assert clf.feature_columns_ == ["numbers__x0"]
    assert clf.n_features_in_ == 9


def test_feature_merge_classifier_class_weight_reaches_the_loss():
    frame, y = make_data(100, "text")
    y = y.copy()
    y[:80] = "neg"
    X = transformed(frame, y)
    clf = FeatureMergeClassifier(**{**SMALL, "max_epochs": 1}, class_weight="balanced")
    weight = clf.fit(X, y).net_.criterion_.weight
    counts = np.array([np.sum(y == "neg"), np.sum(y == "pos")])
    np.testing.assert_allclose(weight.numpy(), len(y) / (2 * counts), rtol=1e-6)


def test_feature_merge_classifier_stops_early():
    rng = np.random.default_rng(7)
    frame, _ = make_data(200, "text")
    y = rng.choice(["a", "b"], size=200)  # nothing to learn: validation loss rises
    clf = FeatureMergeClassifier(
        **{**SMALL, "max_epochs": 40, "validation_fraction": 0.25, "patience": 2}
    )
    clf.fit(transformed(frame, y), y)
    assert clf.n_epochs_ < 40
    assert len(clf.history_[:, "valid_loss"]) == clf.n_epochs_


def test_feature_merge_classifier_unseen_ids_read_as_unknown():
    frame, y = make_data(60, "text")
    X = transformed(frame, y)
    clf = FeatureMergeClassifier(**{**SMALL, "max_epochs": 1}).fit(X, y)
    larger = X.copy()
    larger["text__sequencepadder0"] = clf.n_embeddings_ + 100
    unknown = X.copy()
    unknown["text__sequencepadder0"] = 1
    np.testing.assert_array_equal(clf.predict_proba(larger), clf.predict_proba(unknown))


# --------------------------------------------------------------------- bad input
def test_feature_merge_classifier_refuses_a_plain_array():
    frame, y = make_data(20, "text")
    X = transformed(frame, y)
    with pytest.raises(TypeError, match="nothing in it says which columns"):
        FeatureMergeClassifier(**SMALL).fit(X.to_numpy(), y)
    clf = FeatureMergeClassifier(**{**SMALL, "max_epochs": 1}).fit(X, y)
    with pytest.raises(TypeError, match="fitted on a DataFrame; pass a DataFrame"):
        clf.predict(X.to_numpy())
    with pytest.raises(TypeError, match="fitted on a DataFrame; pass a DataFrame"):
        clf.predict({"ids": X.iloc[:, :8].to_numpy(), "features": X.iloc[:, 8:]})


def test_feature_merge_classifier_needs_id_and_feature_columns():
    frame, y = make_data(20, "text")
    X = transformed(frame, y)
    clf = FeatureMergeClassifier(**SMALL)
    with pytest.raises(ValueError, match=r"no token id column.*'numbers__x0'"):
        clf.fit(X[["numbers__x0", "numbers__x1"]], y)
    with pytest.raises(ValueError, match="token id columns only"):
        clf.fit(X.drop(columns=["numbers__x0", "numbers__x1"]), y)
    with pytest.raises(ValueError, match="not text__sequencepadder3"):
        clf.fit(X.drop(columns="text__sequencepadder3"), y)
    two_texts = pd.concat([X, X.iloc[:, :8].add_prefix("other__")], axis=1)
    with pytest.raises(ValueError, match="more than one SequencePadder"):
        clf.fit(two_texts, y)
    with pytest.raises(ValueError, match="X has 0 samples"):
        clf.fit(X.iloc[:0], y[:0])


def test_feature_merge_classifier_checks_the_columns_at_predict():
    frame, y = make_data(40, "text")
    X = transformed(frame, y)
    clf = FeatureMergeClassifier(**{**SMALL, "max_epochs": 1}).fit(X, y)
    with pytest.raises(ValueError, match="same order as they were in fit"):
        clf.predict(X[X.columns[::-1]])
    with pytest.raises(ValueError, match="seen at fit time, yet now missing"):
        clf.predict(X.drop(columns="numbers__x1"))


def test_feature_merge_classifier_pipeline_names_a_missing_input_column():
    frame, y = make_data(40, "text")
    with pytest.raises(ValueError, match=r"not columns of the dataframe: \{'x1'\}"):
        make_model().fit(frame.drop(columns="x1"), y)
    model = make_model(max_epochs=1).fit(frame, y)
    with pytest.raises(ValueError, match=r"columns are missing: \{'x1'\}"):
        model.predict(frame.drop(columns="x1"))


def test_feature_merge_classifier_names_the_column_and_row_of_a_missing_value():
    frame, y = make_data(40, "text")
    frame.index = frame.index + 100
    X = transformed(frame)
    X.loc[105, "numbers__x1"] = np.nan
    with pytest.raises(
        ValueError,
        match=r"feature column 'numbers__x1' has a missing value \(NaN\) at row 5 "
        r"\(index 105\); impute it",
    ):
        FeatureMergeClassifier(**SMALL).fit(X, y)


def test_feature_merge_classifier_pipeline_reports_a_missing_value():
    # StandardScaler lets NaN through; the classifier names the column and the
    # row's label in the user's DataFrame.
    frame, y = make_data(40, "text")
    frame.index = frame.index + 100
    frame.loc[105, "x1"] = np.nan
    with pytest.raises(
        ValueError, match=r"'numbers__x1' has a missing value \(NaN\) at row 5 "
    ):
        make_model().fit(frame, y)


def test_feature_merge_classifier_names_the_column_and_row_of_an_infinite_value():
    frame, y = make_data(40, "text")
    X = transformed(frame)
    X.loc[7, "numbers__x0"] = np.inf
    X.loc[9, "numbers__x0"] = -np.inf
    clf = FeatureMergeClassifier(**SMALL)
    with pytest.raises(
        ValueError,
        match=r"feature column 'numbers__x0' has an infinite value \(inf\) at row 7, "
        r"and 1 more",
    ):
        clf.fit(X, y)
    X.loc[[7, 9], "numbers__x0"] = 1e39  # finite, but not as float32
    with pytest.raises(ValueError, match=r"1e\+39, too large for float32"):
        clf.fit(X, y)


def test_feature_merge_classifier_names_a_non_numeric_column():
    frame, y = make_data(20, "text")
    X = transformed(frame, y)
    X["numbers__x1"] = "high"
    with pytest.raises(TypeError, match="feature column 'numbers__x1' has dtype"):
        FeatureMergeClassifier(**SMALL).fit(X, y)


def test_feature_merge_classifier_text_column_with_none():
    frame, y = make_data(20, "text")
    frame.loc[3, "text"] = None  # pandas stores it as NaN
    with pytest.raises(ValueError, match="document 3 is nan; expected str"):
        make_model().fit(frame, y)


def test_feature_merge_classifier_checks_a_dict():
    rng = np.random.default_rng(8)
    ids, features, y = rng.integers(2, 9, (10, 4)), rng.normal(size=(10, 2)), [0, 1] * 5
    clf = FeatureMergeClassifier(**SMALL)
    with pytest.raises(ValueError, match=r"keys \['ids'\]; a dict input needs exactly"):
        clf.fit({"ids": ids}, y)
    with pytest.raises(ValueError, match=r"X\['features'\] has shape \(10,\)"):
        clf.fit({"ids": ids, "features": features[:, 0]}, y)
    with pytest.raises(ValueError, match="X\\['ids'\\] has 10 rows but"):
        clf.fit({"ids": ids, "features": features[:6]}, y)
    with pytest.raises(ValueError, match="no column"):
        clf.fit({"ids": ids, "features": features[:, :0]}, y)
    with pytest.raises(TypeError, match=r"X\['features'\] is a sparse matrix"):
        clf.fit({"ids": ids, "features": sparse.csr_matrix(features)}, y)
    with pytest.raises(TypeError, match="X is a sparse csr_matrix"):
        clf.fit(sparse.csr_matrix(features), y)
    bad = features.copy()
    bad[4, 1] = np.nan
    with pytest.raises(
        ValueError, match=r"feature column 1 has a missing value \(NaN\) at row 4"
    ):
        clf.fit({"ids": ids, "features": bad}, y)
    with pytest.raises(ValueError, match="Negative values"):
        clf.fit({"ids": -ids, "features": features}, y)
    clf.set_params(max_epochs=1).fit({"ids": ids, "features": features}, y)
    with pytest.raises(ValueError, match="fitted with 4 and 2"):
        clf.predict({"ids": ids[:, :3], "features": features})
    with pytest.raises(TypeError, match="fitted on a dict"):
        clf.predict(pd.DataFrame(features, columns=["a", "b"]))


def test_feature_merge_classifier_validates_parameters():
    frame, y = make_data(20, "text")
    X = transformed(frame, y)
    with pytest.raises(ValueError, match="encoder"):
        FeatureMergeClassifier(encoder="cnn").fit(X, y)
    with pytest.raises(ValueError, match="feature_hidden_size"):
        FeatureMergeClassifier(feature_hidden_size=-1).fit(X, y)
    with pytest.raises(ValueError, match=r"kernel_sizes=\(0,\)"):
        FeatureMergeClassifier(**{**SMALL, "encoder": TextCNN(kernel_sizes=(0,))}).fit(
            X, y
        )
    with pytest.raises(ValueError, match=r"'encoder' parameter .* must be an instance"):
        FeatureMergeClassifier(encoder=StandardScaler()).fit(X, y)
    with pytest.raises(ValueError, match="id_columns has positions \\[10\\] outside"):
        FeatureMergeClassifier(id_columns=[0, 10]).fit(X, y)
    with pytest.raises(ValueError, match="not a mix"):
        FeatureMergeClassifier(id_columns=[0, "numbers__x0"]).fit(X, y)
    with pytest.raises(ValueError, match="that X does not have: \\['nope'\\]"):
        FeatureMergeClassifier(id_columns=["nope"]).fit(X, y)
    with pytest.raises(ValueError, match="names columns, but X is an array"):
        FeatureMergeClassifier(id_columns=["a"]).fit(X.to_numpy(), y)
    with pytest.raises(ValueError, match="repeats a column"):
        FeatureMergeClassifier(id_columns=[1, 1]).fit(X, y)


def test_feature_merge_classifier_id_columns_make_plain_arrays_work():
    frame, y = make_data(200, "text")
    X = transformed(frame, y)
    by_name = FeatureMergeClassifier(**SMALL).fit(X, y)
    # The same columns by position, in a plain array, and by name under other
    # names: the same network, the same predictions.
    positions = FeatureMergeClassifier(**SMALL, id_columns=range(8))
    positions.fit(X.to_numpy(), y)
    assert positions.id_columns_ == list(range(8))
    assert positions.feature_columns_ == [8, 9]
    assert not hasattr(positions, "feature_names_in_")
    np.testing.assert_allclose(
        positions.predict_proba(X.to_numpy()), by_name.predict_proba(X), atol=1e-6
    )
    renamed = X.set_axis([f"id{i}" for i in range(8)] + ["a", "b"], axis=1)
    named = FeatureMergeClassifier(**SMALL, id_columns=[f"id{i}" for i in range(8)])
    named.fit(renamed, y)
    assert named.feature_columns_ == ["a", "b"]
    np.testing.assert_allclose(
        named.predict_proba(renamed), by_name.predict_proba(X), atol=1e-6
    )
    assert (by_name.predict(X) == y).mean() > 0.9


def test_feature_merge_classifier_grid_searches_two_networks_in_one_grid():
    frame, y = make_data(120, "text")
    grid = [
        {
            "model__encoder": [TextCNN(kernel_sizes=(1, 2))],
            "model__encoder__num_filters": [4, 8],
        },
        {
            "model__encoder": [LSTM()],
            "model__encoder__hidden_size": [4, 8],
            "model__encoder__pooling": ["max"],
        },
    ]
    search = GridSearchCV(
        make_model(max_epochs=3), grid, cv=StratifiedKFold(2), error_score="raise"
    ).fit(frame, y)
    params = search.cv_results_["params"]
    assert len(params) == 4
    sizes = sorted(
        (type(p["model__encoder"]).__name__, p.get("model__encoder__num_filters"))
        for p in params
    )
    assert sizes[:2] == [("LSTM", None), ("LSTM", None)]
    assert [n for _, n in sizes[2:]] == [4, 8]
    best = search.best_estimator_.named_steps["model"]
    built = best.net_.module_.encoder
    chosen = search.best_params_
    if isinstance(chosen["model__encoder"], LSTM):
        assert isinstance(built, LSTMEncoder)
        assert built.lstm.hidden_size == chosen["model__encoder__hidden_size"]
    else:
        assert isinstance(built, TextCNNEncoder)
        assert built.convs[0].out_channels == chosen["model__encoder__num_filters"]
    # The grid's own network objects are left as they were.
    assert grid[0]["model__encoder"][0].num_filters == 128
    assert grid[1]["model__encoder"][0].hidden_size == 128


def test_feature_merge_classifier_pretrained_vectors_with_dict_input():
    frame, y = make_data(60, "text")
    ids = make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder(maxlen=8))
    X = {"ids": ids.fit_transform(frame["text"]), "features": frame[["x0", "x1"]]}
    vectors = {"great": np.ones(4), "awful": -np.ones(4), "w1": np.zeros(4)}
    clf = FeatureMergeClassifier(
        **{**SMALL, "max_epochs": 1, "embedding_dim": None},
        pretrained_vectors=vectors,
        freeze_embedding=True,
    ).fit(X, y)
    embedding = clf.net_.module_.encoder.embedding
    assert embedding.embedding_dim == 4
    assert not embedding.weight.requires_grad
    assert clf.embedding_coverage_["n_found"] == 3
    with pytest.raises(ValueError, match="X carries no vocabulary"):
        clf.fit(transformed(frame, y), y)
