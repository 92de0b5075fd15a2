"""A fitted classifier's network as an ONNX graph, and a predictor that runs it
with onnxruntime, without torch or skorch.

:func:`export_onnx` and :meth:`ONNXClassifier.from_estimator` import torch when
they export; predicting with an :class:`ONNXClassifier`, or with the pipeline of
:func:`onnx_pipeline`, does not.
"""

import os
from numbers import Integral
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .. import _inputs
from .._cores import available_cores
from .._ids import PAD_ID

_EXTRA = "pip install 'sklearn-textnn[onnx]'"

# The fitted attributes of a classifier that reading its inputs needs; those that
# a classifier lacks (feature names without a DataFrame...) stay unset here too.
_INPUT_ATTRIBUTES = (
    "n_features_in_",
    "feature_names_in_",
    "_vocabulary_fingerprint",
    # FeatureMergeClassifier
    "n_numeric_features_",
    "id_columns_",
    "feature_columns_",
    "_input_kind",
    "_widths",
)


def export_onnx(estimator, path):
    """Write the network of a fitted classifier to an ONNX file.

    The graph takes the token ids (``'ids'``: int64, ``(documents, tokens)``, or
    ``(documents, sentences, tokens)`` for the networks that read sentences, such
    as HAN; 0 is padding, anywhere) and, for :class:`FeatureMergeClassifier`, the
    numeric features (``'features'``: float32, ``(documents, n_features)``). Its
    output, ``'probabilities'`` (float32, ``(documents, n_classes)``), has a
    column per class, in the order of ``classes_``. Any number of documents, of
    sentences and of tokens can be given at once. The file's metadata hold the
    classes (``'classes'``, JSON), the number of token vectors
    (``'n_embeddings'``: larger ids must be replaced by the unknown id, 1) and, for
    DPCNN, the longest text the graph reads (``'max_tokens'``).

    The graph reads ids, not text: keep the fitted tokenizer and vocabulary to
    make them, or use :func:`onnx_pipeline`, which does it all without torch.

    Parameters
    ----------
    estimator : classifier or Pipeline
        A fitted classifier of :mod:`sklearn_textnn.classifiers`, or a fitted
        :class:`~sklearn.pipeline.Pipeline` whose last step is one.
    path : str or path-like
        The file to write.

    Returns
    -------
    path : pathlib.Path
        The file written.

    See Also
    --------
    ONNXClassifier : Predicts with the graph from the same inputs as the
        classifier.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import onnxruntime
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import FastTextClassifier, TextTokenizer, Vocabulary
    >>> from sklearn_textnn.serving import export_onnx
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> model = make_pipeline(TextTokenizer(), Vocabulary(),
    ...                       FastTextClassifier(max_epochs=5, random_state=0))
    >>> model = model.fit(texts, ["spam", "ham", "spam", "ham"])
    >>> path = export_onnx(model, pathlib.Path(tempfile.mkdtemp()) / "spam.onnx")
    >>> session = onnxruntime.InferenceSession(path)
    >>> [i.name for i in session.get_inputs()], session.get_outputs()[0].name
    (['ids'], 'probabilities')
    """
    graph = _export(_fitted_classifier(estimator, "export_onnx"))[0]
    path = Path(os.fspath(path))
    path.write_bytes(graph)
    return path


def onnx_pipeline(pipeline, *, n_threads=None):
    """The pipeline with its classifier replaced by an :class:`ONNXClassifier`.

    The other steps are the fitted objects of ``pipeline`` itself, not copies: the
    result takes the same input (raw text, a DataFrame...) and predicts the same,
    without importing torch or skorch, so a pickle of it loads in a process
    without them. It is for predicting only: its ``fit`` would refit those shared
    steps before the :class:`ONNXClassifier` refuses to be trained.

    Parameters
    ----------
    pipeline : Pipeline
        A fitted pipeline whose last step is a classifier of
        :mod:`sklearn_textnn.classifiers`.
    n_threads : int, default=None
        Threads of the onnxruntime session, see :class:`ONNXClassifier`.

    Returns
    -------
    onnx_pipeline : Pipeline
        The same steps, the last one an :class:`ONNXClassifier`.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (SequencePadder, TextCNNClassifier,
    ...                             TextTokenizer, Vocabulary)
    >>> from sklearn_textnn.serving import onnx_pipeline
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     TextCNNClassifier(num_filters=8, max_epochs=30,
    ...                       validation_fraction=None, random_state=0))
    >>> model = model.fit(texts * 5, ["spam", "ham", "spam", "ham"] * 5)
    >>> served = onnx_pipeline(model)
    >>> [name for name, _ in served.steps]
    ['texttokenizer', 'vocabulary', 'sequencepadder', 'textcnnclassifier']
    >>> served[-1]
    ONNXClassifier()
    >>> new = ["cash pills", "see you at noon"]
    >>> bool((served.predict(new) == model.predict(new)).all())
    True
    """
    if not isinstance(pipeline, Pipeline):
        raise TypeError(
            f"onnx_pipeline takes a fitted Pipeline; got {type(pipeline).__name__} "
            "(for a classifier alone, use ONNXClassifier.from_estimator)"
        )
    classifier = _fitted_classifier(pipeline, "onnx_pipeline")
    converted = ONNXClassifier.from_estimator(classifier, n_threads=n_threads)
    return Pipeline(
        [*pipeline.steps[:-1], (pipeline.steps[-1][0], converted)],
        memory=pipeline.memory,
        verbose=pipeline.verbose,
    )


class ONNXClassifier(ClassifierMixin, BaseEstimator):
    """The network of a fitted classifier, run by onnxruntime: predictions without
    torch or skorch.

    Made from a fitted classifier by :meth:`from_estimator` (or, for a whole
    pipeline, by :func:`onnx_pipeline`), it takes the same ``X`` as the
    classifier's predict methods: an id matrix from
    :class:`~sklearn_textnn.preprocessing.SequencePadder`, ragged id lists from
    :class:`~sklearn_textnn.preprocessing.Vocabulary`, documents of sentences for
    the networks that read sentences, the DataFrame, dict or array of
    :class:`~sklearn_textnn.classifiers.FeatureMergeClassifier`, checked as the
    classifier checks them (same columns, same vocabulary; ids the network never
    saw read as unknown). The probabilities are the network's, to about 1e-6.

    Prediction runs the graph on batches of about 65,000 ids (ragged documents
    sorted by length, each batch padded to its longest document). It imports
    neither torch nor skorch, and a pickle holds the graph itself, so a pickled
    model loads with only onnxruntime, numpy and scikit-learn beside this package
    (``pip install 'sklearn-textnn[onnx]'``). It cannot be trained: fit the
    classifier and convert it again.

    Parameters
    ----------
    n_threads : int, default=None
        Threads that onnxruntime runs each operator on (``intra_op_num_threads``).
        ``None``: the CPU cores this process may use (its affinity and container
        quota, not the host's count).

    Attributes
    ----------
    onnx_model_ : bytes
        The ONNX graph, as :func:`export_onnx` writes it.
    classes_ : ndarray of shape (n_classes,)
        The labels, from the classifier.
    n_embeddings_ : int
        Rows of the network's token vectors: larger ids read as unknown (id 1).
    reads_sentences_ : bool
        Whether the graph takes documents of sentences (3-D ids).
    max_tokens_ : int or None
        The longest text the graph reads (DPCNN), or None for any length.
    n_features_in_ : int
        Number of columns of ``X`` at ``fit``, when the classifier had them.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the columns seen at ``fit``. Only with DataFrame input.

    See Also
    --------
    export_onnx : The ONNX file alone, for other runtimes.
    onnx_pipeline : A fitted pipeline with its classifier converted.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import FastTextClassifier, TextTokenizer, Vocabulary
    >>> from sklearn_textnn.serving import ONNXClassifier
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(TextTokenizer(), Vocabulary(),
    ...                       FastTextClassifier(max_epochs=20, random_state=0))
    >>> model = model.fit(texts * 5, labels * 5)
    >>> onnx = ONNXClassifier.from_estimator(model[-1], n_threads=1)
    >>> ids = model[:-1].transform(["cash pills now", "noon"])
    >>> onnx.predict(ids)
    array(['spam', 'ham'], dtype='<U4')
    >>> bool(abs(onnx.predict_proba(ids) - model[-1].predict_proba(ids)).max() < 1e-5)
    True
    """

    _parameter_constraints = {
        "n_threads": [Interval(Integral, 1, None, closed="left"), None],
    }

    def __init__(self, *, n_threads=None):
        self.n_threads = n_threads

    @classmethod
    def from_estimator(cls, estimator, **params):
        """Export the network of a fitted classifier and predict with it.

        Imports torch to export the network (a second or less, several for a
        DPCNN); the predictor then never does.

        Parameters
        ----------
        estimator : classifier or Pipeline
            A fitted classifier of :mod:`sklearn_textnn.classifiers`, or a fitted
            :class:`~sklearn.pipeline.Pipeline` whose last step is one (its
            classifier is converted; see :func:`onnx_pipeline` for the whole
            pipeline).
        **params
            Parameters of the predictor (``n_threads``).

        Returns
        -------
        onnx_classifier : ONNXClassifier
            Fitted: ready to predict.
        """
        onnx_classifier = cls(**params)
        onnx_classifier._validate_params()
        classifier = _fitted_classifier(estimator, f"{cls.__name__}.from_estimator")
        graph, reads_sentences, max_tokens = _export(classifier)
        onnx_classifier.onnx_model_ = graph
        onnx_classifier.classes_ = np.asarray(classifier.classes_).copy()
        onnx_classifier.n_embeddings_ = int(classifier.n_embeddings_)
        onnx_classifier.reads_sentences_ = reads_sentences
        onnx_classifier.max_tokens_ = max_tokens
        for attribute in _INPUT_ATTRIBUTES:
            if hasattr(classifier, attribute):
                value = getattr(classifier, attribute)
                setattr(onnx_classifier, attribute, _copy(value))
        return onnx_classifier

    def fit(self, X, y=None):
        """Not available: an ONNXClassifier holds a network trained elsewhere.

        Raises
        ------
        NotImplementedError
            Always: fit the classifier, then convert it with
            :meth:`from_estimator` or :func:`onnx_pipeline`.
        """
        raise NotImplementedError(
            "ONNXClassifier cannot be trained: it runs the exported network of a "
            "fitted classifier. Fit the classifier (or its pipeline), then convert "
            "it with ONNXClassifier.from_estimator(classifier) or "
            "onnx_pipeline(pipeline)"
        )

    def predict_proba(self, X):
        """Probability of each class.

        Parameters
        ----------
        X : array-like, list of id lists, DataFrame or dict
            What the classifier's ``predict_proba`` takes.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        check_is_fitted(self, "onnx_model_")
        inputs = self._inputs(X)
        session = self._session()
        proba = np.empty((len(inputs["ids"]), len(self.classes_)), dtype=np.float64)
        for rows in _inputs.prediction_batches(inputs["ids"]):
            proba[rows] = session.run(["probabilities"], self._feed(inputs, rows))[0]
        return proba / proba.sum(axis=1, keepdims=True)

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like, list of id lists, DataFrame or dict
            What the classifier's ``predict_log_proba`` takes.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """The most probable class of each document.

        Parameters
        ----------
        X : array-like, list of id lists, DataFrame or dict
            What the classifier's ``predict`` takes.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Labels, of the type the classifier was fitted with.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    # ------------------------------------------------------------------- inputs
    def _inputs(self, X):
        """The network's inputs from ``X``, checked as the classifier checks them."""
        if hasattr(self, "_input_kind"):  # converted from a FeatureMergeClassifier
            inputs = _inputs.merged_inputs(self, X, reset=False)
        else:
            inputs = _inputs.text_inputs(
                self, X, reset=False, sentences=self.reads_sentences_
            )
        _inputs.check_vocabulary(self, X)
        return _inputs.unseen_as_unknown(inputs, self.n_embeddings_)

    def _feed(self, inputs, rows):
        """The graph's inputs for the documents ``rows``."""
        ids = inputs["ids"][rows]
        if ids.dtype == object:
            ids = _inputs.padded_ids(ids)
        if self.reads_sentences_ and ids.ndim == 2:
            # An id matrix is read as documents of one sentence.
            ids = ids[:, None, :]
        ids = _without_padding_columns(ids)
        if self.max_tokens_ is not None and ids.shape[-1] > self.max_tokens_:
            raise ValueError(
                f"X has a document of {ids.shape[-1]} tokens, but the ONNX graph of "
                f"this network reads at most {self.max_tokens_}; truncate the "
                "documents (SequencePadder(maxlen=...))"
            )
        feed = {"ids": np.ascontiguousarray(ids, dtype=np.int64)}
        if "features" in inputs:
            feed["features"] = np.ascontiguousarray(inputs["features"][rows])
        return feed

    # ------------------------------------------------------------------ session
    def _session(self):
        """The onnxruntime session, made on first use (and after unpickling)."""
        n_threads = self.n_threads or available_cores()
        cached = getattr(self, "_cached_session", None)
        if cached is not None and cached[0] == n_threads:
            return cached[1]
        onnxruntime = _import_or_explain("onnxruntime", "ONNXClassifier")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = n_threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            self.onnx_model_, options, providers=["CPUExecutionProvider"]
        )
        self._cached_session = (n_threads, session)
        return session

    def __getstate__(self):
        state = super().__getstate__()
        # The session is remade from the graph's bytes after loading.
        state.pop("_cached_session", None)
        return state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        return tags


def _fitted_classifier(estimator, caller):
    """The fitted classifier of this package that ``estimator`` is or ends with."""
    from ..classifiers import BaseTextClassifier

    classifier = estimator[-1] if isinstance(estimator, Pipeline) else estimator
    if not isinstance(classifier, BaseTextClassifier):
        where = (
            "the last step of the Pipeline is"
            if isinstance(estimator, Pipeline)
            else "got"
        )
        raise TypeError(
            f"{caller} takes a classifier of sklearn_textnn (TextCNNClassifier, "
            f"FastTextClassifier, TextClassifier...) or a Pipeline that ends with "
            f"one; {where} {type(classifier).__name__}"
        )
    check_is_fitted(classifier)
    return classifier


def _export(classifier):
    """The ONNX graph of a fitted classifier's network, whether it reads
    sentences, and the longest text the graph reads (or None)."""
    _import_or_explain("onnx", "exporting a network to ONNX")
    _import_or_explain("onnxruntime", "exporting a network to ONNX")
    from ..classifiers import FeatureMergeClassifier
    from ._export import metadata, onnx_graph

    module = classifier.net_.module_
    merges_features = isinstance(classifier, FeatureMergeClassifier)
    # A network that merges features reads one id sequence per document.
    reads_sentences = classifier._network().reads_sentences and not merges_features
    max_tokens = getattr(module.encoder, "exported_max_length", None)
    graph = onnx_graph(
        module,
        n_embeddings=classifier.n_embeddings_,
        n_features=classifier.n_numeric_features_ if merges_features else None,
        reads_sentences=reads_sentences,
        metadata=metadata(classifier, max_tokens),
    )
    return graph, reads_sentences, max_tokens


def _without_padding_columns(ids):
    """``ids`` without the leading and trailing tokens (and sentences) that are
    padding in every document of the batch, keeping at least one: the networks
    give a document the same result whatever its padding, sooner."""
    real = ids != PAD_ID
    for axis in range(1, ids.ndim):
        others = tuple(a for a in range(ids.ndim) if a != axis)
        used = np.flatnonzero(real.any(axis=others))
        keep = [slice(None)] * ids.ndim
        keep[axis] = slice(used[0], used[-1] + 1) if len(used) else slice(0, 1)
        ids, real = ids[tuple(keep)], real[tuple(keep)]
    return ids


def _import_or_explain(module, purpose):
    """Import an optional dependency, or say which extra brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{purpose} needs the {module} package, which is not installed: {_EXTRA}"
        ) from exc


def _copy(value):
    """A copy of a fitted attribute that the predictor may keep on its own."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return list(value)
    return value
