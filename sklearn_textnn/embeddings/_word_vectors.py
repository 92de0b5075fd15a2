"""A pretrained word-vector file as a light, picklable object."""

import os

from ._formats import check_encoding, check_format, describe_file
from ._read_word_vectors import check_tokens, read_word_vectors
from ._vector_cache import ensure_cache, lookup_cache


class WordVectors:
    """A pretrained word-vector file, read only when vectors are asked for.

    Holds the file's path and how to read it, never the vectors: it pickles in a few
    bytes, so it can be a hyperparameter of an estimator that is cloned and sent to
    the worker processes of ``GridSearchCV(n_jobs=2)``. Each lookup reads the rows
    of the tokens asked for, either by streaming the file with
    :func:`read_word_vectors`, or, with ``cache_dir``, from an indexed copy.

    Parameters
    ----------
    path : str or path-like
        The vector file (see :func:`read_word_vectors` for the formats). Not opened
        until ``dim`` or ``lookup`` is used.
    format : {'auto', 'word2vec', 'word2vec_binary', 'glove', 'fasttext'}, \
default='auto'
        How the file is written; ``'auto'`` detects it.
    encoding : str, default='utf-8'
        The encoding of the words.
    cache_dir : str or path-like, default=None
        A folder for an indexed copy of the file. The first lookup converts the
        whole file once into ``<cache_dir>/<file name>.<key>.npy`` (float32 rows,
        written as they are read) with an index of the words beside it; later
        lookups, in any process, search the memory-mapped index and read only the
        rows they need, so they take milliseconds instead of a pass over the file,
        and processes looking up the same file share its pages in the operating
        system's cache. The key hashes the file's path,
        size and modification time, so an edited file gets a new copy (old copies
        are left in the folder). Building is safe when several processes do it at
        once. ``None`` streams the file at every lookup.

    Attributes
    ----------
    dim : int
        The dimension of the vectors, read from the first line of the file.

    See Also
    --------
    read_word_vectors : Reads the vectors of some tokens from a file.
    build_embedding_matrix : The embedding matrix of a fitted vocabulary.

    Examples
    --------
    >>> import pickle, tempfile
    >>> from pathlib import Path
    >>> from sklearn_textnn.embeddings import WordVectors
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = Path(tmp.name) / "glove.txt"
    >>> _ = path.write_text("good 0.5 1\\nbad -0.5 -1\\n", encoding="utf-8")
    >>> wv = WordVectors(path, cache_dir=Path(tmp.name) / "cache")
    >>> wv.dim
    2
    >>> vectors, found = wv.lookup(["bad", "ugly"])
    >>> vectors
    array([[-0.5, -1. ],
           [ 0. ,  0. ]], dtype=float32)
    >>> found
    array([ True, False])
    >>> pickle.loads(pickle.dumps(wv)) == wv
    True
    >>> tmp.cleanup()
    """

    def __init__(self, path, *, format="auto", encoding="utf-8", cache_dir=None):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(
                f"path is {type(path).__name__}; expected the str or path-like "
                "path of a word-vector file"
            )
        if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
            raise TypeError(
                f"cache_dir is {type(cache_dir).__name__}; expected a str or "
                "path-like folder, or None"
            )
        check_format(format)
        check_encoding(encoding)
        self.path = path
        self.format = format
        self.encoding = encoding
        self.cache_dir = cache_dir

    @property
    def dim(self):
        """The dimension of the vectors, read from the first line of the file."""
        return describe_file(self.path, self.format, self.encoding).dim

    def lookup(self, tokens):
        """The vectors of ``tokens``.

        Parameters
        ----------
        tokens : array-like of str
            The words to look up.

        Returns
        -------
        vectors : ndarray of shape (len(tokens), dim), dtype float32
            The file's row for each token found (its first occurrence, if the file
            has duplicates), zeros for the others.
        found : ndarray of shape (len(tokens),), dtype bool
            Whether each token was found.
        """
        tokens = check_tokens(tokens)
        if self.cache_dir is None:
            return read_word_vectors(
                self.path, tokens, format=self.format, encoding=self.encoding
            )
        vector_file = describe_file(self.path, self.format, self.encoding)
        paths = ensure_cache(vector_file, self.cache_dir)
        return lookup_cache(paths, tokens, vector_file.dim)

    def _key(self):
        cache_dir = None if self.cache_dir is None else os.fspath(self.cache_dir)
        return os.fspath(self.path), self.format, self.encoding, cache_dir

    def __eq__(self, other):
        if not isinstance(other, WordVectors):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        args = [repr(os.fspath(self.path))]
        for name, default in (
            ("format", "auto"),
            ("encoding", "utf-8"),
            ("cache_dir", None),
        ):
            value = getattr(self, name)
            if value != default:
                if isinstance(value, os.PathLike):
                    value = os.fspath(value)
                args.append(f"{name}={value!r}")
        return f"WordVectors({', '.join(args)})"
