"""Text and numeric features in one network."""

import re
from collections.abc import Mapping
from numbers import Integral

import numpy as np
from scipy.sparse import issparse
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._docstrings import fill_doc
from ..nn import FeatureMergeNet, LSTMEncoder, TextCNNEncoder
from ..preprocessing import UNK_ID, vocabulary_of
from ._base import (
    EMBEDDING_PARAMETERS_DOC,
    TRAINING_PARAMETERS_DOC,
    BaseTextClassifier,
    _as_id_matrix,
)

# The names SequencePadder gives its columns, prefixed by the names of the enclosing
# ColumnTransformers (``text__sequencepadder0``) when their feature names are verbose.
_ID_COLUMN = re.compile(r"(?:(?P<source>.+)__)?sequencepadder(?P<position>\d+)")

_DICT_KEYS = ("ids", "features")


@fill_doc(
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC.replace("{gradient_clipping}", "5.0"),
)
class FeatureMergeClassifier(BaseTextClassifier):
    """Text and hand-made numeric features read together by one network.

    The token ids go through a text encoder (TextCNN or LSTM); the numeric features
    (document length, digit counts, metadata columns...) through an optional dense
    ReLU layer; both vectors are concatenated, then dropout and a linear layer give
    the class scores, trained with cross-entropy through skorch.

    The input is one table that tells the two apart by itself:

    - a pandas DataFrame, as a :class:`~sklearn.compose.ColumnTransformer` with
      ``set_output(transform="pandas")`` makes it: the columns of
      :class:`~sklearn_textnn.preprocessing.SequencePadder` (named
      ``sequencepadder0``, ``sequencepadder1``..., prefixed by the transformer's name,
      e.g. ``text__sequencepadder0``) are the token ids; every other column is a
      numeric feature. Such a pipeline takes the user's raw DataFrame (a text column,
      numeric columns), so ``cross_val_score``, ``GridSearchCV``... work on it
      directly;
    - a dict ``{'ids': (n_samples, maxlen) int array, 'features': (n_samples,
      n_features) float array}``; use :class:`skorch.helper.SliceDict` for one that
      cross-validation can slice.

    A plain 2-D array is refused: nothing in it says which columns are token ids.
    The predict methods want the same kind of input, with the same columns in the
    same order as at ``fit``. Features must be finite: impute missing values (e.g.
    :class:`~sklearn.impute.SimpleImputer`) and scale them (e.g.
    :class:`~sklearn.preprocessing.StandardScaler`) in the pipeline.
    ``pretrained_vectors`` need the tokens behind the ids, which a DataFrame does
    not carry: use them with the dict input, its ``'ids'`` straight from
    :class:`~sklearn_textnn.preprocessing.SequencePadder`.

    Parameters
    ----------
    encoder : {'textcnn', 'lstm'}, default='textcnn'
        The text encoder: :class:`~sklearn_textnn.nn.TextCNNEncoder` (reads
        ``kernel_sizes`` and ``num_filters``) or :class:`~sklearn_textnn.nn.LSTMEncoder`
        (reads ``hidden_size``, ``num_layers``, ``bidirectional`` and ``pooling``).
        The parameters of the other encoder are ignored.
    {embedding_parameters}
    kernel_sizes : tuple of int, default=(2, 3, 4)
        TextCNN: widths of the convolutions, in tokens.
    num_filters : int, default=128
        TextCNN: filters per width.
    hidden_size : int, default=128
        LSTM: units per direction.
    num_layers : int, default=1
        LSTM: stacked layers.
    bidirectional : bool, default=True
        LSTM: read the text in both directions.
    pooling : {'max', 'mean', 'last'}, default='max'
        LSTM: how the outputs become one vector.
    feature_hidden_size : int, default=32
        Width of a dense ReLU layer that the numeric features pass through before
        they meet the text vector; 0 concatenates the features as they are. The
        layer lets the network combine the features non-linearly, and the dropout
        on the concatenated vector then drops some of its units rather than whole
        input features, which a few informative features suffer from.
    dropout : float, default=0.5
        Dropout on the concatenated vector (and between stacked LSTM layers).
    {training_parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels seen at ``fit``.
    n_embeddings_ : int
        Rows of the embedding table (largest id seen + 1). Larger ids at predict time
        read as unknown (id 1).
    n_numeric_features_ : int
        Number of numeric feature columns.
    id_columns_ : list of str
        The token id columns, in position order. Only with DataFrame input.
    feature_columns_ : list of str
        The numeric feature columns, in the order of ``X``. Only with DataFrame
        input.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net; ``net_.module_`` is the
        :class:`~sklearn_textnn.nn.FeatureMergeNet`.
    history_ : skorch.History
        Per-epoch losses, validation accuracy and durations.
    n_epochs_ : int
        Epochs trained.
    fit_time_ : float
        Seconds spent in training.
    n_features_in_ : int
        Number of input columns, ids and features together.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the columns seen at ``fit``. Only with DataFrame input.
    embedding_coverage_ : dict or None
        With ``pretrained_vectors``: ``n_found`` tokens of ``n_tokens`` have a
        vector (``vocabulary_coverage``), covering ``token_coverage`` of the training
        token occurrences. None without pretrained vectors.

    See Also
    --------
    TextCNNClassifier : The text alone, with a TextCNN.
    LSTMClassifier : The text alone, with an LSTM.
    sklearn_textnn.preprocessing.TextStatistics : Common hand-made features of raw
        text.
    sklearn_textnn.nn.FeatureMergeNet : The torch module behind it.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.compose import ColumnTransformer
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_textnn import (FeatureMergeClassifier, SequencePadder,
    ...                             TextTokenizer, Vocabulary)
    >>> data = pd.DataFrame({
    ...     "text": ["cheap pills now", "meeting at noon", "win cash now", "lunch"],
    ...     "n_links": [3, 0, 2, 0],
    ... })
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> columns = ColumnTransformer([
    ...     ("text", make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder()),
    ...      "text"),
    ...     ("numbers", StandardScaler(), ["n_links"]),
    ... ]).set_output(transform="pandas")
    >>> model = make_pipeline(columns, FeatureMergeClassifier(
    ...     embedding_dim=16, num_filters=16, max_epochs=30,
    ...     validation_fraction=None, random_state=0))
    >>> model.fit(pd.concat([data] * 5), labels * 5).predict(data)
    array(['spam', 'ham', 'spam', 'ham'], dtype='<U4')
    >>> model[-1].id_columns_
    ['text__sequencepadder0', 'text__sequencepadder1', 'text__sequencepadder2']
    >>> model[-1].feature_columns_
    ['numbers__n_links']
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        "encoder": [StrOptions({"textcnn", "lstm"})],
        "kernel_sizes": [tuple, list],
        "num_filters": [Interval(Integral, 1, None, closed="left")],
        "hidden_size": [Interval(Integral, 1, None, closed="left")],
        "num_layers": [Interval(Integral, 1, None, closed="left")],
        "bidirectional": ["boolean"],
        "pooling": [StrOptions({"max", "mean", "last"})],
        "feature_hidden_size": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self,
        *,
        encoder="textcnn",
        embedding_dim=None,
        pretrained_vectors=None,
        freeze_embedding=False,
        kernel_sizes=(2, 3, 4),
        num_filters=128,
        hidden_size=128,
        num_layers=1,
        bidirectional=True,
        pooling="max",
        feature_hidden_size=32,
        dropout=0.5,
        optimizer="adam",
        lr=1e-3,
        weight_decay=0.0,
        batch_size=64,
        max_epochs=20,
        gradient_clipping=5.0,
        validation_fraction=0.1,
        patience=3,
        class_weight=None,
        device="cpu",
        random_state=None,
        verbose=0,
    ):
        self.encoder = encoder
        self.embedding_dim = embedding_dim
        self.pretrained_vectors = pretrained_vectors
        self.freeze_embedding = freeze_embedding
        self.kernel_sizes = kernel_sizes
        self.num_filters = num_filters
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.pooling = pooling
        self.feature_hidden_size = feature_hidden_size
        self.dropout = dropout
        self.optimizer = optimizer
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.gradient_clipping = gradient_clipping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.class_weight = class_weight
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------------ fit
    def fit(self, X, y):
        """Train the network.

        Parameters
        ----------
        X : DataFrame or dict
            Token ids and numeric features: a DataFrame whose ``sequencepadder<i>``
            columns are the ids and whose other columns are the features, or a dict
            ``{'ids': ..., 'features': ...}`` of two 2-D arrays.
        y : array-like of shape (n_samples,)
            Labels of any type (strings, integers, ...).

        Returns
        -------
        self : object
            The fitted classifier.
        """
        return super().fit(X, y)

    def _prepare_fit(self, X, y):
        """Split ``X`` into ids and features, check both, learn the sizes."""
        inputs = self._check_inputs(X, reset=True)
        y = self._check_y(y, len(inputs["ids"]))
        ids = inputs["ids"]
        self.n_embeddings_ = max(int(ids.max(initial=UNK_ID)) + 1, UNK_ID + 1)
        vocabulary = vocabulary_of(X.get("ids")) if isinstance(X, Mapping) else None
        if vocabulary is not None:
            self.n_embeddings_ = max(self.n_embeddings_, vocabulary.n_tokens_)
        self._fit_vocabulary = vocabulary
        self.n_numeric_features_ = inputs["features"].shape[1]
        return inputs, y

    def _build_module(self, n_embeddings, n_classes, embedding_weights):
        if self.encoder == "lstm":
            encoder = LSTMEncoder(
                n_embeddings,
                self._embedding_dim(),
                self.hidden_size,
                num_layers=self.num_layers,
                bidirectional=self.bidirectional,
                dropout=self.dropout,
                pooling=self.pooling,
                embedding_weights=embedding_weights,
                freeze_embedding=self._freeze_embedding(),
            )
        else:
            encoder = TextCNNEncoder(
                n_embeddings,
                self._embedding_dim(),
                kernel_sizes=self._checked_kernel_sizes(),
                num_filters=self.num_filters,
                embedding_weights=embedding_weights,
                freeze_embedding=self._freeze_embedding(),
            )
        return FeatureMergeNet(
            encoder,
            self.n_numeric_features_,
            n_classes,
            feature_hidden_size=self.feature_hidden_size,
            dropout=self.dropout,
        )

    # -------------------------------------------------------------------- predict
    def _prepare_predict(self, X):
        check_is_fitted(self)
        inputs = self._check_inputs(X, reset=False)
        # Ids the network never saw (from a larger vocabulary) read as unknown.
        ids = inputs["ids"]
        inputs["ids"] = np.where(ids >= self.n_embeddings_, UNK_ID, ids)
        return inputs

    def predict_proba(self, X):
        """Probability of each class.

        Parameters
        ----------
        X : DataFrame or dict
            Token ids and features, with the columns seen at ``fit``.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        return super().predict_proba(X)

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`.

        Parameters
        ----------
        X : DataFrame or dict
            Token ids and features, with the columns seen at ``fit``.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return super().predict_log_proba(X)

    def predict(self, X):
        """The most probable class of each document.

        Parameters
        ----------
        X : DataFrame or dict
            Token ids and features, with the columns seen at ``fit``.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Labels, of the type seen at ``fit``.
        """
        return super().predict(X)

    # ----------------------------------------------------------------- data checks
    def _check_inputs(self, X, *, reset):
        """``{'ids': int64 matrix, 'features': float32 matrix}`` from ``X``."""
        if issparse(X):
            raise TypeError(
                f"X is a sparse {type(X).__name__}; {type(self).__name__} takes a "
                "pandas DataFrame or a dict {'ids': ..., 'features': ...} of dense "
                "arrays"
            )
        if hasattr(X, "columns") and hasattr(X, "iloc"):
            kind = "DataFrame"
        elif isinstance(X, Mapping):
            kind = "dict"
        else:
            got = type(X).__qualname__
            if type(X).__module__ != "builtins":
                got = f"{type(X).__module__}.{got}"
            raise TypeError(
                f"{type(self).__name__} takes a pandas DataFrame or a dict "
                "{'ids': ..., 'features': ...}, got "
                f"{got}: nothing in a plain array says which columns "
                "are token ids. Build X with a ColumnTransformer that holds the text "
                "pipeline (ending in SequencePadder) and the numeric columns, with "
                "set_output(transform='pandas')"
            )
        if not reset and kind != self._input_kind:
            raise TypeError(
                f"{type(self).__name__} was fitted on a {self._input_kind}; pass a "
                f"{self._input_kind} here too, got a {kind}"
            )
        if kind == "DataFrame":
            ids, features = self._split_frame(X, reset=reset)
        else:
            ids, features = self._split_dict(X, reset=reset)
        if len(ids) == 0:
            raise ValueError("X has 0 samples; at least 1 is required")
        if reset:
            self._input_kind = kind
        return {"ids": ids, "features": features}

    def _split_frame(self, X, *, reset):
        validate_data(self, X, reset=reset, skip_check_array=True)
        if reset:
            self.id_columns_, self.feature_columns_ = _split_columns(X.columns)
        ids = X[self.id_columns_]
        values = _numeric_values(ids, "token id")
        _check_finite(values, self.id_columns_, X.index, what="token id")
        features = _as_feature_matrix(
            X[self.feature_columns_], self.feature_columns_, X.index
        )
        return _as_id_matrix(values), features

    def _split_dict(self, X, *, reset):
        keys = set(X)
        if keys != set(_DICT_KEYS):
            raise ValueError(
                f"X has the keys {sorted(map(str, keys))}; a dict input needs exactly "
                f"{list(_DICT_KEYS)}"
            )
        ids = np.asarray(X["ids"])
        features = X["features"]
        if issparse(features):
            raise TypeError(
                "X['features'] is a sparse matrix; pass a dense array (the features "
                "are few: features.toarray())"
            )
        features = np.asarray(features)
        for key, value in (("ids", ids), ("features", features)):
            if value.ndim != 2:
                raise ValueError(
                    f"X[{key!r}] has shape {value.shape}; expected a 2-D array "
                    "(n_samples, n_columns), e.g. values.reshape(-1, 1) for one column"
                )
        if len(ids) != len(features):
            raise ValueError(
                f"X['ids'] has {len(ids)} rows but X['features'] has "
                f"{len(features)}; they must match"
            )
        if features.shape[1] == 0:
            raise ValueError(
                "X['features'] has no column; use TextCNNClassifier or "
                "LSTMClassifier for the text alone"
            )
        widths = (ids.shape[1], features.shape[1])
        if reset:
            self._widths = widths
            self.n_features_in_ = sum(widths)
            for attribute in ("feature_names_in_", "id_columns_", "feature_columns_"):
                if hasattr(self, attribute):
                    delattr(self, attribute)
        elif widths != self._widths:
            raise ValueError(
                f"X['ids'] and X['features'] have {widths[0]} and {widths[1]} columns, "
                f"but {type(self).__name__} was fitted with {self._widths[0]} and "
                f"{self._widths[1]}"
            )
        names = range(features.shape[1])
        return _as_id_matrix(ids), _as_feature_matrix(features, names, None)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.dict = True
        return tags


def _split_columns(columns):
    """The id columns (by position) and the feature columns (in order) of a frame."""
    ids, features, sources = {}, [], set()
    for name in columns:
        match = _ID_COLUMN.fullmatch(str(name))
        if match is None:
            features.append(name)
            continue
        sources.add(match["source"])
        ids[int(match["position"])] = name
    if not ids:
        raise ValueError(
            "X has no token id column. The id columns are recognised by the names "
            "SequencePadder gives them: 'sequencepadder0', 'sequencepadder1'..., "
            "prefixed by the transformer's name in a ColumnTransformer "
            "('text__sequencepadder0'). Build X with a ColumnTransformer that holds "
            "the text pipeline, with set_output(transform='pandas'). X's columns: "
            f"{_shorten(list(columns))}"
        )
    if len(sources) > 1:
        raise ValueError(
            "X has token id columns from more than one SequencePadder "
            f"({sorted(str(s) for s in sources)}); the network reads one text. Join "
            "the text columns before tokenizing them, or keep one"
        )
    missing = sorted(set(range(len(ids))) - set(ids))
    if missing:
        source = next(iter(sources))
        prefix = "" if source is None else f"{source}__"
        raise ValueError(
            f"X has {len(ids)} token id columns, but not "
            f"{prefix}sequencepadder{missing[0]}: pass all the columns of the "
            "SequencePadder"
        )
    if not features:
        raise ValueError(
            "X has token id columns only, no numeric feature column; use "
            "TextCNNClassifier or LSTMClassifier for the text alone"
        )
    return [ids[i] for i in range(len(ids))], features


def _numeric_values(frame, what):
    """The values of a DataFrame as float64, refusing a column that is not numeric."""
    for name, dtype in frame.dtypes.items():
        if getattr(dtype, "kind", "O") not in "biuf":
            raise TypeError(
                f"{what} column {name!r} has dtype {dtype}; it must be numeric. "
                "Encode it in the ColumnTransformer (e.g. with OneHotEncoder) or "
                "drop it"
            )
    return frame.to_numpy(dtype=np.float64, na_value=np.nan)


def _as_feature_matrix(features, names, index):
    """A float32 copy of the features; refuses non-numbers and non-finite values."""
    if hasattr(features, "dtypes"):
        values = _numeric_values(features, "feature")
    elif features.dtype.kind not in "biuf":
        raise TypeError(
            f"X['features'] has dtype {features.dtype}; features must be numeric"
        )
    else:
        values = features.astype(np.float64)
    _check_finite(values, names, index)
    with np.errstate(over="ignore"):  # reported just below, with the column
        values32 = values.astype(np.float32)
    _check_finite(values32, names, index, original=values)
    return values32


def _check_finite(values, names, index, what="feature", original=None):
    """Raise naming the column and row of the first NaN or infinite value."""
    bad = ~np.isfinite(values)
    if not bad.any():
        return
    row, col = np.argwhere(bad)[0]
    value = (values if original is None else original)[row, col]
    where = f"row {row}"
    if index is not None and index[row] != row:
        where += f" (index {index[row]!r})"
    others = int(bad.sum()) - 1
    more = f", and {others} more non-finite value(s)" if others else ""
    if np.isnan(value):
        found = "a missing value (NaN)"
        advice = "impute it, e.g. with a SimpleImputer before the scaler"
    elif np.isinf(value):
        found, advice = f"an infinite value ({value})", "replace or clip it"
    else:
        found, advice = f"{value}, too large for float32", "rescale it"
    if what != "feature":
        advice = "pass the columns of SequencePadder unchanged"
    raise ValueError(
        f"{what} column {names[col]!r} has {found} at {where}{more}; {advice}"
    )


def _shorten(names, n=8):
    return repr(names) if len(names) <= n else f"{names[:n]!r} + {len(names) - n} more"
