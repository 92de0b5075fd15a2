"""The scikit-learn side of every neural text classifier.

A plain scikit-learn estimator with explicit hyperparameters that builds a skorch net
at ``fit`` (kept as ``net_``) around a module from :mod:`sklearn_textnn.nn`. skorch's
``NeuralNet`` is composed, not subclassed: its ``**kwargs`` constructor would break
``get_params``/``clone``.
"""

import math
import os
import time
import warnings
from abc import abstractmethod
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import DataConversionWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data
from skorch import NeuralNetClassifier
from skorch.callbacks import EarlyStopping, GradientNormClipping
from skorch.dataset import Dataset
from skorch.helper import predefined_split

from ..embeddings import WordVectors, build_embedding_matrix
from ..preprocessing import PAD_ID, UNK_ID, vocabulary_of

DEFAULT_EMBEDDING_DIM = 128

OPTIMIZERS = {
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
}


# Parameter documentation shared by every classifier, substituted into their
# docstrings so that it is written once.
EMBEDDING_PARAMETERS_DOC = """\
    embedding_dim : int, default=None
        Size of the token vectors. ``None``: the dimension of ``pretrained_vectors``,
        or 128 without them. A number that differs from the vectors' dimension is an
        error.
    pretrained_vectors : str, path-like, WordVectors or dict, default=None
        Pretrained vectors to initialise the embeddings with: the path of a
        word2vec (text or binary), GloVe or fastText ``.vec`` file, a
        :class:`~sklearn_textnn.embeddings.WordVectors` (e.g. with a ``cache_dir``),
        or a dict from token to vector. At each ``fit`` only the rows of the
        vocabulary fitted in that fit (that cross-validation fold) are read, so
        memory grows with the vocabulary, not with the file. The input must then come
        from :class:`~sklearn_textnn.preprocessing.Vocabulary` and
        :class:`~sklearn_textnn.preprocessing.SequencePadder` in the same pipeline,
        which pass the tokens behind the ids along. Tokens missing from the file (and
        the unknown id) start from random vectors on the scale of the pretrained
        ones; padding starts (and stays) at zero. The coverage is reported in
        ``embedding_coverage_``. With character vectors, tokenize with
        ``TextTokenizer(level="char", ngram_range=(1, 1))``: the default adds
        character bigrams, which such files do not hold.
    freeze_embedding : bool, default=False
        Keep the embeddings fixed during training (typically with
        ``pretrained_vectors``); the default fine-tunes them."""


ATTRIBUTES_DOC = """\
    classes_ : ndarray of shape (n_classes,)
        The labels seen at ``fit``.
    n_embeddings_ : int
        Rows of the embedding table (largest id seen + 1). Larger ids at predict time
        read as unknown (id 1).
    net_ : skorch.NeuralNetClassifier
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.History
        Per-epoch losses, validation accuracy and durations.
    n_epochs_ : int
        Epochs trained.
    fit_time_ : float
        Seconds spent in training.
    n_features_in_ : int
        Width of the id matrix seen at ``fit``.
    embedding_coverage_ : dict or None
        With ``pretrained_vectors``: ``n_found`` tokens of ``n_tokens`` have a
        vector (``vocabulary_coverage``), covering ``token_coverage`` of the training
        token occurrences. None without pretrained vectors."""


TRAINING_PARAMETERS_DOC = """\
    optimizer : {'adam', 'adamw', 'sgd', 'rmsprop'} or torch optimizer class, \
default='adam'
        The optimizer.
    lr : float, default=1e-3
        Learning rate.
    weight_decay : float, default=0.0
        L2 penalty (decoupled for ``'adamw'``).
    batch_size : int, default=64
        Documents per gradient step. A smaller last batch is used as it is.
    max_epochs : int, default=20
        Most passes over the training data.
    gradient_clipping : float, default={gradient_clipping}
        Clip the gradient norm to this value; ``None`` does not clip.
    validation_fraction : float, default=0.1
        Share of the training data held out (stratified by class) to watch the
        validation loss and accuracy each epoch and to stop early. ``None`` trains on
        everything for ``max_epochs`` epochs.
    patience : int, default=3
        Stop after this many epochs without a lower validation loss and keep the
        weights of the best epoch. ``None`` never stops early.
    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes in the loss, for skewed data: ``'balanced'`` weighs
        each class inversely to its frequency in the training data of each ``fit``; a
        dict maps labels to weights (others get 1).
    device : str, default='cpu'
        Torch device to train and predict on, e.g. ``'cuda'``. A clear error is
        raised if it is not available.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, the batch order, dropout and the validation
        split. With an int, two fits on the same data give identical predictions
        (on the same device and number of threads). The global torch random state is
        left untouched.
    verbose : int, default=0
        Print one line per epoch (losses, validation accuracy, time) when positive."""


def _silent(*args, **kwargs):
    """A print that prints nothing (for quiet callbacks; picklable, unlike a lambda)."""


class BaseTextClassifier(ClassifierMixin, BaseEstimator):
    """Common machinery of the text classifiers; subclasses build the module.

    ``fit`` validates parameters and data, encodes the labels, learns the data-dependent
    sizes (number of embeddings, of classes), splits off a stratified validation set,
    then trains a skorch net on the module that ``_build_module`` returns.
    """

    _parameter_constraints = {
        "embedding_dim": [Interval(Integral, 1, None, closed="left"), None],
        "pretrained_vectors": [str, os.PathLike, WordVectors, dict, None],
        "freeze_embedding": ["boolean"],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "optimizer": [StrOptions(set(OPTIMIZERS)), type],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "gradient_clipping": [Interval(Real, 0, None, closed="neither"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "device": [str, torch.device],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    @abstractmethod
    def _build_module(self, n_embeddings, n_classes, embedding_weights):
        """The torch module for ``n_embeddings`` ids and ``n_classes`` classes."""

    # ----------------------------------------------------------------- data checks
    def _check_ids(self, X, *, reset):
        """Validate an id matrix: 2-D, finite, integral, non-negative."""
        X = validate_data(
            self,
            X,
            reset=reset,
            dtype=None,
            ensure_min_samples=1,
            ensure_2d=True,
            ensure_all_finite=False,
        )
        return _as_id_matrix(X)

    def _check_y(self, y, n_samples):
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None"
            )
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            warnings.warn(
                "A column-vector y was passed when a 1d array was expected; it is "
                "flattened",
                DataConversionWarning,
                stacklevel=3,
            )
            y = y.ravel()
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D (one label per document); got {y.shape}")
        if len(y) != n_samples:
            raise ValueError(
                f"X has {n_samples} documents but y has {len(y)} labels; they must "
                "match"
            )
        if y.dtype.kind == "f" and np.isnan(y).any():
            raise ValueError(
                "y has a missing label (NaN) at index "
                f"{int(np.flatnonzero(np.isnan(y))[0])}"
            )
        if y.dtype == object:
            missing = [i for i, v in enumerate(y) if v is None or v != v]
            if missing:
                raise ValueError(f"y has a missing label at index {missing[0]}")
        check_classification_targets(y)
        return y

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
        inputs, y = self._prepare_fit(X, y)
        self._label_encoder = LabelEncoder()
        y_encoded = self._label_encoder.fit_transform(y).astype(np.int64)
        self.classes_ = self._label_encoder.classes_
        if len(self.classes_) < 2:
            only = self.classes_.tolist()[0]
            raise ValueError(
                f"y has only one class ({only!r}); a classifier needs at least two"
            )
        device = self._check_device()
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        self._weights_seed = seed
        train, valid = self._split(inputs, y_encoded, seed)
        weights = self._class_weights(y)
        with torch.random.fork_rng(devices=self._rng_devices(device)):
            torch.manual_seed(seed)
            start = time.perf_counter()
            self.net_ = self._make_net(
                self._build_module_for_fit(inputs), weights, valid, device
            )
            self.net_.fit(*train)
        self.fit_time_ = time.perf_counter() - start
        self.n_epochs_ = len(self.net_.history)
        return self

    def _make_net(self, module, weights, valid, device):
        return NeuralNetClassifier(
            module,
            criterion=torch.nn.CrossEntropyLoss,
            criterion__weight=weights,
            optimizer=self._optimizer_class(),
            optimizer__weight_decay=self.weight_decay,
            lr=self.lr,
            batch_size=self.batch_size,
            max_epochs=self.max_epochs,
            train_split=None if valid is None else predefined_split(valid),
            callbacks=self._callbacks(valid is not None),
            iterator_train__shuffle=True,
            device=device,
            verbose=int(self.verbose),
        )

    def _prepare_fit(self, X, y):
        """Validate the training data; learn the sizes of the embedding table."""
        vocabulary = vocabulary_of(X)
        X = self._check_ids(X, reset=True)
        y = self._check_y(y, X.shape[0])
        self.n_embeddings_ = max(int(X.max(initial=UNK_ID)) + 1, UNK_ID + 1)
        if vocabulary is not None:
            self.n_embeddings_ = max(self.n_embeddings_, vocabulary.n_tokens_)
        self._fit_vocabulary = vocabulary
        return X, y

    def _build_module_for_fit(self, inputs):
        """Build the module, with pretrained embedding weights when there are any."""
        weights = self._pretrained_weights()
        return self._build_module(self.n_embeddings_, len(self.classes_), weights)

    def _checked_kernel_sizes(self):
        """``kernel_sizes``, refused unless a non-empty sequence of positive ints."""
        if not self.kernel_sizes or not all(
            isinstance(k, Integral) and k >= 1 for k in self.kernel_sizes
        ):
            raise ValueError(
                f"kernel_sizes={self.kernel_sizes!r}; expected a non-empty tuple of "
                "positive ints such as (2, 3, 4)"
            )
        return tuple(self.kernel_sizes)

    def _embedding_dim(self):
        """The embedding size: set, or taken from the pretrained vectors, or 128."""
        if self.embedding_dim is not None:
            return self.embedding_dim
        if self.pretrained_vectors is None:
            return DEFAULT_EMBEDDING_DIM
        return self._embedding_dim_from_vectors

    def _freeze_embedding(self):
        return self.freeze_embedding

    def _pretrained_weights(self):
        """The embedding matrix of this fit's vocabulary, read from the vectors."""
        self.embedding_coverage_ = None
        if self.pretrained_vectors is None:
            return None
        vocabulary = self._fit_vocabulary
        if vocabulary is None:
            raise ValueError(
                "pretrained_vectors needs the token behind each id, but X carries no "
                "vocabulary: give the classifier the output of Vocabulary -> "
                "SequencePadder in the same Pipeline (a plain array or DataFrame "
                "made from it has lost the tokens)"
            )
        tokens = vocabulary.get_feature_names_out()
        counts = vocabulary.counts_
        if len(tokens) < self.n_embeddings_:
            raise ValueError(
                f"X has ids up to {self.n_embeddings_ - 1} but its vocabulary has "
                f"only {len(tokens)} tokens"
            )
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            matrix, coverage = build_embedding_matrix(
                self.pretrained_vectors,
                tokens,
                counts,
                embedding_dim=self.embedding_dim,
                random_state=self._weights_seed,
            )
        self._embedding_dim_from_vectors = matrix.shape[1]
        self.embedding_coverage_ = coverage
        return matrix

    def _check_device(self):
        device = torch.device(self.device)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(
                f"device={self.device!r}, but torch finds no CUDA GPU "
                "(torch.cuda.is_available() is False); use device='cpu' or install "
                "a CUDA build of torch"
            )
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError(f"device={self.device!r}, but MPS is not available")
        return str(device)

    @staticmethod
    def _rng_devices(device):
        device = torch.device(device)
        if device.type == "cuda":
            return [device.index if device.index is not None else 0]
        return []

    def _optimizer_class(self):
        if isinstance(self.optimizer, str):
            return OPTIMIZERS[self.optimizer]
        if not issubclass(self.optimizer, torch.optim.Optimizer):
            raise ValueError(
                f"optimizer={self.optimizer!r} is not a torch.optim.Optimizer class; "
                f"use one of {sorted(OPTIMIZERS)} or such a class"
            )
        return self.optimizer

    def _class_weights(self, y):
        if self.class_weight is None:
            return None
        weights = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        return torch.as_tensor(weights, dtype=torch.float32)

    def _split(self, inputs, y, seed):
        """Hold out a stratified validation set (or none)."""
        n = len(y)
        if self.validation_fraction is None:
            return (inputs, y), None
        n_valid = math.ceil(self.validation_fraction * n)
        if n - n_valid < 1 or n_valid < 1:
            raise ValueError(
                f"validation_fraction={self.validation_fraction} leaves no training "
                f"data out of {n} documents; lower it or set it to None"
            )
        counts = np.bincount(y)
        stratify = y if counts.min() >= 2 and n_valid >= len(counts) else None
        index = np.arange(n)
        train_idx, valid_idx = train_test_split(
            index, test_size=n_valid, stratify=stratify, random_state=seed
        )
        take = _take_rows
        valid = Dataset(take(inputs, valid_idx), y[valid_idx])
        return (take(inputs, train_idx), y[train_idx]), valid

    def _callbacks(self, has_valid):
        callbacks = []
        if self.gradient_clipping is not None:
            callbacks.append(
                ("gradient_clipping", GradientNormClipping(self.gradient_clipping))
            )
        if has_valid and self.patience is not None:
            callbacks.append(
                (
                    "early_stopping",
                    _EarlyStopping(
                        monitor="valid_loss",
                        patience=self.patience,
                        load_best=True,
                        sink=_silent,
                    ),
                )
            )
        return callbacks

    # -------------------------------------------------------------------- predict
    def _prepare_predict(self, X):
        check_is_fitted(self)
        X = self._check_ids(X, reset=False)
        # Ids the network never saw (from a larger vocabulary) read as unknown.
        return np.where(X >= self.n_embeddings_, UNK_ID, X)

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
        # The data loader draws a seed even without shuffling: keep the caller's
        # global torch random state as it was.
        with torch.random.fork_rng(devices=self._rng_devices(self.net_.device)):
            proba = self.net_.predict_proba(inputs).astype(np.float64)
        return proba / proba.sum(axis=1, keepdims=True)

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


class _EarlyStopping(EarlyStopping):
    """skorch's EarlyStopping, but the epoch it stops in is still printed.

    skorch prints the epoch table after every other callback, and EarlyStopping ends
    training from inside the epoch's callbacks: without this, the last epoch trained
    never shows in the progress table.
    """

    def on_epoch_end(self, net, **kwargs):
        try:
            super().on_epoch_end(net, **kwargs)
        except KeyboardInterrupt:
            print_log = dict(net.callbacks_).get("print_log")
            if net.verbose and print_log is not None:
                print_log.on_epoch_end(net, **kwargs)
                print(
                    f"Stopping since {self.monitor} has not improved in the last "
                    f"{self.patience} epochs; keeping the weights of epoch "
                    f"{self.best_epoch_}."
                )
            raise


def _take_rows(inputs, index):
    if isinstance(inputs, dict):
        return {key: value[index] for key, value in inputs.items()}
    return inputs[index]


def _as_id_matrix(X):
    """An int64 copy of ``X``, refusing non-integral, non-finite or negative values."""
    if X.dtype == object:
        try:
            X = X.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"X holds values that are not numbers (raw text?): {exc}. Expected "
                "integer token ids: tokenize and map texts with Vocabulary and "
                "SequencePadder first"
            ) from None
    if X.dtype.kind in "iu":
        ids = X.astype(np.int64, copy=False)
    elif X.dtype.kind == "b":
        raise TypeError("X is boolean; expected integer token ids")
    elif X.dtype.kind == "f":
        bad = ~np.isfinite(X)
        if bad.any():
            row, col = np.argwhere(bad)[0]
            raise ValueError(
                f"X[{row}, {col}] is {X[row, col]}: Input X contains NaN or infinity; "
                "token ids must be finite integers"
            )
        frac = X != np.round(X)
        if frac.any():
            row, col = np.argwhere(frac)[0]
            raise ValueError(
                f"X[{row}, {col}] is {X[row, col]}, not an integer token id; build X "
                "with Vocabulary and SequencePadder"
            )
        ids = X.astype(np.int64)
    else:
        raise TypeError(
            f"X has dtype {X.dtype}; expected integer token ids (tokenize and map "
            "texts with Vocabulary and SequencePadder first)"
        )
    if ids.size and ids.min() < 0:
        row, col = np.argwhere(ids < 0)[0]
        raise ValueError(
            f"Negative values in data: X[{row}, {col}] is {ids[row, col]}; token "
            "ids must be >= 0 "
            f"({PAD_ID} is padding)"
        )
    return ids
