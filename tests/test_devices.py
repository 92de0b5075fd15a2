"""Devices and precision: bfloat16 autocast (tested on the CPU here), pinned
memory and non-blocking copies, and the GPU tests, which run where torch finds a
CUDA GPU and skip elsewhere."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    FastTextClassifier,
    LSTMClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.classifiers import _training
from sklearn_textnn.persistence import load_model, save_model

needs_cuda = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="torch finds no CUDA GPU"
)


def _split(thucnews, n_train=1500, n_test=500):
    X, y = list(thucnews.data), np.asarray(thucnews.target_names)[thucnews.target]
    return X[:n_train], y[:n_train], X[-n_test:], y[-n_test:]


def _pipeline(clf):
    steps = [TextTokenizer(level="char"), Vocabulary(min_freq=1)]
    if not isinstance(clf, FastTextClassifier):
        steps.append(SequencePadder(maxlen=40))
    return make_pipeline(*steps, clf)


class _OutputDtypes:
    """Records the dtype of each output of the modules it hooks, in training."""

    def __init__(self, modules):
        self.dtypes = set()
        for module in modules:
            module.register_forward_hook(self._record)

    def _record(self, module, inputs, output):
        if module.training:
            output = output[0] if isinstance(output, tuple) else output
            self.dtypes.add(output.dtype)


@pytest.mark.slow
def test_mixed_precision_computes_in_bfloat16_and_keeps_float32_weights(thucnews):
    X, y, X_test, y_test = _split(thucnews)
    params = dict(
        embedding_dim=32, num_filters=32, max_epochs=5, lr=3e-3, random_state=0
    )
    full = _pipeline(TextCNNClassifier(**params)).fit(X, y)
    mixed = _pipeline(TextCNNClassifier(mixed_precision=True, **params))
    mixed.fit(X, y)
    clf = mixed[-1]
    # Trained in bfloat16 (the convolutions), read as float32 (logits, loss).
    convolutions = [
        m for m in clf.net_.module_.modules() if isinstance(m, torch.nn.Conv1d)
    ]
    seen = _OutputDtypes(convolutions)
    clf.net_.module_.train()
    batch = {"ids": torch.as_tensor(mixed[:-1].transform(X[:8]))}
    logits = clf.net_.infer(batch)
    assert seen.dtypes == {torch.bfloat16}
    assert logits.dtype == torch.float32
    assert all(p.dtype == torch.float32 for p in clf.net_.module_.parameters())
    assert all(np.isfinite(epoch["train_loss"]) for epoch in clf.history_)
    # Results close to float32 training: same accuracy within a few points.
    proba = mixed.predict_proba(X_test)
    assert proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    mixed_accuracy = (mixed.predict(X_test) == y_test).mean()
    full_accuracy = (full.predict(X_test) == y_test).mean()
    assert mixed_accuracy > 0.5
    assert abs(mixed_accuracy - full_accuracy) < 0.05


@pytest.mark.parametrize(
    "clf",
    [
        FastTextClassifier(embedding_dim=16, max_epochs=3, random_state=0),
        LSTMClassifier(embedding_dim=16, hidden_size=16, max_epochs=2, random_state=0),
    ],
    ids=["fasttext", "lstm"],
)
def test_mixed_precision_round_trips_through_a_model_file(thucnews, tmp_path, clf):
    X, y, X_test, _ = _split(thucnews, n_train=600, n_test=100)
    model = _pipeline(clone(clf).set_params(mixed_precision=True))
    try:
        model.fit(X, y)
    except RuntimeError as error:
        # oneDNN has no bfloat16 LSTM on CPUs without AVX-512: the error says
        # which setting to change.
        assert "Set mixed_precision=False" in str(error)
        pytest.skip(f"this CPU runs no bfloat16 {type(clf).__name__}")
    save_model(model, tmp_path / "model.tnn")
    loaded = load_model(tmp_path / "model.tnn")
    assert loaded[-1].mixed_precision is True
    np.testing.assert_array_equal(
        loaded.predict_proba(X_test), model.predict_proba(X_test)
    )


def test_mixed_precision_errors_name_the_device(monkeypatch, sports_or_realty):
    data = sports_or_realty
    # A GPU without bfloat16 units, as torch would report it.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    clf = _pipeline(FastTextClassifier(device="cuda", mixed_precision=True))
    with pytest.raises(ValueError, match="bfloat16, which the GPU of device='cuda'"):
        clf.fit(data.X_train, data.y_train)
    with pytest.raises(ValueError, match="works on 'cpu' and 'cuda' devices"):
        _training.check_device("meta", mixed_precision=True)
    with pytest.raises(ValueError, match="mixed_precision"):
        _pipeline(FastTextClassifier(mixed_precision="yes")).fit(
            data.X_train, data.y_train
        )


def test_a_gpu_net_reads_batches_from_pinned_memory(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    clf = FastTextClassifier(device="cuda", mixed_precision=False)
    net = _training._make_net(
        clf,
        torch.nn.Linear(2, 2),
        class_weights=None,
        max_epochs=1,
        train_split=None,
        has_valid=False,
    )
    assert net.iterator_train__pin_memory and net.iterator_valid__pin_memory
    assert net.device == "cuda" and net.mixed_precision is False
    cpu_net = _training._make_net(
        clf.set_params(device="cpu", mixed_precision=True),
        torch.nn.Linear(2, 2),
        class_weights=None,
        max_epochs=1,
        train_split=None,
        has_valid=False,
    )
    assert not hasattr(cpu_net, "iterator_train__pin_memory")
    assert cpu_net.mixed_precision is True


def test_to_device_leaves_cpu_batches_as_they_are():
    batch = {"ids": torch.arange(6).reshape(2, 3)}
    moved = _training.to_device(batch, "cpu")
    assert moved["ids"] is batch["ids"]
    assert _training.to_device(batch["ids"], "cpu") is batch["ids"]


# ------------------------------------------------------------------------ on a GPU


@needs_cuda
@pytest.mark.parametrize("mixed_precision", [False, True])
@pytest.mark.parametrize(
    "clf",
    [
        FastTextClassifier(random_state=0),
        TextCNNClassifier(
            embedding_dim=32, num_filters=32, max_epochs=5, lr=3e-3, random_state=0
        ),
    ],
    ids=["fasttext", "textcnn"],
)
def test_gpu_trains_and_predicts_like_the_cpu(thucnews, clf, mixed_precision):
    if mixed_precision and not torch.cuda.is_bf16_supported():
        pytest.skip("this GPU has no bfloat16 units")
    X, y, X_test, y_test = _split(thucnews)
    on_cpu = _pipeline(clone(clf)).fit(X, y)
    on_gpu = _pipeline(
        clone(clf).set_params(device="cuda", mixed_precision=mixed_precision)
    ).fit(X, y)
    net = on_gpu[-1].net_
    assert next(net.module_.parameters()).is_cuda
    assert net.iterator_train__pin_memory and net.iterator_valid__pin_memory
    gpu_accuracy = (on_gpu.predict(X_test) == y_test).mean()
    cpu_accuracy = (on_cpu.predict(X_test) == y_test).mean()
    assert abs(gpu_accuracy - cpu_accuracy) < 0.05
    assert (on_gpu.predict(X_test) == on_cpu.predict(X_test)).mean() > 0.85
    proba = on_gpu.predict_proba(X_test)
    assert proba.dtype == np.float64
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
