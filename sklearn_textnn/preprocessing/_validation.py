"""Input checks shared by the text transformers.

Every check names the offending document by its index and says what to do, so that a
bad row never surfaces as an error from deep inside jieba, numpy or torch.

A document is either flat (a text, a list of tokens, a sequence of ids) or a list of
sentences, each of them one of those. The ``*_or_sentences`` checks tell the two
apart by the first document, flatten sentences into one list, and return how many
sentences each document has, so that a transformer treats every sentence as a flat
document and :func:`group_sentences` nests its output again. Flat input takes the
same loop as before, at the same speed.
"""

import math
import numbers

import numpy as np

from .._ids import PAD_ID

_TOKENIZE_FIRST = "tokenize the texts first with JiebaSegmenter or TextTokenizer"
_MAP_TO_IDS_FIRST = "map the tokens to ids first with Vocabulary"
_DOCUMENTS = "documents (str)"
_CONVERT_TO_TEXT = " Convert the column to text first, e.g. with astype(str)."

# What a document given as a list of sentences can be.
_SENTENCE_LISTS = (list, tuple, np.ndarray)


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
    return _texts(_as_sequence(X, _DOCUMENTS))


def _texts(rows, sentences_elsewhere=False):
    """The rows as a list of str; ``sentences_elsewhere``: name a list of sentences
    among them as mixed nesting rather than as a wrong type."""
    documents = []
    for i, doc in enumerate(rows):
        if isinstance(doc, str):
            documents.append(doc)
        elif sentences_elsewhere and isinstance(doc, _SENTENCE_LISTS):
            raise TypeError(
                f"document {i} is {type(doc).__name__} ({doc!r:.40}), a list of "
                "sentences, but document 0 is str: give every document as one str, "
                "or every document as a list of sentences"
            )
        else:
            documents.append(_as_text(doc, f"document {i}", _CONVERT_TO_TEXT))
    return documents


def _as_text(value, where, fix=""):
    """``value`` decoded from UTF-8 bytes, or an error that names where it is
    (``fix``, appended to a wrong type's message, says what to do)."""
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{where} is bytes that are not valid UTF-8 "
                f"(byte {exc.start}: {exc.reason}); decode it with its "
                "encoding first, e.g. doc.decode('gb18030')"
            ) from None
    if _is_missing(value):
        raise ValueError(
            f"{where} is {value!r}; expected str. Drop or fill missing "
            "texts first, e.g. with pandas' fillna('')."
        )
    raise TypeError(
        f"{where} is {type(value).__name__} ({value!r:.40}); expected str." + fix
    )


def check_documents_or_sentences(X):
    """Validate raw documents, or documents given as lists of sentences.

    The first document decides: a list, tuple or 1-D array of texts makes every
    document a list of sentences (an empty one has no sentence); a str makes every
    document a str. A document of the other kind is an error that names it.

    Parameters
    ----------
    X : iterable of str, or iterable of lists of str
        The documents.

    Returns
    -------
    texts : list of str
        The documents, or the sentences of every document one after the other.
    n_sentences : list of int or None
        The number of sentences of each document; None when the documents are str.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing._validation import (
    ...     check_documents_or_sentences)
    >>> check_documents_or_sentences(["今天天气很好", "ok"])
    (['今天天气很好', 'ok'], None)
    >>> check_documents_or_sentences([["今天。", "天气很好。"], [], ["ok"]])
    (['今天。', '天气很好。', 'ok'], [2, 0, 1])
    """
    rows = _as_sequence(X, _DOCUMENTS)
    if not (len(rows) and isinstance(rows[0], _SENTENCE_LISTS)):
        return _texts(rows, sentences_elsewhere=True), None
    texts = []
    n_sentences = []
    for i, doc in enumerate(rows):
        sentences = _sentence_list(doc, i, "str")
        start = len(texts)
        for j, sentence in enumerate(sentences):
            if isinstance(sentence, str):
                texts.append(sentence)
            else:
                texts.append(_as_text(sentence, f"document {i}, sentence {j}"))
        n_sentences.append(len(texts) - start)
    return texts, n_sentences


def _sentence_list(doc, i, flat):
    """Document ``i`` of nested input as a sequence of sentences, or the error that
    says why it is not one (``flat`` names what a flat document is made of)."""
    if isinstance(doc, np.ndarray):
        if doc.ndim != 1:
            raise ValueError(
                f"document {i} is an array of shape {doc.shape}; expected a list "
                "of sentences (a 1-D sequence)"
            )
        return doc.tolist()
    if isinstance(doc, (list, tuple)):
        return doc
    if _is_missing(doc):
        raise ValueError(
            f"document {i} is {doc!r}; expected a list of sentences. Drop or fill "
            "missing documents first"
        )
    if isinstance(doc, (str, bytes)) and flat == "str":
        raise TypeError(
            f"document {i} is {type(doc).__name__} ({doc!r:.40}), but document 0 is "
            "a list of sentences: give every document as one str, or every "
            "document as a list of sentences"
        )
    raise TypeError(
        f"document {i} is {type(doc).__name__} ({doc!r:.40}); expected a list of "
        f"sentences ({flat})"
    )


def group_sentences(items, n_sentences):
    """Nest a flat list of per-sentence items back into one list per document.

    The inverse of the flattening done by :func:`check_documents_or_sentences`
    and :func:`check_token_lists_or_sentences`.

    Parameters
    ----------
    items : list
        One item per sentence, the sentences of every document one after the other.
    n_sentences : list of int
        The number of sentences of each document.

    Returns
    -------
    documents : list of list

    Examples
    --------
    >>> from sklearn_textnn.preprocessing._validation import group_sentences
    >>> group_sentences(["a", "b", "c"], [2, 0, 1])
    [['a', 'b'], [], ['c']]
    """
    documents = []
    start = 0
    for n in n_sentences:
        documents.append(items[start : start + n])
        start += n
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
    return _token_lists(_as_sequence(X, "token lists", _TOKENIZE_FIRST))


def _token_lists(rows):
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


def _token_as_str(token, i, j, sentence=None):
    """Decode a bytes token as UTF-8, or raise an error naming its position."""
    where = _where(i, sentence) + f", token {j}"
    if isinstance(token, (bytes, bytearray)):
        try:
            return bytes(token).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{where} is bytes that are not valid UTF-8 "
                f"(byte {exc.start}: {exc.reason}); decode it with its encoding first"
            ) from None
    if _is_missing(token):
        raise ValueError(f"{where} is {token!r}; expected str")
    if sentence is None and isinstance(token, _SENTENCE_LISTS):
        raise TypeError(
            f"{where} is {type(token).__name__} ({token!r:.40}), a sentence, but "
            "the documents are lists of tokens (the first one that is not empty "
            "is). Give every document as a list of tokens, or every document as a "
            "list of sentences (lists of tokens)"
        )
    raise TypeError(f"{where} is {type(token).__name__} ({token!r:.40}); expected str")


def _where(i, sentence):
    return f"document {i}" if sentence is None else f"document {i}, sentence {sentence}"


def holds_sentences(rows):
    """Whether the first document that is not empty is a list of sequences (of
    token lists or of id sequences) rather than a flat sequence."""
    for doc in rows:
        if not isinstance(doc, _SENTENCE_LISTS) or (
            isinstance(doc, np.ndarray) and doc.ndim != 1
        ):
            return False
        if len(doc):
            return isinstance(doc[0], _SENTENCE_LISTS)
    return False


def check_token_lists_or_sentences(X):
    """Validate tokenized documents, or documents given as lists of sentences.

    The first document that is not empty decides: a list of token lists makes every
    document a list of sentences, a list of str makes every document a list of
    tokens. A document of the other kind is an error that names it.

    Parameters
    ----------
    X : iterable of lists of str, or iterable of lists of lists of str
        The tokenized documents, or their tokenized sentences.

    Returns
    -------
    token_lists : list of list of str
        The token lists of the documents, or of every document's sentences one
        after the other.
    n_sentences : list of int or None
        The number of sentences of each document; None for lists of tokens.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing._validation import (
    ...     check_token_lists_or_sentences)
    >>> check_token_lists_or_sentences([["a", "b"], []])
    ([['a', 'b'], []], None)
    >>> check_token_lists_or_sentences([[["a"], ["b", "c"]], []])
    ([['a'], ['b', 'c']], [2, 0])
    """
    rows = _as_sequence(X, "token lists", _TOKENIZE_FIRST)
    if not holds_sentences(rows):
        return _token_lists(rows), None
    token_lists = []
    n_sentences = []
    first = None
    for i, doc in enumerate(rows):
        sentences = _sentence_list(doc, i, "lists of tokens")
        if first is None and len(sentences):
            first = i
        start = len(token_lists)
        for j, tokens in enumerate(sentences):
            if isinstance(tokens, (str, bytes)):
                nested = (
                    "its item 0 is a sentence"
                    if first == i
                    else f"document {first} is a list of sentences"
                )
                raise TypeError(
                    f"document {i}, item {j} is {type(tokens).__name__} "
                    f"({tokens!r:.40}), a token, but {nested} (a list of tokens): "
                    "give every document as a list of tokens, or every document "
                    "as a list of sentences"
                )
            if _is_missing(tokens):
                raise ValueError(
                    f"document {i}, sentence {j} is {tokens!r}; expected a list of "
                    "tokens"
                )
            if not hasattr(tokens, "__iter__"):
                raise TypeError(
                    f"document {i}, sentence {j} is {type(tokens).__name__}; "
                    "expected a list of tokens"
                )
            tokens = list(tokens)
            for k, token in enumerate(tokens):
                if not isinstance(token, str):
                    tokens[k] = _token_as_str(token, i, k, sentence=j)
            token_lists.append(tokens)
        n_sentences.append(len(token_lists) - start)
    return token_lists, n_sentences


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
    return [_id_array(ids, i) for i, ids in enumerate(rows)]


def _id_array(ids, i, sentence=None):
    """One sequence of ids as an int64 array, or an error naming its position."""
    if _is_missing(ids):
        raise ValueError(
            f"{_where(i, sentence)} is {ids!r}; expected a sequence of integer ids"
        )
    if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
        raise TypeError(
            f"{_where(i, sentence)} is {type(ids).__name__} ({ids!r:.40}); expected "
            f"a sequence of integer ids: {_MAP_TO_IDS_FIRST}"
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
            fix = "expected an integer id"
            if sentence is None and isinstance(ids[bad], _SENTENCE_LISTS):
                fix += (
                    ": documents given as lists of sentences are padded into a "
                    "3-D array by SentencePadder; SequencePadder and the "
                    "classifiers take one id sequence per document"
                )
            raise TypeError(
                f"{_where(i, sentence)}, position {bad} is {ids[bad]!r:.40}; {fix}"
            )
        ids = np.asarray(ids, dtype=np.int64)
    elif ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(
            f"{_where(i, sentence)} has dtype {ids.dtype}; expected integer ids"
        )
    ids = ids.astype(np.int64, copy=False).reshape(-1)
    if ids.size and ids.min() < 0:
        raise ValueError(
            f"{_where(i, sentence)} has a negative id ({ids.min()}); ids start at 0"
        )
    return ids


def check_sentence_id_lists(X):
    """Validate documents given as lists of id sequences, one per sentence.

    Accepts what :class:`~sklearn_textnn.preprocessing.Vocabulary` returns for
    documents given as lists of sentences, lists of lists of ints, or a 3-D
    integer array (documents x sentences x tokens).

    Parameters
    ----------
    X : iterable of iterables of sequences of int
        The id sequences of each document's sentences.

    Returns
    -------
    documents : list of list of ndarray of int64

    Examples
    --------
    >>> from sklearn_textnn.preprocessing._validation import check_sentence_id_lists
    >>> check_sentence_id_lists([[[2, 3], [4]], []])
    [[array([2, 3]), array([4])], []]
    """
    if isinstance(X, np.ndarray) and X.ndim == 3:
        ids = check_id_matrix(X.reshape(len(X), -1)).reshape(X.shape)
        return [list(sentences) for sentences in ids]
    if isinstance(X, np.ndarray) and X.ndim == 2:
        raise ValueError(
            f"X is a 2-D array of shape {X.shape}: one id sequence per document. "
            "Expected a list of id sequences per document (one per sentence); pad "
            "flat id sequences with SequencePadder"
        )
    rows = _as_sequence(X, "documents of id sequences", _MAP_TO_IDS_FIRST)
    documents = []
    for i, doc in enumerate(rows):
        if isinstance(doc, np.ndarray) and doc.ndim == 2:
            sentences = list(doc)
        elif isinstance(doc, np.ndarray) and doc.ndim == 1 and doc.dtype != object:
            if doc.size:
                raise _flat_ids_error(i)
            sentences = []
        else:
            sentences = _sentence_list(doc, i, "sequences of ids")
            if len(sentences) and isinstance(sentences[0], numbers.Integral):
                raise _flat_ids_error(i)
        documents.append([_id_array(ids, i, j) for j, ids in enumerate(sentences)])
    return documents


def _flat_ids_error(i):
    return TypeError(
        f"document {i} is one sequence of ids, not a list of sentences. Split the "
        "documents into sentences (SentenceSplitter) before tokenizing, or pad flat "
        "id sequences with SequencePadder"
    )


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
