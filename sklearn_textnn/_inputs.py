"""Turning what a classifier is given into what its network takes.

Every classifier's module takes a dict of arrays keyed by the names of its
``forward`` arguments: ``{'ids': (n, length) int64}`` for the text networks,
``{'ids': ..., 'features': (n, n_features) float32}`` for the networks that merge
text with numeric features. This module builds that dict from an id matrix, a
DataFrame, a dict or a plain array, checks the ids, the features and the labels
(naming the row and column of a bad value), checks at predict time that the ids
come from the vocabulary the classifier was fitted with, and pads a batch of id
sequences into one array.

It imports neither torch nor skorch: the classifiers of
:mod:`sklearn_textnn.classifiers` and the ONNX predictor of
:mod:`sklearn_textnn.serving` read their inputs through it alike.
"""

import re
from collections.abc import Mapping
from numbers import Integral

import numpy as np
from scipy.sparse import issparse
from sklearn.exceptions import DataConversionWarning
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data

from ._ids import PAD_ID, UNK_ID
from .preprocessing import (
    IdSequences,
    check_id_lists,
    check_id_matrix,
    vocabulary_fingerprint,
    vocabulary_of,
)
from .preprocessing._validation import _is_missing, check_sentence_id_lists

# The names SequencePadder gives its columns, prefixed by the names of the enclosing
# ColumnTransformers (``text__sequencepadder0``) when their feature names are verbose.
_ID_COLUMN = re.compile(r"(?:(?P<source>.+)__)?sequencepadder(?P<position>\d+)")

_DICT_KEYS = ("ids", "features")


# ------------------------------------------------------------------------ text only
def text_inputs(estimator, X, *, reset, sentences=False):
    """``{'ids': ...}`` from an id matrix (array, list of rows, DataFrame), or from
    ragged id lists (what :class:`~sklearn_textnn.preprocessing.Vocabulary` gives).

    A matrix becomes an int64 matrix; ragged lists become a 1-D object array of
    int64 arrays, padded batch by batch when the network reads them. With
    ``sentences`` (a network that reads sentences), a 3-D array (documents x
    sentences x tokens) becomes an int64 array, and nested id lists (one list of
    id sequences per document) a 1-D object array of 2-D int64 arrays.
    """
    if isinstance(X, np.ndarray) and X.ndim == 3:
        if not sentences:
            raise ValueError(
                f"X is a 3-D array of shape {X.shape} (documents x sentences x "
                f"tokens), but the network of {type(estimator).__name__} reads one "
                "id sequence per document: pad with SequencePadder instead of "
                "SentencePadder, or use a network that reads sentences (HAN)"
            )
        if len(X) == 0:
            raise ValueError("X has 0 documents; at least 1 is required")
        _forget_width(estimator, reset)
        return {"ids": check_id_matrix(X.reshape(len(X), -1)).reshape(X.shape)}
    if sentences and _is_nested(X):
        documents = check_sentence_id_lists(X)
        if not documents:
            raise ValueError("X has 0 documents; at least 1 is required")
        _forget_width(estimator, reset)
        ids = np.empty(len(documents), dtype=object)
        for i, document in enumerate(documents):
            ids[i] = _sentence_matrix(document)
        return {"ids": ids}
    if not is_ragged(X):
        return {"ids": check_id_matrix(_table(estimator, X, reset=reset))}
    id_lists = check_id_lists(X)
    if not id_lists:
        raise ValueError("X has 0 documents; at least 1 is required")
    _forget_width(estimator, reset)
    ids = np.empty(len(id_lists), dtype=object)
    for i, sequence in enumerate(id_lists):
        ids[i] = sequence
    return {"ids": ids}


def _forget_width(estimator, reset):
    # Ragged lists and 3-D arrays have no width to remember.
    if reset and hasattr(estimator, "n_features_in_"):
        del estimator.n_features_in_


def _is_nested(X):
    """Whether ``X`` holds documents as lists of id sequences (sentences)."""
    if isinstance(X, np.ndarray) and X.dtype != object:
        return False
    if not hasattr(X, "__len__") or isinstance(X, (str, bytes)):
        return False
    for document in X:
        if not hasattr(document, "__len__") or isinstance(document, (str, bytes)):
            return False
        if len(document):
            first = document[0]
            return hasattr(first, "__len__") and not isinstance(first, (str, bytes))
    return False


def _sentence_matrix(sentences):
    """One document's id sequences as a 2-D int64 array padded with PAD_ID (at
    least one row and one column)."""
    width = max((len(s) for s in sentences), default=0)
    matrix = np.full((max(len(sentences), 1), max(width, 1)), PAD_ID, dtype=np.int64)
    for i, sentence in enumerate(sentences):
        matrix[i, : len(sentence)] = sentence
    return matrix


def is_ragged(X):
    """Whether ``X`` holds id sequences of different lengths rather than a matrix."""
    if isinstance(X, IdSequences):
        return True
    if isinstance(X, np.ndarray) and X.dtype == object and X.ndim == 1:
        X = list(X)
    if not isinstance(X, (list, tuple)) or not X:
        return False
    if any(_is_missing(r) for r in X):
        # A missing document among sequences: the ragged path names it.
        return True
    rows = [r for r in X if hasattr(r, "__len__") and not isinstance(r, (str, bytes))]
    lengths = {len(r) for r in rows}
    # Rows of one length are a matrix, unless they are empty documents.
    return len(rows) == len(X) and (len(lengths) > 1 or lengths == {0})


def _table(estimator, X, *, reset):
    """``X`` as a 2-D array of any dtype, its width recorded (``n_features_in_``)."""
    return validate_data(
        estimator,
        X,
        reset=reset,
        dtype=None,
        ensure_min_samples=1,
        ensure_2d=True,
        ensure_all_finite=False,
    )


# ---------------------------------------------------------------- text and features
def merged_inputs(estimator, X, *, reset):
    """``{'ids': int64 matrix, 'features': float32 matrix}`` from a DataFrame, a
    dict ``{'ids', 'features'}``, or a 2-D array with ``estimator.id_columns``."""
    name = type(estimator).__name__
    if issparse(X):
        raise TypeError(
            f"X is a sparse {type(X).__name__}; {name} takes a pandas DataFrame, a "
            "dict {'ids': ..., 'features': ...} or a dense 2-D array"
        )
    if hasattr(X, "columns") and hasattr(X, "iloc"):
        kind = "DataFrame"
    elif isinstance(X, Mapping):
        kind = "dict"
    else:
        kind = "array"
    if not reset and kind != estimator._input_kind:
        raise TypeError(
            f"{name} was fitted on a {estimator._input_kind}; pass a "
            f"{estimator._input_kind} here too, got a {kind}"
        )
    if kind == "dict":
        # A predictor converted from a fitted classifier has no id_columns.
        if getattr(estimator, "id_columns", None) is not None:
            raise ValueError(
                f"id_columns={estimator.id_columns!r} applies to a DataFrame or an "
                "array; a dict input tells the ids by its 'ids' key: set "
                "id_columns=None"
            )
        ids, features = _split_dict(estimator, X, reset=reset)
    else:
        ids, features = _split_table(estimator, X, kind, reset=reset)
    if len(ids) == 0:
        raise ValueError("X has 0 samples; at least 1 is required")
    if reset:
        estimator._input_kind = kind
        estimator.n_numeric_features_ = features.shape[1]
    return {"ids": ids, "features": features}


def _split_table(estimator, X, kind, *, reset):
    """Ids and features of a DataFrame or a 2-D array, by ``id_columns``."""
    if kind == "DataFrame":
        validate_data(estimator, X, reset=reset, skip_check_array=True)
        columns = list(X.columns)
        index = X.index
    else:
        try:
            X = _table(estimator, X, reset=reset)
        except ValueError as exc:
            if "Expected 2D array" in str(exc):
                raise ValueError(
                    f"{exc}. {type(estimator).__name__} takes one row per document: "
                    "the token id columns and the numeric feature columns"
                ) from None
            raise
        columns = list(range(X.shape[1]))
        index = None
    if reset:
        estimator.id_columns_, estimator.feature_columns_ = _id_and_feature_columns(
            estimator.id_columns, columns, kind
        )
        if kind == "array":
            for attribute in ("feature_names_in_", "_widths"):
                if hasattr(estimator, attribute):
                    delattr(estimator, attribute)
    id_columns, feature_columns = estimator.id_columns_, estimator.feature_columns_
    if kind == "DataFrame":
        ids = _numeric_values(X[id_columns], "token id")
        features = X[feature_columns]
        names = feature_columns
    else:
        ids = X[:, id_columns]
        if ids.dtype == object:
            ids = _object_as_float(ids, id_columns, "token id")
        features = X[:, feature_columns]
        names = feature_columns
    if ids.dtype.kind == "f":
        _check_finite(ids, id_columns, index, what="token id")
    return check_id_matrix(ids), _as_feature_matrix(features, names, index)


def _id_and_feature_columns(id_columns, columns, kind):
    """The id columns (in id order) and the feature columns (in ``X``'s order)."""
    if id_columns is None:
        if kind == "array":
            raise TypeError(
                "FeatureMergeClassifier got a plain array with id_columns=None: "
                "nothing in it says which columns are token ids. Set id_columns "
                "to their positions (e.g. id_columns=range(50) when the first 50 "
                "columns are the ids), or pass a DataFrame made by a "
                "ColumnTransformer with set_output(transform='pandas')"
            )
        return _columns_by_name(columns)
    chosen = list(id_columns)
    if not chosen:
        raise ValueError("id_columns is empty; name at least one token id column")
    if all(isinstance(c, Integral) and not isinstance(c, bool) for c in chosen):
        out_of_range = [c for c in chosen if not 0 <= c < len(columns)]
        if out_of_range:
            raise ValueError(
                f"id_columns has positions {out_of_range} outside X's "
                f"{len(columns)} columns (0 to {len(columns) - 1})"
            )
        chosen = [columns[c] for c in chosen]
    elif all(isinstance(c, str) for c in chosen):
        if kind == "array":
            raise ValueError(
                f"id_columns={id_columns!r} names columns, but X is an array without "
                "column names; give positions instead"
            )
        missing = [c for c in chosen if c not in columns]
        if missing:
            raise ValueError(
                f"id_columns names columns that X does not have: {missing!r:.200}; "
                f"X's columns: {_shorten(columns)}"
            )
    else:
        raise ValueError(
            f"id_columns={id_columns!r:.200}; expected column names (str) or "
            "positions (int), not a mix"
        )
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"id_columns={id_columns!r:.200} repeats a column")
    features = [c for c in columns if c not in set(chosen)]
    if not features:
        raise ValueError(
            f"X has {len(columns)} column(s) (n_features = {len(columns)}), all of "
            "them token ids, no numeric feature column; use "
            "TextCNNClassifier, LSTMClassifier or TextClassifier for the text alone"
        )
    return chosen, features


def _columns_by_name(columns):
    """The id columns by ``sequencepadder<i>`` name (in position order), the rest."""
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
            "('text__sequencepadder0'), or set id_columns to their names or "
            "positions. Build X with a ColumnTransformer that holds the text "
            "pipeline, with set_output(transform='pandas'). X's columns: "
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
            "TextCNNClassifier, LSTMClassifier or TextClassifier for the text alone"
        )
    return [ids[i] for i in range(len(ids))], features


def _split_dict(estimator, X, *, reset):
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
            "X['features'] has no column; use TextCNNClassifier, LSTMClassifier or "
            "TextClassifier for the text alone"
        )
    widths = (ids.shape[1], features.shape[1])
    name = type(estimator).__name__
    if reset:
        estimator._widths = widths
        estimator.n_features_in_ = sum(widths)
        for attribute in ("feature_names_in_", "id_columns_", "feature_columns_"):
            if hasattr(estimator, attribute):
                delattr(estimator, attribute)
    elif widths != estimator._widths:
        raise ValueError(
            f"X['ids'] and X['features'] have {widths[0]} and {widths[1]} columns, "
            f"but {name} was fitted with {estimator._widths[0]} and "
            f"{estimator._widths[1]}"
        )
    names = list(range(features.shape[1]))
    return check_id_matrix(ids), _as_feature_matrix(features, names, None)


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


def _object_as_float(values, names, what):
    try:
        return values.astype(np.float64)
    except (TypeError, ValueError):
        for j in range(values.shape[1]):
            try:
                values[:, j].astype(np.float64)
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"{what} column {names[j]!r} holds values that are not numbers "
                    f"({exc}); it must be numeric"
                ) from None
        raise


def _as_feature_matrix(features, names, index):
    """A float32 copy of the features; refuses non-numbers and non-finite values."""
    if hasattr(features, "dtypes"):
        values = _numeric_values(features, "feature")
    elif features.dtype == object:
        values = _object_as_float(features, names, "feature")
    elif features.dtype.kind not in "biuf":
        raise TypeError(
            f"the features have dtype {features.dtype}; they must be numeric"
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


# --------------------------------------------------------------------------- labels
def check_labels(estimator, y, n_samples):
    """``y`` as a 1-D array of ``n_samples`` labels, with no missing one."""
    if y is None:
        raise ValueError(
            f"{type(estimator).__name__} requires y to be passed, but the target y "
            "is None"
        )
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        import warnings

        warnings.warn(
            "A column-vector y was passed when a 1d array was expected; it is "
            "flattened",
            DataConversionWarning,
            stacklevel=4,
        )
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one label per document); got {y.shape}")
    if len(y) != n_samples:
        raise ValueError(
            f"X has {n_samples} documents but y has {len(y)} labels; they must match"
        )
    if y.dtype.kind == "f" and np.isnan(y).any():
        raise ValueError(
            "y has a missing label (NaN) at index "
            f"{int(np.flatnonzero(np.isnan(y))[0])}"
        )
    if y.dtype == object:
        missing = next((i for i, v in enumerate(y) if _is_missing(v)), None)
        if missing is not None:
            raise ValueError(
                f"y has a missing label at index {missing} ({y[missing]!r})"
            )
    check_classification_targets(y)
    return y


# ----------------------------------------------------------------------- vocabulary
def carried_vocabulary(X):
    """The vocabulary behind ``X``'s ids (of ``X['ids']`` for a dict), or None."""
    if isinstance(X, Mapping):
        return vocabulary_of(X.get("ids"))
    return vocabulary_of(X)


def embedding_rows(ids, vocabulary):
    """Rows of the embedding table for these ids: the vocabulary's number of ids,
    or the largest id + 1 without one (at least the two reserved ids)."""
    if ids.dtype == object:
        largest = max((int(s.max(initial=UNK_ID)) for s in ids), default=UNK_ID)
    else:
        largest = int(ids.max(initial=UNK_ID))
    rows = max(largest + 1, UNK_ID + 1)
    if vocabulary is not None:
        rows = max(rows, int(vocabulary.n_tokens_))
    return rows


def check_vocabulary(estimator, X):
    """Refuse ids from another vocabulary than the one ``estimator`` was fitted on."""
    carried = carried_vocabulary(X)
    fitted = getattr(estimator, "_vocabulary_fingerprint", None)
    if carried is None or fitted is None:
        return
    found = vocabulary_fingerprint(carried)
    if found == fitted:
        return
    raise ValueError(
        f"X's ids come from another vocabulary ({found[0]} with {found[1]} ids) than "
        f"the one {type(estimator).__name__} was fitted with ({fitted[0]} with "
        f"{fitted[1]} ids): the same id means another token, and the predictions "
        "would be wrong. Transform the texts with the vocabulary of the fitted "
        "pipeline (a refitted vocabulary needs a refitted classifier)"
    )


def document_frequency(ids, n_embeddings, y, n_classes):
    """In how many documents of each class each id occurs, shape ``(n_embeddings,
    n_classes)``; row 0 (padding) holds the number of documents of each class.
    ``y`` holds class indices in ``[0, n_classes)``."""
    rows = ids if ids.dtype == object else list(ids)
    counts = np.zeros(n_embeddings * n_classes, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if len(rows):
        present = [np.unique(row) for row in rows]
        lengths = np.fromiter((len(p) for p in present), dtype=np.int64)
        cells = np.concatenate(present) * n_classes + np.repeat(y, lengths)
        counts += np.bincount(cells, minlength=counts.size)[: counts.size]
    counts = counts.reshape(n_embeddings, n_classes)
    counts[PAD_ID] = np.bincount(y, minlength=n_classes)[:n_classes]
    return counts


def sorted_ids(inputs):
    """``inputs`` with each document's ids in ascending order (padding first in
    a matrix), for a network that does not read the order of the tokens: the
    occurrences of an id are then neighbours."""
    ids = inputs["ids"]
    if ids.dtype == object:
        ordered = np.empty(len(ids), dtype=object)
        for i, sequence in enumerate(ids):
            ordered[i] = np.sort(sequence)
        return {**inputs, "ids": ordered}
    return {**inputs, "ids": np.sort(ids, axis=-1)}


def unseen_as_unknown(inputs, n_embeddings):
    """Ids the network never saw (from a larger vocabulary) read as unknown."""
    ids = inputs["ids"]
    if ids.dtype == object:
        known = np.empty(len(ids), dtype=object)
        for i, sequence in enumerate(ids):
            known[i] = np.where(sequence >= n_embeddings, UNK_ID, sequence)
        return {**inputs, "ids": known}
    return {**inputs, "ids": np.where(ids >= n_embeddings, UNK_ID, ids)}


def padded_ids(sequences):
    """Id sequences as one int64 array, padded with ``PAD_ID`` to the longest (at
    least one column); documents of sentences (2-D each) to the most sentences and
    the longest sentence.

    Parameters
    ----------
    sequences : sequence of 1-D or of 2-D int arrays
        One per document.

    Returns
    -------
    ids : ndarray of shape (n_documents, length) or (n_documents, sentences, length)
    """
    if np.ndim(sequences[0]) == 2:
        n_sentences = max(len(s) for s in sequences)
        width = max(np.shape(s)[1] for s in sequences)
        ids = np.full((len(sequences), n_sentences, width), PAD_ID, dtype=np.int64)
        for i, sentences in enumerate(sequences):
            sentences = np.asarray(sentences)
            ids[i, : sentences.shape[0], : sentences.shape[1]] = sentences
        return ids
    width = max(1, max(len(s) for s in sequences))
    ids = np.full((len(sequences), width), PAD_ID, dtype=np.int64)
    for i, sequence in enumerate(sequences):
        ids[i, : len(sequence)] = np.asarray(sequence)
    return ids


#: Ids per batch at prediction: a few MB of token vectors, large enough that the
#: per-batch overhead vanishes, small enough for documents of any length.
PREDICT_IDS_PER_BATCH = 1 << 16


def prediction_batches(ids, ids_per_batch=PREDICT_IDS_PER_BATCH):
    """Index arrays of the rows of each prediction batch.

    Each batch holds about ``ids_per_batch`` ids; ragged documents are sorted by
    length, so that a batch pads its documents to similar lengths (the networks
    give a document the same result whatever it is padded to).

    Parameters
    ----------
    ids : ndarray
        An id array (one row per document), or a 1-D object array of id arrays.
    ids_per_batch : int, default=PREDICT_IDS_PER_BATCH
        Ids (padding included) per batch.

    Yields
    ------
    rows : ndarray of int
        The rows of one batch.
    """
    n = len(ids)
    if ids.dtype != object:
        width = max(1, int(np.prod(ids.shape[1:])))
        size = max(1, ids_per_batch // width)
        for start in range(0, n, size):
            yield np.arange(start, min(n, start + size))
        return
    sizes = np.fromiter((np.size(row) for row in ids), dtype=np.int64, count=n)
    order = np.argsort(sizes, kind="stable")
    start = 0
    while start < n:
        # Rows sorted by size: the batch's last row is its widest.
        stop = start + 1
        while stop < n and (stop - start + 1) * max(1, sizes[order[stop]]) <= (
            ids_per_batch
        ):
            stop += 1
        yield order[start:stop]
        start = stop
