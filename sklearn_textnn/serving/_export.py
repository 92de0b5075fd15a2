"""The torch side of the ONNX export: a classifier's network as an ONNX graph of
its class probabilities.

Imported only when a network is exported, so that predicting with the exported
graph (:mod:`._onnx`) never imports torch.
"""

import inspect
import io
import json
import warnings

import numpy as np
import torch

from .. import __version__
from .._ids import PAD_ID, UNK_ID

#: ONNX operator set of the exported graphs: read by onnxruntime 1.14 and later.
OPSET = 17

#: Name of the graph's output: float32 probabilities, one column per class.
OUTPUT = "probabilities"

# An ONNX model is one protobuf message, which cannot reach 2 GiB.
_MAX_BYTES = 2**31 - 2**26

# The largest difference allowed between the probabilities of the exported graph
# and those of the network (float32 sums in another order differ by about 1e-7).
_TOLERANCE = 1e-4


class _Probabilities(torch.nn.Module):
    """A classifier's network, its class scores turned into probabilities."""

    def __init__(self, network):
        super().__init__()
        self.network = network

    def forward(self, *inputs):
        return torch.softmax(self.network(*inputs), dim=1)


def onnx_graph(module, *, n_embeddings, n_features, reads_sentences, metadata):
    """The ONNX model (bytes) of the class probabilities of ``module``.

    The network is traced on a small example and exported with the batch, sentence
    and token axes left free; the graph is then run by onnxruntime on an input of
    other sizes, documents without any token included, and must give the network's
    probabilities there too.

    Parameters
    ----------
    module : torch.nn.Module
        The classifier's network: ``module(ids)``, or ``module(ids, features)``
        when ``n_features`` is given, returns the class scores.
    n_embeddings : int
        Rows of its token vectors: the example draws its ids below this.
    n_features : int or None
        Numeric features of each document, for a network that merges them.
    reads_sentences : bool
        Whether the ids are ``(documents, sentences, tokens)`` rather than
        ``(documents, tokens)``.
    metadata : dict of str to str
        Stored in the model's ``metadata_props``.

    Returns
    -------
    model : bytes
        A serialized ``onnx.ModelProto``.
    """
    import onnx

    size = sum(t.numel() * t.element_size() for t in module.state_dict().values())
    if size >= _MAX_BYTES:
        raise ValueError(
            f"the network's weights take {size / 2**30:.1f} GiB, but an ONNX model "
            "in one piece holds at most 2 GiB (a protobuf limit); shrink the token "
            "vectors (embedding_compression, embedding_dim, or a vocabulary with "
            "max_size)"
        )
    names = ["ids"] if n_features is None else ["ids", "features"]
    id_axes = (
        {0: "documents", 1: "sentences", 2: "tokens"}
        if reads_sentences
        else {0: "documents", 1: "tokens"}
    )
    axes = {"ids": id_axes, "features": {0: "documents"}, OUTPUT: {0: "documents"}}
    device = next(module.parameters()).device
    generator = torch.Generator().manual_seed(0)
    # Neither size is 1, which a traced graph could take for a broadcast.
    example = _example(4, n_embeddings, n_features, reads_sentences, generator)
    check = _example(7, n_embeddings, n_features, reads_sentences, generator)
    training = module.training
    # The exporter restores the mode it found, recursively: the new module too
    # must be in evaluation mode.
    wrapped = _Probabilities(module).eval()
    try:
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            # The TorchScript exporter warns that torch now has a second one, and
            # the tracer that torch's own shape checks read tensors as Python
            # values; the check below shows whether the graph fits other sizes.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                wrapped,
                tuple(x.to(device) for x in example),
                buffer,
                input_names=names,
                output_names=[OUTPUT],
                dynamic_axes={name: axes[name] for name in [*names, OUTPUT]},
                opset_version=OPSET,
                **_torchscript_exporter(),
            )
        with torch.no_grad():
            expected = wrapped(*(x.to(device) for x in check)).float().cpu().numpy()
    finally:
        module.train(training)
    model = onnx.load_model_from_string(buffer.getvalue())
    model.producer_name = "sklearn-textnn"
    model.producer_version = __version__
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    graph = model.SerializeToString()
    _check_graph(graph, dict(zip(names, (x.numpy() for x in check))), expected)
    return graph


def _example(size, n_embeddings, n_features, reads_sentences, generator):
    """Random inputs with every axis of ``size``: ids of the vocabulary with some
    padding, and the last document without any token."""
    shape = (size,) * (3 if reads_sentences else 2)
    high = max(n_embeddings, UNK_ID + 1)
    ids = torch.randint(UNK_ID, high, shape, generator=generator)
    ids[0, ..., -2:] = PAD_ID
    ids[-1] = PAD_ID
    if n_features is None:
        return (ids,)
    return ids, torch.randn(size, n_features, generator=generator)


def _torchscript_exporter():
    """The keyword that picks the TorchScript-based exporter, where torch has two.

    The newer exporter (``dynamo=True``) builds graphs through ``torch.export``:
    several seconds per network, and minutes for DPCNN's pyramid of blocks, where
    the TorchScript one takes a fraction of a second. The networks ask whether
    they are being exported and then take no shape from the values of the input,
    which tracing would record as constants.
    """
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        return {"dynamo": False}
    return {}


def _check_graph(graph, inputs, expected):
    """Refuse a graph whose probabilities on ``inputs`` are not ``expected``."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        graph, options, providers=["CPUExecutionProvider"]
    )
    found = session.run([OUTPUT], inputs)[0]
    difference = float(np.max(np.abs(found - expected)))
    if not difference <= _TOLERANCE:
        raise RuntimeError(
            "the exported ONNX graph does not give the network's probabilities on "
            f"inputs of other sizes than the example it was traced with (largest "
            f"difference {difference:.3g}); the network computes a shape from the "
            "values of its input during export. Please report this with the "
            "network's parameters"
        )


def metadata(classifier, max_length):
    """What a reader of the ONNX file needs beside the graph, as strings."""
    items = {
        "classes": json.dumps(np.asarray(classifier.classes_).tolist(), default=str),
        "estimator": type(classifier).__name__,
        "n_embeddings": str(classifier.n_embeddings_),
        "unknown_id": str(UNK_ID),
        "padding_id": str(PAD_ID),
    }
    if max_length is not None:
        items["max_tokens"] = str(max_length)
    return items
