"""The scikit-learn side of every neural text classifier.

A plain scikit-learn estimator with explicit hyperparameters that builds a torch
module at ``fit`` (token vectors -> the network of :mod:`sklearn_textnn.networks`
-> a head) and trains it with the core of :mod:`._training`, keeping the skorch net
as ``net_``. skorch's ``NeuralNet`` is composed, not subclassed: its ``**kwargs``
constructor would break ``get_params``/``clone``. Turning ``X`` into the module's
inputs is :mod:`.._inputs`' job.
"""

import os
import time
import warnings
from abc import ABCMeta, abstractmethod
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .. import _inputs
from ..embeddings import WordVectors, build_embedding_matrix
from ..networks import Network
from ..nn import TextClassifierNet, compressed_embedding, token_embedding
from ..preprocessing import vocabulary_fingerprint
from . import _training


class BaseTextClassifier(ClassifierMixin, BaseEstimator, metaclass=ABCMeta):
    """Common machinery of the text classifiers; subclasses name the network.

    ``fit`` validates parameters and data, encodes the labels, learns the
    data-dependent sizes (number of embeddings, of classes), builds the token
    vectors, the network (:meth:`_network`) and the head (:meth:`_head`), and
    trains them with the shared training core.
    """

    _parameter_constraints = {
        "embedding_dim": [Interval(Integral, 1, None, closed="left"), None],
        "pretrained_vectors": [str, os.PathLike, WordVectors, dict, None],
        "embedding_compression": [Interval(Real, 1, None, closed="left"), None],
        "freeze_embedding": ["boolean"],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "optimizer": [StrOptions(set(_training.OPTIMIZERS)), type],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "gradient_clipping": [Interval(Real, 0, None, closed="neither"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "refit_on_all": ["boolean"],
        "average": [
            "boolean",
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "callbacks": [list, tuple, None],
        "device": [str, torch.device],
        "mixed_precision": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    @abstractmethod
    def _network(self):
        """The validated :class:`~sklearn_textnn.networks.Network` to train."""

    def _head(self, encoder, n_classes):
        """The module around the encoder that gives the class scores."""
        return TextClassifierNet(encoder, n_classes, dropout=self.dropout)

    def _check_inputs(self, X, *, reset):
        """The module's inputs (a dict of arrays) from ``X``."""
        return _inputs.text_inputs(
            self, X, reset=reset, sentences=self._network().reads_sentences
        )

    def _own_network(self, network_class):
        """A ``network_class`` with this classifier's parameters of the same names."""
        params = self.get_params(deep=False)
        names = network_class._get_param_names()
        return network_class(**{name: params[name] for name in names}).validated()

    # ------------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network.

        Parameters
        ----------
        X : array-like of shape (n_samples, maxlen)
            Token ids, as produced by :class:`~sklearn_textnn.preprocessing.Vocabulary`
            followed by :class:`~sklearn_textnn.preprocessing.SequencePadder`: 0 is
            padding, 1 unknown.
        y : array-like of shape (n_samples,)
            Labels of any type (strings, integers, ...).

        Returns
        -------
        self : object
            The fitted classifier.
        """
        network = self._network()
        inputs = self._check_inputs(X, reset=True)
        y = _inputs.check_labels(self, y, len(inputs["ids"]))
        vocabulary = _inputs.carried_vocabulary(X)
        self.n_embeddings_ = _inputs.embedding_rows(inputs["ids"], vocabulary)
        self._vocabulary_fingerprint = (
            None if vocabulary is None else vocabulary_fingerprint(vocabulary)
        )
        label_encoder = LabelEncoder()
        y_encoded = label_encoder.fit_transform(y).astype(np.int64)
        self.classes_ = label_encoder.classes_
        if len(self.classes_) < 2:
            only = self.classes_.tolist()[0]
            raise ValueError(
                f"y has only one class ({only!r}); a classifier needs at least two"
            )
        class_weights = _training.class_weights(self.class_weight, self.classes_, y)
        document_frequency = None
        if network.uses_document_frequency:
            document_frequency = _inputs.document_frequency(
                inputs["ids"], self.n_embeddings_, y_encoded, len(self.classes_)
            )
        seed = int(
            check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        )
        start = time.perf_counter()
        self.net_ = _training.train(
            self,
            lambda: self._build_module(network, vocabulary, seed, document_frequency),
            inputs,
            y_encoded,
            class_weights=class_weights,
            seed=seed,
        )
        self.fit_time_ = time.perf_counter() - start
        self.n_epochs_ = _training.finished_epochs(self.net_)
        self.best_epoch_ = _training.best_epoch(self.net_)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """Train on one chunk of the data: one pass over it, continuing from the
        previous chunks, for corpora read in pieces (the way
        :class:`~sklearn.feature_extraction.text.HashingVectorizer` and
        :class:`~sklearn.linear_model.SGDClassifier` stream).

        The ids must come from a
        :class:`~sklearn_textnn.preprocessing.HashingVocabulary`, which maps every
        chunk's tokens to the same ids without being fitted on them (a
        :class:`~sklearn_textnn.preprocessing.Vocabulary` fitted on the first
        chunk would read every later new token as unknown). Each call makes one
        pass over ``X`` with the classifier's optimizer, ``lr`` and
        ``batch_size``; there is no validation split, early stopping or weight
        averaging. A network that weighs tokens by their document frequency
        (FastText's ``weighting``) takes them, class by class, from the first
        chunk: make it a random sample of the corpus.

        Parameters
        ----------
        X : array-like
            Token ids of the chunk, as :meth:`fit` takes them, from a
            HashingVocabulary.
        y : array-like of shape (n_samples,)
            Labels of the chunk.
        classes : array-like of shape (n_classes,), default=None
            Every label of the whole corpus: required at the first call (a chunk
            may lack some), ignored later.

        Returns
        -------
        self : object
        """
        from ..preprocessing import HashingVocabulary

        first = not hasattr(self, "net_")
        network = self._network()
        inputs = self._check_inputs(X, reset=first)
        vocabulary = _inputs.carried_vocabulary(X)
        if not isinstance(vocabulary, HashingVocabulary):
            raise ValueError(
                "partial_fit needs ids from a HashingVocabulary, whose ids do not "
                "depend on the data; X carries "
                + (
                    "no vocabulary"
                    if vocabulary is None
                    else f"a {type(vocabulary).__name__}, fitted on one chunk only"
                )
                + ". Transform every chunk with the same HashingVocabulary (a slice "
                "of its output is a plain list, without it)"
            )
        if self.class_weight == "balanced":
            raise ValueError(
                "class_weight='balanced' needs the class counts of the whole corpus, "
                "which partial_fit never sees; give a dict of weights or None"
            )
        if first:
            if classes is None:
                raise ValueError(
                    "classes is required at the first call of partial_fit: every "
                    "label of the corpus, since a chunk may lack some"
                )
            self.classes_ = np.unique(np.asarray(classes))
            if len(self.classes_) < 2:
                raise ValueError(
                    f"classes has {len(self.classes_)} label(s); a classifier "
                    "needs at least two"
                )
        else:
            _inputs.check_vocabulary(self, X)
        y = _inputs.check_labels(self, y, len(inputs["ids"]))
        known = np.isin(y, self.classes_)
        if not known.all():
            where = int(np.flatnonzero(~known)[0])
            label = y[where].item() if isinstance(y[where], np.generic) else y[where]
            raise ValueError(
                f"y[{where}] is {label!r}, not one of the classes given at the "
                f"first call of partial_fit ({self.classes_.tolist()})"
            )
        y_encoded = np.searchsorted(self.classes_, y).astype(np.int64)
        class_weights = _training.class_weights(
            self.class_weight, self.classes_, self.classes_
        )
        if first:
            self.n_embeddings_ = _inputs.embedding_rows(inputs["ids"], vocabulary)
            self._vocabulary_fingerprint = vocabulary_fingerprint(vocabulary)
        if not hasattr(self, "_partial_seed"):
            self._partial_seed = int(
                check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
            )
            self.n_partial_fit_calls_ = 0
        if first:
            document_frequency = None
            if network.uses_document_frequency:
                document_frequency = _inputs.document_frequency(
                    inputs["ids"], self.n_embeddings_, y_encoded, len(self.classes_)
                )
            with torch.random.fork_rng():
                torch.manual_seed(self._partial_seed)
                module = self._build_module(
                    network, vocabulary, self._partial_seed, document_frequency
                )
        else:
            module = self.net_.module_
        if first or not getattr(self.net_, "partial_", False):
            self.net_ = _training.partial_net(self, module, class_weights=class_weights)
            self.net_.partial_ = True
        start = time.perf_counter()
        inputs = _inputs.unseen_as_unknown(inputs, self.n_embeddings_)
        _training.train_on_chunk(
            self.net_, inputs, y_encoded, self._partial_seed + self.n_partial_fit_calls_
        )
        self.n_partial_fit_calls_ += 1
        self.fit_time_ = getattr(self, "fit_time_", 0.0) * (not first) + (
            time.perf_counter() - start
        )
        self.n_epochs_ = _training.finished_epochs(self.net_)
        self.best_epoch_ = self.n_epochs_
        return self

    def _build_module(self, network, vocabulary, seed, document_frequency):
        """Token vectors for this fit's ids -> the network -> the head."""
        weights = self._pretrained_weights(vocabulary, seed)
        if weights is not None:
            self.embedding_dim_ = weights.shape[1]
        else:
            self.embedding_dim_ = self.embedding_dim or network.default_embedding_dim
        return self._assemble_module(network, weights, document_frequency)

    def _assemble_module(self, network, weights=None, document_frequency=None):
        """The module of ``embedding_dim_``-wide token vectors (``weights`` when
        given, else random) read by ``network``."""
        sparse = _training.sparse_gradients(self)
        if self.embedding_compression is None:
            embedding = token_embedding(
                self.n_embeddings_,
                self.embedding_dim_,
                weights,
                freeze=self.freeze_embedding,
                sparse=sparse,
            )
        else:
            embedding = compressed_embedding(
                self.n_embeddings_,
                self.embedding_dim_,
                self.embedding_compression,
                sparse=sparse,
            )
        encoder = network.build(
            embedding, dropout=self.dropout, document_frequency=document_frequency
        )
        return self._head(encoder, len(self.classes_))

    def _restore_net(self, state_dict):
        """A net ready to predict with the weights ``state_dict`` (torch tensors),
        for a classifier whose other fitted attributes are set: how a model file
        without pickles comes back. No training history."""
        network = self._network()
        document_frequency = None
        if network.uses_document_frequency:
            # A placeholder of the right size: the stored weights replace the
            # statistics derived from it.
            document_frequency = np.ones((self.n_embeddings_, len(self.classes_)))
        module = self._assemble_module(network, document_frequency=document_frequency)
        self.net_ = _training.restore(self, module, state_dict)
        return self

    def _pretrained_weights(self, vocabulary, seed):
        """The embedding matrix of this fit's vocabulary, read from the vectors."""
        self.embedding_coverage_ = None
        if self.pretrained_vectors is None:
            return None
        if self.embedding_compression is not None:
            raise ValueError(
                "pretrained_vectors and embedding_compression cannot be combined: "
                "compressed token vectors share rows, which pretrained vectors do "
                "not fit into; set one of them to None"
            )
        if vocabulary is None or not hasattr(vocabulary, "get_feature_names_out"):
            raise ValueError(
                "pretrained_vectors needs the token behind each id, but X carries "
                + (
                    "no vocabulary"
                    if vocabulary is None
                    else f"a {type(vocabulary).__name__}, which does not tell them"
                )
                + ": give the classifier the output of Vocabulary -> SequencePadder "
                "in the same Pipeline (a plain array or DataFrame made from it has "
                "lost the tokens)"
            )
        tokens = vocabulary.get_feature_names_out()
        if len(tokens) < self.n_embeddings_:
            raise ValueError(
                f"X has ids up to {self.n_embeddings_ - 1} but its vocabulary has "
                f"only {len(tokens)} tokens"
            )
        counts = getattr(vocabulary, "counts_", None)
        if counts is None:
            counts = np.ones(len(tokens), dtype=np.int64)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            matrix, coverage = build_embedding_matrix(
                self.pretrained_vectors,
                tokens,
                counts,
                embedding_dim=self.embedding_dim,
                random_state=seed,
            )
        self.embedding_coverage_ = coverage
        return matrix

    def _drop_training_state(self):
        """Forget the optimizer, the training history and the callbacks' copies
        of the weights: what only training needs."""
        from skorch.history import History

        net = self.net_
        # The optimizer goes whole: besides its state, a pickle would store a
        # second copy of every weight through its references to them.
        net.optimizer_ = None
        # partial_fit then starts a new optimizer.
        net.partial_ = False
        for _, callback in getattr(net, "callbacks_", ()):
            for name in ("mean_", "best_model_weights_"):
                if getattr(callback, name, None) is not None:
                    setattr(callback, name, None)
        net.history = History()

    # -------------------------------------------------------------------- predict
    def _prepare_predict(self, X):
        check_is_fitted(self)
        inputs = self._check_inputs(X, reset=False)
        _inputs.check_vocabulary(self, X)
        return _inputs.unseen_as_unknown(inputs, self.n_embeddings_)

    def predict_proba(self, X):
        """Probability of each class.

        Parameters
        ----------
        X : array-like of shape (n_samples, maxlen)
            Token ids.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        inputs = self._prepare_predict(X)
        return _training.predict_proba(self.net_, inputs)

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, maxlen)
            Token ids.

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
        X : array-like of shape (n_samples, maxlen)
            Token ids.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Labels, of the type seen at ``fit``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    @property
    def history_(self):
        """Per-epoch training record (skorch ``History``).

        Keys ``train_loss``, ``valid_loss``, ``valid_acc``, ``dur``..., e.g.
        ``clf.history_[:, "valid_loss"]``.
        """
        check_is_fitted(self)
        return self.net_.history

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.categorical = True
        tags.input_tags.positive_only = True
        tags.classifier_tags.multi_class = True
        return tags


def network_parameter_constraint():
    """The constraint of an ``encoder`` parameter: a network, its name, or None."""
    return [Network, str, None]
