"""Input checks shared by the text transformers.

Every check names the offending document by its index and says what to do, so that a
bad row never surfaces as an error from deep inside jieba, numpy or torch.
"""

import math
import numbers

import numpy as np

from .._ids import PAD_ID

_TOKENIZE_FIRST = "tokenize the texts first with JiebaSegmenter or TextTokenizer"
_MAP_TO_IDS_FIRST = "map the tokens to ids first with Vocabulary"


def _as_sequence(X, what, fix="wrap it in a list: [text]"):
    """Return ``X`` as an indexable sequence of rows, rejecting a bare string."""
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"expected an iterable of {what}, got a single {type(X).__name__}; {fix}"
        )
    if X is None:
        raise TypeError(f"expected an iterable of {what}, got None")
    if hasattr(X, "iloc") and hasattr(X, "columns"):
        # A one-column DataFrame, as ColumnTransformer passes for a list selector.
        if X.shape[1] != 1:
            raise ValueError(
                f"expected one column of {what}, got a DataFrame with "
                f"{X.shape[1]} columns {list(X.columns)}; select the text column"
            )
        return X.iloc[:, 0].tolist()
    if hasattr(X, "iloc"):
        return X.tolist()
    if isinstance(X, np.ndarray):
        if X.ndim == 2 and X.shape[1] == 1:
            X = X[:, 0]
        elif X.ndim != 1:
            raise ValueError(
                f"expected a 1-D array of {what}, got an array of shape {X.shape}"
            )
        return X.tolist()
    if not hasattr(X, "__iter__"):
        raise TypeError(f"expected an iterable of {what}, got {type(X).__name__}")
    return X if hasattr(X, "__getitem__") and hasattr(X, "__len__") else list(X)


def _is_missing(value):
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(value)
    # pandas' missing values (pd.NA, pd.NaT), recognised without importing pandas.
    return type(value).__name__ in ("NAType", "NaTType")


def check_documents(X):
    """Validate raw documents and return them as a list of ``str``.

    Accepts a list, tuple, 1-D array, pandas Series or one-column DataFrame of
    strings. ``bytes`` are decoded as UTF-8. Empty strings are valid documents.

    Parameters
    ----------
    X : iterable of str
        The documents.

    Returns
    -------
    documents : list of str

    Raises
    ------
    TypeError
        If ``X`` is a single string or a document is not text.
    ValueError
        If a document is missing (None or NaN) or its bytes are not UTF-8.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import check_documents
    >>> check_documents(["今天天气很好", b"ok"])
    ['今天天气很好', 'ok']
    >>> check_documents(["fine", None])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: document 1 is None; expected str. Drop or fill missing texts first...
    """
    rows = _as_sequence(X, "documents (str)")
    documents = []
    for i, doc in enumerate(rows):
        if isinstance(doc, str):
            documents.append(doc)
        elif isinstance(doc, (bytes, bytearray)):
            try:
                documents.append(bytes(doc).decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise ValueError(
                    f"document {i} is bytes that are not valid UTF-8 "
                    f"(byte {exc.start}: {exc.reason}); decode it with its "
                    "encoding first, e.g. doc.decode('gb18030')"
                ) from None
        elif _is_missing(doc):
            raise ValueError(
                f"document {i} is {doc!r}; expected str. Drop or fill missing "
                "texts first, e.g. with pandas' fillna('')."
            )
        else:
            raise TypeError(
                f"document {i} is {type(doc).__name__} ({doc!r:.40}); expected str. "
                "Convert the column to text first, e.g. with astype(str)."
            )
    return documents


def check_token_lists(X):
    """Validate tokenized documents and return them as a list of token lists.

    Parameters
    ----------
    X : iterable of iterables of str
        The tokenized documents, as produced by
        :class:`~sklearn_textnn.preprocessing.JiebaSegmenter` or
        :class:`~sklearn_textnn.preprocessing.TextTokenizer`.

    Returns
    -------
    token_lists : list of list of str

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import check_token_lists
    >>> check_token_lists([["a", "b"], ()])
    [['a', 'b'], []]
    """
    rows = _as_sequence(X, "token lists", _TOKENIZE_FIRST)
    token_lists = []
    for i, tokens in enumerate(rows):
        if isinstance(tokens, (str, bytes)):
            raise TypeError(
                f"document {i} is {type(tokens).__name__} ({tokens!r:.40}), not a "
                f"list of tokens; {_TOKENIZE_FIRST}"
            )
        if _is_missing(tokens):
            raise ValueError(f"document {i} is {tokens!r}; expected a list of tokens")
        if not hasattr(tokens, "__iter__"):
            raise TypeError(
                f"document {i} is {type(tokens).__name__}; expected a list of tokens"
            )
        tokens = list(tokens)
        for j, token in enumerate(tokens):
            if not isinstance(token, str):
                tokens[j] = _token_as_str(token, i, j)
        token_lists.append(tokens)
    return token_lists


def _token_as_str(token, i, j):
    """Decode a bytes token as UTF-8, or raise an error naming its position."""
    if isinstance(token, (bytes, bytearray)):
        try:
            return bytes(token).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"document {i}, token {j} is bytes that are not valid UTF-8 "
                f"(byte {exc.start}: {exc.reason}); decode it with its encoding first"
            ) from None
    if _is_missing(token):
        raise ValueError(f"document {i}, token {j} is {token!r}; expected str")
    raise TypeError(
        f"document {i}, token {j} is {type(token).__name__} ({token!r:.40}); "
        "expected str"
    )


def check_id_lists(X):
    """Validate sequences of token ids and return them as a list of int64 arrays.

    Accepts the list of arrays that :class:`~sklearn_textnn.preprocessing.Vocabulary`
    returns, lists of ints, or a 2-D integer array (one row per document).

    Parameters
    ----------
    X : iterable of iterables of int
        The id sequences.

    Returns
    -------
    id_lists : list of ndarray of int64

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import check_id_lists
    >>> check_id_lists([[2, 3], []])
    [array([2, 3]), array([], dtype=int64)]
    """
    if isinstance(X, np.ndarray) and X.ndim == 2:
        return list(check_id_matrix(X))
    rows = _as_sequence(X, "id sequences", _MAP_TO_IDS_FIRST)
    id_lists = []
    for i, ids in enumerate(rows):
        if _is_missing(ids):
            raise ValueError(
                f"document {i} is {ids!r}; expected a sequence of integer ids"
            )
        if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
            raise TypeError(
                f"document {i} is {type(ids).__name__} ({ids!r:.40}); expected a "
                f"sequence of integer ids: {_MAP_TO_IDS_FIRST}"
            )
        if not isinstance(ids, np.ndarray):
            ids = list(ids)
            bad = next(
                (
                    j
                    for j, v in enumerate(ids)
                    if not isinstance(v, numbers.Integral) or isinstance(v, bool)
                ),
                None,
            )
            if bad is not None:
                raise TypeError(
                    f"document {i}, position {bad} is {ids[bad]!r:.40}; "
                    "expected an integer id"
                )
            ids = np.asarray(ids, dtype=np.int64)
        elif ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise TypeError(f"document {i} has dtype {ids.dtype}; expected integer ids")
        ids = ids.astype(np.int64, copy=False).reshape(-1)
        if ids.size and ids.min() < 0:
            raise ValueError(
                f"document {i} has a negative id ({ids.min()}); ids start at 0"
            )
        id_lists.append(ids)
    return id_lists


def check_id_matrix(X):
    """Validate a 2-D array of token ids and return it as a writable int64 copy.

    Integral floats are accepted (``3.0`` is id 3); NaN, infinity, fractions,
    negative values, booleans and text are refused with the row and column of the
    first bad value.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_columns)
        The ids, one row per document.

    Returns
    -------
    ids : ndarray of int64, same shape

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_textnn.preprocessing import check_id_matrix
    >>> check_id_matrix(np.array([[2.0, 3.0], [4.0, 0.0]]))
    array([[2, 3],
           [4, 0]])
    """
    X = np.asarray(X)
    if X.dtype == object:
        try:
            X = X.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"X holds values that are not numbers (raw text?): {exc}. Expected "
                "integer token ids: tokenize and map texts with Vocabulary and "
                "SequencePadder first"
            ) from None
    if X.dtype.kind == "b":
        raise TypeError("X is boolean; expected integer token ids")
    if X.dtype.kind == "f":
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
    elif X.dtype.kind not in "iu":
        raise TypeError(
            f"X has dtype {X.dtype}; expected integer token ids (tokenize and map "
            "texts with Vocabulary and SequencePadder first)"
        )
    # Always a copy: a read-only input (a memory map, pandas' to_numpy()) would
    # make torch warn that it cannot write to it.
    ids = np.array(X, dtype=np.int64, order="C")
    if ids.size and ids.min() < 0:
        row, col = np.argwhere(ids < 0)[0]
        raise ValueError(
            f"Negative values in data: X[{row}, {col}] is {ids[row, col]}; token "
            f"ids must be >= 0 ({PAD_ID} is padding)"
        )
    return ids
