"""The networks exported to ONNX, and the predictor that runs them without torch.

Every classifier, and TextClassifier with every network, is fitted for two epochs
on bundled texts, converted, and must give the probabilities of torch on documents
of other numbers and lengths than the examples the export traced.
"""

import pickle
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_textnn import (
    AttentionLSTMClassifier,
    DPCNNClassifier,
    FastTextClassifier,
    FeatureMergeClassifier,
    HANClassifier,
    LSTMClassifier,
    RCNNClassifier,
    SentencePadder,
    SentenceSplitter,
    SequencePadder,
    TextClassifier,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_sms_spam_sample
from sklearn_textnn.networks import (
    DPCNN,
    HAN,
    LSTM,
    RCNN,
    AttentionLSTM,
    FastText,
    TextCNN,
    available_networks,
)
from sklearn_textnn.serving import ONNXClassifier, export_onnx, onnx_pipeline

onnxruntime = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")
pd = pytest.importorskip("pandas")

SMALL = dict(embedding_dim=8, max_epochs=2, validation_fraction=None, random_state=0)


def _chars(*classifier, padding="post"):
    """Characters -> ids -> a padded matrix -> the classifier."""
    return make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(padding=padding),
        *classifier,
    )


def _sentences(classifier):
    """Sentences of words -> ids -> documents x sentences x tokens -> HAN."""
    return make_pipeline(
        SentenceSplitter(), TextTokenizer(), Vocabulary(), SentencePadder(), classifier
    )


CLASSIFIERS = {
    # Ragged id lists, TF-IDF weights: no padder.
    "FastTextClassifier": lambda: make_pipeline(
        TextTokenizer(level="char"), Vocabulary(), FastTextClassifier(**SMALL)
    ),
    "TextCNNClassifier": lambda: _chars(
        TextCNNClassifier(kernel_sizes=(2, 3), num_filters=4, **SMALL)
    ),
    "LSTMClassifier": lambda: _chars(LSTMClassifier(hidden_size=4, **SMALL)),
    "AttentionLSTMClassifier": lambda: _chars(
        AttentionLSTMClassifier(hidden_size=4, attention_size=4, **SMALL)
    ),
    "RCNNClassifier": lambda: _chars(
        RCNNClassifier(hidden_size=4, latent_size=4, **SMALL)
    ),
    "DPCNNClassifier": lambda: _chars(DPCNNClassifier(num_filters=4, **SMALL)),
    "HANClassifier": lambda: _sentences(
        HANClassifier(hidden_size=4, attention_size=4, **SMALL)
    ),
}

# TextClassifier with each network, in settings that the classifiers above leave
# out: mean of hashed token vectors, wide kernels on pre-padding, the last state of
# two layers, one direction, ragged ids, a matrix read as sentences.
NETWORKS = {
    "fasttext": lambda: make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        TextClassifier(
            encoder=FastText(weighting="mean", hidden_size=4),
            embedding_compression=2,
            **SMALL,
        ),
    ),
    "textcnn": lambda: _chars(
        TextClassifier(encoder=TextCNN(kernel_sizes=(1, 5), num_filters=4), **SMALL),
        padding="pre",
    ),
    "lstm": lambda: _chars(
        TextClassifier(
            encoder=LSTM(hidden_size=4, num_layers=2, pooling="last"), **SMALL
        )
    ),
    "attention_lstm": lambda: _chars(
        TextClassifier(
            encoder=AttentionLSTM(hidden_size=4, bidirectional=False, attention_size=4),
            **SMALL,
        )
    ),
    "rcnn": lambda: make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        TextClassifier(encoder=RCNN(hidden_size=4, latent_size=4), **SMALL),
    ),
    "dpcnn": lambda: _chars(
        TextClassifier(encoder=DPCNN(num_filters=4), **SMALL), padding="pre"
    ),
    "han": lambda: _chars(
        TextClassifier(encoder=HAN(hidden_size=4, attention_size=4), **SMALL)
    ),
}


@pytest.fixture(scope="module")
def messages():
    """SMS messages of several sentences: 60 to train on, 40 others to test on."""
    sms = load_sms_spam_sample()
    labels = np.asarray(sms.target_names)[sms.target]
    return SimpleNamespace(
        X_train=sms.data[:60],
        y_train=labels[:60],
        X_test=sms.data[60:100],
    )


@pytest.fixture(scope="module")
def converted(sports_or_realty, messages):
    """A pipeline of ``CLASSIFIERS``, fitted, with its ONNX pipeline, by name:
    made on first use, then shared by the tests."""
    cache = {}

    def get(name):
        if name not in cache:
            data = messages if name == "HANClassifier" else sports_or_realty
            model = CLASSIFIERS[name]().fit(data.X_train, data.y_train)
            cache[name] = SimpleNamespace(
                model=model, served=onnx_pipeline(model, n_threads=1), data=data
            )
        return cache[name]

    return get


@pytest.fixture
def textcnn_model(converted):
    return converted("TextCNNClassifier")


def _assert_same_predictions(served, model, X):
    assert_allclose(served.predict_proba(X), model.predict_proba(X), rtol=0, atol=1e-5)
    assert_array_equal(served.predict(X), model.predict(X))


def _check_onnx_pipeline(model, X, lengths, served=None):
    """The ONNX pipeline of ``model`` predicts as ``model`` on ``X``, on a document
    alone and on the three shortest (by ``lengths``): batches and lengths of other
    sizes than the examples of the export."""
    if served is None:
        served = onnx_pipeline(model, n_threads=1)
    assert isinstance(served[-1], ONNXClassifier)
    assert all(a is b for a, b in zip(served[:-1], model[:-1]))
    _assert_same_predictions(served, model, X)
    shortest = np.argsort(lengths, kind="stable")[:3]
    for rows in ([0], shortest):
        subset = X.iloc[rows] if hasattr(X, "iloc") else [X[i] for i in rows]
        _assert_same_predictions(served, model, subset)
    return served


# ------------------------------------------------------------- every network
@pytest.mark.parametrize("name", list(CLASSIFIERS))
def test_onnx_classifier_predicts_as_each_classifier(name, converted):
    model, served, data = vars(converted(name)).values()
    lengths = [len(text) for text in data.X_test]
    _check_onnx_pipeline(model, data.X_test, lengths, served)
    if name == "HANClassifier":
        # Documents as nested id lists rather than a padded 3-D array.
        nested = model[:-2].transform(data.X_test)
        _assert_same_predictions(served[-1], model[-1], nested)


def test_every_network_is_tested():
    assert set(NETWORKS) == set(available_networks())


@pytest.mark.parametrize("name", list(NETWORKS))
def test_onnx_classifier_predicts_as_text_classifier(name, sports_or_realty):
    data = sports_or_realty
    model = NETWORKS[name]().fit(data.X_train, data.y_train)
    _check_onnx_pipeline(model, data.X_test, [len(text) for text in data.X_test])


def test_onnx_pipeline_of_feature_merge_classifier(sports_or_realty):
    data = sports_or_realty

    def frame(texts):
        return pd.DataFrame({"text": texts, "length": [len(t) for t in texts]})

    columns = ColumnTransformer(
        [
            (
                "text",
                make_pipeline(
                    TextTokenizer(level="char"), Vocabulary(), SequencePadder()
                ),
                "text",
            ),
            ("numbers", StandardScaler(), ["length"]),
        ]
    ).set_output(transform="pandas")
    model = Pipeline(
        [
            ("columns", columns),
            (
                "model",
                FeatureMergeClassifier(
                    encoder=TextCNN(kernel_sizes=(2, 3), num_filters=4),
                    feature_hidden_size=4,
                    **SMALL,
                ),
            ),
        ]
    ).fit(frame(data.X_train), data.y_train)
    X_test = frame(data.X_test)
    served = _check_onnx_pipeline(model, X_test, X_test["length"])
    assert served[-1].feature_columns_ == ["numbers__length"]
    with pytest.raises(ValueError, match="feature names"):
        served[-1].predict(served[0].transform(X_test).iloc[:, ::-1])


def test_onnx_classifier_of_feature_merge_classifier_on_a_dict(sports_or_realty):
    data = sports_or_realty
    ids = make_pipeline(TextTokenizer(level="char"), Vocabulary(), SequencePadder())
    ids.fit(data.X_train)

    def inputs(texts):
        lengths = np.array([[len(t), t.count("，")] for t in texts], dtype=float)
        return {"ids": np.asarray(ids.transform(texts)), "features": lengths / 10}

    classifier = FeatureMergeClassifier(
        encoder=LSTM(hidden_size=4), feature_hidden_size=0, **SMALL
    ).fit(inputs(data.X_train), data.y_train)
    served = ONNXClassifier.from_estimator(classifier, n_threads=1)
    _assert_same_predictions(served, classifier, inputs(data.X_test))
    X = inputs(data.X_test)
    with pytest.raises(ValueError, match="but ONNXClassifier was fitted with"):
        served.predict({"ids": X["ids"][:, :3], "features": X["features"]})


# ------------------------------------------------------------ the predictor
def test_onnx_pipeline_predicts_without_torch_in_a_fresh_process(
    textcnn_model, sports_or_realty, tmp_path
):
    X = sports_or_realty.X_test
    served = textcnn_model.served
    tmp_path.joinpath("model.pkl").write_bytes(pickle.dumps((served, X)))
    script = (
        "import pickle, sys\n"
        "model, X = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "result = (model.predict_proba(X), model.predict(X),\n"
        "          [m for m in ('torch', 'skorch') if m in sys.modules])\n"
        "open(sys.argv[2], 'wb').write(pickle.dumps(result))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", script, tmp_path / "model.pkl", tmp_path / "out.pkl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 0, process.stderr
    proba, labels, imported = pickle.loads(tmp_path.joinpath("out.pkl").read_bytes())
    assert imported == []
    assert_allclose(proba, textcnn_model.model.predict_proba(X), rtol=0, atol=1e-5)
    assert_array_equal(labels, textcnn_model.model.predict(X))


def test_onnx_classifier_reads_unseen_ids_as_unknown(textcnn_model, sports_or_realty):
    classifier, served = textcnn_model.model[-1], textcnn_model.served[-1]
    ids = np.asarray(textcnn_model.model[:-1].transform(sports_or_realty.X_test))
    unseen = np.where(ids > 5, ids + classifier.n_embeddings_, ids)
    unknown = np.where(ids > 5, 1, ids)
    assert_allclose(served.predict_proba(unseen), served.predict_proba(unknown))
    _assert_same_predictions(served, classifier, unseen)


def test_onnx_classifier_pickles_and_rebuilds_its_session(textcnn_model):
    served = textcnn_model.served[-1]
    ids = textcnn_model.model[:-1].transform(["体育新闻", "房价上涨"])
    expected = served.predict_proba(ids)
    loaded = pickle.loads(pickle.dumps(served))
    assert "_cached_session" not in loaded.__dict__
    assert loaded.onnx_model_ == served.onnx_model_
    assert_allclose(loaded.set_params(n_threads=2).predict_proba(ids), expected)


def test_export_onnx_writes_a_graph_other_runtimes_read(textcnn_model, tmp_path):
    path = export_onnx(textcnn_model.model, tmp_path / "news.onnx")
    session = onnxruntime.InferenceSession(
        str(path), providers=["CPUExecutionProvider"]
    )
    assert [i.name for i in session.get_inputs()] == ["ids"]
    assert session.get_inputs()[0].shape == ["documents", "tokens"]
    metadata = session.get_modelmeta().custom_metadata_map
    assert metadata["classes"] == '["realty", "sports"]'
    assert metadata["estimator"] == "TextCNNClassifier"
    ids = np.asarray(textcnn_model.model[:-1].transform(["体育新闻", "房价上涨了"]))
    proba = session.run(["probabilities"], {"ids": ids})[0]
    assert proba.dtype == np.float32
    assert_allclose(proba, textcnn_model.model[-1].predict_proba(ids), atol=1e-5)


def test_onnx_classifier_refuses_documents_longer_than_its_graph_reads(converted):
    served = converted("DPCNNClassifier").served
    assert served[-1].max_tokens_ == 2**20
    served = pickle.loads(pickle.dumps(served))
    served[-1].max_tokens_ = 8
    served.predict(["体育"])
    with pytest.raises(ValueError, match="at most 8"):
        served.predict(["体育新闻，房价上涨了"])


# ------------------------------------------------------------------- errors
def test_export_onnx_refuses_an_unfitted_classifier(tmp_path):
    with pytest.raises(NotFittedError, match="TextCNNClassifier"):
        export_onnx(TextCNNClassifier(), tmp_path / "model.onnx")
    with pytest.raises(NotFittedError, match="FastTextClassifier"):
        ONNXClassifier.from_estimator(
            make_pipeline(TextTokenizer(), Vocabulary(), FastTextClassifier())
        )
    assert not tmp_path.joinpath("model.onnx").exists()


def test_export_onnx_refuses_an_estimator_of_another_package(tmp_path):
    other = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    with pytest.raises(TypeError, match=r"classifier of sklearn_textnn.*LogisticReg"):
        export_onnx(other, tmp_path / "model.onnx")
    with pytest.raises(TypeError, match="last step of the Pipeline is Logistic"):
        ONNXClassifier.from_estimator(make_pipeline(StandardScaler(), other))
    with pytest.raises(TypeError, match="takes a fitted Pipeline"):
        onnx_pipeline(other)


def test_onnx_classifier_refuses_input_of_the_wrong_shape(textcnn_model):
    served = textcnn_model.served[-1]
    width = served.n_features_in_
    with pytest.raises(ValueError, match=f"expecting {width} features"):
        served.predict(np.ones((2, width + 3), dtype=np.int64))
    with pytest.raises(ValueError, match="3-D array"):
        served.predict(np.ones((2, 3, width), dtype=np.int64))
    with pytest.raises(ValueError, match="Negative values"):
        served.predict(-np.ones((2, width), dtype=np.int64))


def test_onnx_classifier_cannot_be_fitted_and_is_unfitted_when_cloned(textcnn_model):
    served = textcnn_model.served[-1]
    with pytest.raises(NotImplementedError, match="from_estimator"):
        served.fit([[1, 2]], ["sports"])
    with pytest.raises(NotFittedError):
        clone(served).predict([[1, 2]])


def test_serving_names_the_extra_when_onnxruntime_is_missing(
    textcnn_model, monkeypatch, tmp_path
):
    served = pickle.loads(pickle.dumps(textcnn_model.served))
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ImportError, match=r"pip install 'sklearn-textnn\[onnx\]'"):
        served.predict(["体育新闻"])
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(ImportError, match=r"needs the onnx package.*\[onnx\]"):
        export_onnx(textcnn_model.model, tmp_path / "model.onnx")


def test_export_onnx_refuses_a_network_too_large_for_one_onnx_file(
    textcnn_model, monkeypatch, tmp_path
):
    from sklearn_textnn.serving import _export

    monkeypatch.setattr(_export, "_MAX_BYTES", 1000)
    with pytest.raises(ValueError, match=r"at most 2 GiB.*embedding_compression"):
        export_onnx(textcnn_model.model, tmp_path / "model.onnx")
