"""Model files without pickles: round trips in a fresh process, hostile files,
refused steps, trimming."""

import io
import json
import pickle
import subprocess
import sys
import zipfile

import joblib
import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklearn_textnn import (
    AttentionLSTMClassifier,
    DPCNNClassifier,
    FastTextClassifier,
    FeatureMergeClassifier,
    HANClassifier,
    HashingVocabulary,
    LSTMClassifier,
    RCNNClassifier,
    SentencePadder,
    SentenceSplitter,
    SequencePadder,
    TextClassifier,
    TextCNNClassifier,
    TextStatistics,
    TextTokenizer,
    TokenUnion,
    Vocabulary,
)
from sklearn_textnn.networks import DPCNN, LSTM
from sklearn_textnn.persistence import (
    FORMAT_VERSION,
    ModelFileError,
    load_model,
    save_model,
    trim,
)

pd = pytest.importorskip("pandas")

TRAIN = dict(max_epochs=2, random_state=0, embedding_dim=8)


def _sequence(classifier):
    return make_pipeline(
        TextTokenizer(level="char"), Vocabulary(), SequencePadder(), classifier
    )


def _models():
    """A small fitted-to-be pipeline of every network, and the feature merge."""
    return {
        "fasttext": make_pipeline(
            TextTokenizer(level="char"), Vocabulary(), FastTextClassifier(**TRAIN)
        ),
        "fasttext_tfidf_hashed": make_pipeline(
            TextTokenizer(level="char"),
            HashingVocabulary(n_buckets=4096),
            FastTextClassifier(
                weighting="tfidf", hidden_size=4, embedding_compression=4, **TRAIN
            ),
        ),
        "textcnn": _sequence(
            TextCNNClassifier(kernel_sizes=(2, 3), num_filters=4, **TRAIN)
        ),
        "lstm": _sequence(LSTMClassifier(hidden_size=4, **TRAIN)),
        "attention_lstm": _sequence(
            AttentionLSTMClassifier(hidden_size=4, attention_size=4, **TRAIN)
        ),
        "rcnn": _sequence(RCNNClassifier(hidden_size=4, latent_size=4, **TRAIN)),
        "dpcnn": _sequence(DPCNNClassifier(num_filters=4, **TRAIN)),
        "text_classifier_lstm_words": make_pipeline(
            TokenUnion(
                [("chars", TextTokenizer(level="char")), ("words", TextTokenizer())]
            ),
            Vocabulary(min_freq=2),
            SequencePadder(maxlen=30),
            TextClassifier(encoder=LSTM(hidden_size=4, pooling="last"), **TRAIN),
        ),
        "han": make_pipeline(
            SentenceSplitter(),
            TextTokenizer(level="char", ngram_range=(1, 1)),
            Vocabulary(),
            SentencePadder(),
            HANClassifier(hidden_size=4, attention_size=4, **TRAIN),
        ),
        "feature_merge": Pipeline(
            [
                (
                    "columns",
                    ColumnTransformer(
                        [
                            (
                                "text",
                                make_pipeline(
                                    TextTokenizer(level="char"),
                                    Vocabulary(),
                                    SequencePadder(maxlen=20),
                                ),
                                "text",
                            ),
                            ("numbers", StandardScaler(), ["length", "digits"]),
                        ],
                        remainder="passthrough",
                    ).set_output(transform="pandas"),
                ),
                (
                    "model",
                    FeatureMergeClassifier(encoder=DPCNN(num_filters=4), **TRAIN),
                ),
            ]
        ),
    }


def _frame(texts):
    return pd.DataFrame(
        {
            "text": texts,
            "length": [len(t) for t in texts],
            "digits": [sum(c.isdigit() for c in t) for t in texts],
            "extra": np.arange(len(texts), dtype=float),
        }
    )


@pytest.fixture(scope="module")
def headlines(thucnews):
    texts = [*thucnews.data[:200], "", "一。二！三？"]
    labels = [*thucnews.target[:200], 0, 1]
    return texts, np.asarray(labels)


_LOAD_AND_PREDICT = """
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sklearn_textnn.persistence import load_model

folder = Path(sys.argv[1])
texts = folder.joinpath("texts.txt").read_text(encoding="utf-8").split("\\n")
frame = pd.read_json(folder / "frame.json")
for path in sorted(folder.glob("*.tnn")):
    model = load_model(path)
    X = frame if path.stem == "feature_merge" else texts
    np.save(folder / f"{path.stem}.loaded.npy", model.predict_proba(X))
"""


def test_every_network_round_trips_in_a_fresh_process(headlines, tmp_path):
    texts, y = headlines
    frame = _frame(texts)
    expected = {}
    for name, model in _models().items():
        X = frame if name == "feature_merge" else texts
        model.fit(X, y)
        expected[name] = model.predict_proba(X)
        save_model(model, tmp_path / f"{name}.tnn")
        # In this process too, with the training history.
        loaded = load_model(tmp_path / f"{name}.tnn")
        np.testing.assert_array_equal(loaded.predict_proba(X), expected[name])
        assert len(loaded[-1].history_) == model[-1].n_epochs_
    tmp_path.joinpath("texts.txt").write_text("\n".join(texts), encoding="utf-8")
    frame.to_json(tmp_path / "frame.json")
    subprocess.run(
        [sys.executable, "-c", _LOAD_AND_PREDICT, str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name, proba in expected.items():
        np.testing.assert_array_equal(
            np.load(tmp_path / f"{name}.loaded.npy"), proba, err_msg=name
        )


@pytest.fixture(scope="module")
def small_model(headlines):
    texts, y = headlines
    model = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(),
        TextCNNClassifier(kernel_sizes=(2,), num_filters=4, **TRAIN),
    )
    return model.fit(texts, y)


@pytest.fixture
def model_file(small_model, tmp_path):
    return save_model(small_model, tmp_path / "model.tnn")


def _rewrite(path, *, description=None, members=None, drop=()):
    """The model file at ``path`` with its description or members replaced."""
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    if description is not None:
        contents["model.json"] = json.dumps(description).encode()
    contents.update(members or {})
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            if name not in drop:
                archive.writestr(name, data)
    return path


def _description(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("model.json"))


class _Payload:
    """Unpickling this creates the file ``marker``."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_load_model_runs_no_code_from_a_hostile_file(model_file, tmp_path):
    marker = tmp_path / "pwned"
    # A pickle in place of an array: numpy refuses to unpickle it.
    buffer = io.BytesIO()
    np.save(buffer, np.array([_Payload(marker)], dtype=object), allow_pickle=True)
    description = _description(model_file)
    _rewrite(model_file, members={"arrays/0.npy": buffer.getvalue()})
    with pytest.raises(ModelFileError, match=r"arrays/0.npy.*not a plain .npy"):
        load_model(model_file)
    # A step type that names a callable to import.
    description["model"]["__estimator__"] = "os.system"
    _rewrite(model_file, description=description)
    with pytest.raises(ModelFileError, match=r"unknown step type 'os\.system'"):
        load_model(model_file)
    # A pickle file of its own.
    pickled = tmp_path / "model.pkl"
    pickled.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelFileError, match="not a sklearn-textnn model file"):
        load_model(pickled)
    assert not marker.exists()


def test_load_model_refuses_a_dunder_attribute(model_file):
    description = _description(model_file)
    description["model"]["state"]["__class__"] = None
    _rewrite(model_file, description=description)
    with pytest.raises(ModelFileError, match="refused attribute name '__class__'"):
        load_model(model_file)


def test_load_model_names_the_problem_of_a_broken_file(model_file, tmp_path):
    data = model_file.read_bytes()
    truncated = tmp_path / "truncated.tnn"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match=r"truncated\.tnn"):
        load_model(truncated)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ModelFileError, match=r"a zip archive without model\.json"):
        load_model(other)
    with pytest.raises(ModelFileError, match="no such model file"):
        load_model(tmp_path / "missing.tnn")


def test_load_model_names_a_missing_weights_member(model_file):
    _rewrite(model_file, drop=("arrays/0.npy",))
    with pytest.raises(ModelFileError, match=r"model.tnn: member 'arrays/0.npy'"):
        load_model(model_file)


def test_load_model_refuses_a_newer_format(model_file):
    description = _description(model_file)
    description["format_version"] = FORMAT_VERSION + 1
    _rewrite(model_file, description=description)
    with pytest.raises(ModelFileError, match=f"format {FORMAT_VERSION + 1}.*upgrade"):
        load_model(model_file)


def test_load_model_refuses_a_tampered_shape(model_file):
    description = _description(model_file)
    weights = description["model"]["params"]["steps"]["__list__"][-1]["__tuple__"][1][
        "weights"
    ]
    key, node = next(iter(weights.items()))
    # The description no longer matches the array...
    node["shape"] = [node["shape"][0] + 1, *node["shape"][1:]]
    _rewrite(model_file, description=description)
    with pytest.raises(ModelFileError, match="holds an array of"):
        load_model(model_file)
    # ...or both say a shape the network does not have.
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(node["shape"], dtype=node["dtype"]))
    _rewrite(model_file, members={node["__array__"]: buffer.getvalue()})
    with pytest.raises(ModelFileError, match=f"weight '{key}' has shape"):
        load_model(model_file)


def test_save_model_refuses_python_functions(headlines, tmp_path):
    texts, _ = headlines
    columns = ColumnTransformer(
        [("upper", FunctionTransformer(np.abs), ["length"])]
    ).fit(_frame(texts))
    with pytest.raises(ModelFileError, match="FunctionTransformer holding a Python"):
        save_model(columns, tmp_path / "f.tnn")
    assert not (tmp_path / "f.tnn").exists()
    with pytest.raises(ModelFileError, match=r"callbacks\[0\].*cannot store"):
        save_model(FastTextClassifier(callbacks=[object()]), tmp_path / "c.tnn")


def test_save_model_stores_statistics_and_passthrough_columns(headlines, tmp_path):
    texts, _ = headlines
    frame = _frame(texts)
    columns = ColumnTransformer(
        [("stats", TextStatistics(), "text")], remainder="passthrough"
    ).fit(frame[["text", "length"]])
    loaded = load_model(save_model(columns, tmp_path / "columns.tnn"))
    np.testing.assert_array_equal(
        loaded.transform(frame[["text", "length"]]),
        columns.transform(frame[["text", "length"]]),
    )


def test_trim_drops_the_training_state_and_keeps_the_predictions(
    small_model, headlines, tmp_path
):
    texts, _ = headlines
    model = pickle.loads(pickle.dumps(small_model))
    before = model.predict_proba(texts)
    joblib.dump(model, tmp_path / "full.joblib")
    assert trim(model) is model
    joblib.dump(model, tmp_path / "trimmed.joblib")
    np.testing.assert_array_equal(model.predict_proba(texts), before)
    assert len(model[-1].history_) == 0
    assert model[-1].net_.optimizer_ is None
    full, trimmed = (tmp_path / f"{n}.joblib" for n in ("full", "trimmed"))
    # Adam keeps two numbers per weight.
    weight_bytes = sum(
        t.numel() * t.element_size()
        for t in model[-1].net_.module_.state_dict().values()
    )
    assert full.stat().st_size - trimmed.stat().st_size > 1.8 * weight_bytes
    saved = save_model(small_model, tmp_path / "trimmed.tnn", trim=True)
    assert len(load_model(saved)[-1].history_) == 0
