"""Read the vectors of some tokens from a word-vector file, one row at a time."""

import os

import numpy as np
from sklearn.utils._param_validation import StrOptions, validate_params

from ._formats import FORMATS, describe_file, iter_records, parse_values


def check_tokens(tokens):
    """Return ``tokens`` as a list, checking that every token is a ``str``."""
    tokens = list(tokens)
    for i, token in enumerate(tokens):
        if not isinstance(token, str):
            raise TypeError(f"tokens[{i}] is {type(token).__name__}; expected str")
    return tokens


@validate_params(
    {
        "path": [str, os.PathLike],
        "tokens": ["array-like"],
        "format": [StrOptions(set(FORMATS))],
        "encoding": [str],
    },
    prefer_skip_nested_validation=True,
)
def read_word_vectors(path, tokens, *, format="auto", encoding="utf-8"):
    """Read the vectors of ``tokens`` from a pretrained word-vector file.

    The file is streamed row by row and only the rows of ``tokens`` are kept, so the
    memory used grows with ``len(tokens)``, not with the size of the file: it is the
    returned array (``len(tokens) * dim * 4`` bytes) and one row of the file at a
    time.

    Every row is checked for its number of values (a bad or cut-short row raises,
    even if its word is not wanted); the values themselves are parsed only for the
    rows kept. When a word appears more than once in the file, its first occurrence
    wins.

    Parameters
    ----------
    path : str or path-like
        The vector file. ``.gz``, ``.bz2`` and ``.xz`` files are decompressed on the
        fly.
    tokens : array-like of str
        The words to look up.
    format : {'auto', 'word2vec', 'word2vec_binary', 'glove', 'fasttext'}, \
default='auto'
        How the file is written:

        - ``'word2vec'``: text, a header line ``n_words dim``, then one row
          ``word v1 ... vdim`` per word.
        - ``'fasttext'``: fastText's ``.vec`` files, the same layout.
        - ``'word2vec_binary'``: the header line, then for each word its bytes, a
          space, ``dim`` little-endian float32 values and an optional newline.
        - ``'glove'``: text rows without a header. The dimension is the number of
          values on the first row; on later rows the word is everything before the
          last ``dim`` fields, so words with spaces in them are read whole.
        - ``'auto'``: a first line of two integers is a header; the first record
          after it tells binary from text. Without such a header: ``'glove'``.
    encoding : str, default='utf-8'
        The encoding of the words (for example ``'gb18030'`` for some Chinese
        files). A leading UTF-8 byte-order mark is skipped.

    Returns
    -------
    vectors : ndarray of shape (len(tokens), dim), dtype float32
        The file's row for each token found, zeros for the others.
    found : ndarray of shape (len(tokens),), dtype bool
        Whether each token was found.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is malformed, naming the file and the line (or, in binary files,
        the record and byte offset): a row with the wrong number of values, a value
        that is not a finite number, a header whose dimension or word count does not
        match the rows, a truncated file, a word that does not decode with
        ``encoding``, or a compressed file that is cut short, corrupt, or not
        compressed as its extension says.

    See Also
    --------
    WordVectors : A vector file as a picklable object, with an optional
        indexed cache for repeated lookups.
    build_embedding_matrix : The embedding matrix of a fitted vocabulary.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sklearn_textnn.embeddings import read_word_vectors
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = Path(tmp.name) / "vectors.txt"
    >>> _ = path.write_text("2 3\\n北京 0.5 -1 2\\nhello 1 2 3\\n", encoding="utf-8")
    >>> vectors, found = read_word_vectors(path, ["hello", "unseen", "北京"])
    >>> vectors
    array([[ 1. ,  2. ,  3. ],
           [ 0. ,  0. ,  0. ],
           [ 0.5, -1. ,  2. ]], dtype=float32)
    >>> found
    array([ True, False,  True])
    >>> tmp.cleanup()
    """
    tokens = check_tokens(tokens)
    vector_file = describe_file(path, format, encoding)
    rows_of = {}
    for i, token in enumerate(tokens):
        rows_of.setdefault(token, []).append(i)
    vectors = np.zeros((len(tokens), vector_file.dim), dtype=np.float32)
    found = np.zeros(len(tokens), dtype=bool)
    for where, word, raw in iter_records(vector_file):
        # pop: a later duplicate of the word finds nothing left to fill.
        rows = rows_of.pop(word, None)
        if rows is not None:
            vectors[rows] = parse_values(vector_file, where, word, raw)
            found[rows] = True
    return vectors, found
