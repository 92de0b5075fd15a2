"""The initial embedding matrix of a fitted vocabulary, from pretrained vectors."""

import os
import warnings
from collections.abc import Mapping
from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from ._read_word_vectors import check_tokens
from ._word_vectors import WordVectors

# The ids the vocabulary reserves for padding and unknown tokens: never looked up.
_N_RESERVED = 2


@validate_params(
    {
        "vectors": [WordVectors, str, os.PathLike, Mapping],
        "tokens": ["array-like"],
        "counts": ["array-like", None],
        "embedding_dim": [Interval(Integral, 1, None, closed="left"), None],
        "oov_init": [StrOptions({"random", "zeros"})],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def build_embedding_matrix(
    vectors,
    tokens,
    counts=None,
    *,
    embedding_dim=None,
    oov_init="random",
    random_state=None,
):
    """Build the embedding matrix of a vocabulary from pretrained word vectors.

    Row ``i`` of the matrix is the vector of ``tokens[i]``, the token of id ``i``.
    Ids 0 (padding) and 1 (unknown) are reserved, as in
    :class:`~sklearn_textnn.preprocessing.Vocabulary`, and never looked up: row 0 is
    zeros and row 1 is initialised like a token that was not found.

    Parameters
    ----------
    vectors : WordVectors, str, path-like or dict of str to array-like
        The pretrained vectors: a :class:`WordVectors`, the path of a vector file
        (read as ``WordVectors(path)``, its format detected), or a dict from token
        to 1-D vector.
    tokens : array-like of str
        The token of each id, reserved ids included: for a fitted
        :class:`~sklearn_textnn.preprocessing.Vocabulary`,
        ``vocabulary.get_feature_names_out()``.
    counts : array-like of shape (len(tokens),), default=None
        The training occurrences of each id's token (``vocabulary.counts_``), for
        ``coverage['token_coverage']``.
    embedding_dim : int, default=None
        The dimension the caller expects. ``None`` takes it from the vectors; a
        number that differs from theirs raises a ValueError.
    oov_init : {'random', 'zeros'}, default='random'
        The rows of the tokens not found, and of the unknown id. ``'random'``: drawn
        from a normal distribution with mean 0 and, in each dimension, the standard
        deviation of the found vectors, so they are on the scale of the pretrained
        ones (with fewer than 2 vectors found: standard deviation 1, the scale of
        ``torch.nn.Embedding``'s own initialisation). ``'zeros'``: zeros.
    random_state : int, RandomState instance or None, default=None
        Seeds the ``'random'`` rows; pass an int for the same matrix at every call.

    Returns
    -------
    matrix : ndarray of shape (len(tokens), dim), dtype float32
        The embedding matrix.
    coverage : dict
        How much of the vocabulary the vectors cover:

        - ``'n_tokens'``: the number of tokens looked up (the two reserved ids
          excluded);
        - ``'n_found'``: how many of them have a pretrained vector;
        - ``'vocabulary_coverage'``: ``n_found / n_tokens``;
        - ``'token_coverage'``: the share of the training occurrences of those
          tokens that have a vector (from ``counts``), or None without ``counts``.

    Warns
    -----
    UserWarning
        If no token is found, which usually means that the text is tokenized
        (segmented, lowercased) differently from the text the vectors were
        trained on.

    See Also
    --------
    WordVectors : A vector file, with an optional indexed cache.
    read_word_vectors : Reads the vectors of some tokens from a file.

    Examples
    --------
    >>> from sklearn_textnn.embeddings import build_embedding_matrix
    >>> from sklearn_textnn.preprocessing import Vocabulary
    >>> vocab = Vocabulary(min_freq=1).fit([["好", "天气"], ["好", "雨", "风"]])
    >>> vocab.get_feature_names_out()
    array(['<pad>', '<unk>', '好', '天气', '雨', '风'], dtype=object)
    >>> pretrained = {"好": [1.0, 2.0], "天气": [3.0, 4.0]}
    >>> matrix, coverage = build_embedding_matrix(
    ...     pretrained, vocab.get_feature_names_out(), vocab.counts_, oov_init="zeros"
    ... )
    >>> matrix
    array([[0., 0.],
           [0., 0.],
           [1., 2.],
           [3., 4.],
           [0., 0.],
           [0., 0.]], dtype=float32)
    >>> coverage
    {'n_tokens': 4, 'n_found': 2, 'vocabulary_coverage': 0.5, 'token_coverage': 0.6}
    """
    tokens = check_tokens(tokens)
    if len(tokens) <= _N_RESERVED:
        raise ValueError(
            f"tokens has {len(tokens)} entries; expected the padding and unknown "
            "tokens (ids 0 and 1) followed by at least one token to look up, as "
            "given by Vocabulary.get_feature_names_out()"
        )
    if counts is not None:
        counts = np.asarray(counts, dtype=np.float64)
        if counts.shape != (len(tokens),):
            raise ValueError(
                f"counts has shape {counts.shape} but tokens has {len(tokens)} "
                "entries; pass the counts_ of the same fitted Vocabulary"
            )
    looked_up = tokens[_N_RESERVED:]
    if isinstance(vectors, Mapping):
        found_vectors, found = _lookup_dict(vectors, looked_up, embedding_dim)
        source = "the dict of vectors"
    else:
        if not isinstance(vectors, WordVectors):
            vectors = WordVectors(vectors)
        # The header alone gives the dimension: check it before reading the file.
        what = f"the vectors in {os.fspath(vectors.path)!r}"
        _check_dim(embedding_dim, vectors.dim, what, "the file")
        found_vectors, found = vectors.lookup(looked_up)
        source = repr(os.fspath(vectors.path))
    dim = found_vectors.shape[1]

    matrix = np.zeros((len(tokens), dim), dtype=np.float32)
    matrix[_N_RESERVED:][found] = found_vectors[found]
    missing = np.concatenate([[1], _N_RESERVED + np.flatnonzero(~found)])
    n_found = int(found.sum())
    if oov_init == "random":
        std = found_vectors[found].std(axis=0) if n_found >= 2 else np.ones(dim)
        rng = check_random_state(random_state)
        matrix[missing] = rng.standard_normal((len(missing), dim)) * std
    if n_found == 0:
        warnings.warn(
            f"none of the {len(looked_up)} tokens has a vector in {source}; check "
            "that the text is segmented and lowercased like the text the vectors "
            "were trained on",
            UserWarning,
            stacklevel=2,
        )
    coverage = {
        "n_tokens": len(looked_up),
        "n_found": n_found,
        "vocabulary_coverage": n_found / len(looked_up),
        "token_coverage": None,
    }
    if counts is not None:
        total = counts[_N_RESERVED:].sum()
        covered = counts[_N_RESERVED:][found].sum()
        coverage["token_coverage"] = float(covered / total) if total else float("nan")
    return matrix, coverage


def _check_dim(embedding_dim, dim, what, origin):
    if embedding_dim is not None and embedding_dim != dim:
        raise ValueError(
            f"embedding_dim={embedding_dim} but {what} have {dim} dimensions; set "
            f"embedding_dim={dim} (or None to take it from {origin})"
        )


def _lookup_dict(vectors, tokens, embedding_dim):
    if not vectors:
        raise ValueError("vectors is an empty dict; expected token -> 1-D vector")
    first_token, first = next(iter(vectors.items()))
    dim = np.asarray(first).shape[0] if np.ndim(first) == 1 else None
    if dim is None or dim == 0:
        raise ValueError(
            f"vectors[{first_token!r}] has shape {np.shape(first)}; expected a "
            "non-empty 1-D vector"
        )
    _check_dim(embedding_dim, dim, "the vectors of the dict", "the vectors")
    out = np.zeros((len(tokens), dim), dtype=np.float32)
    found = np.zeros(len(tokens), dtype=bool)
    for i, token in enumerate(tokens):
        vector = vectors.get(token)
        if vector is None:
            continue
        vector = np.asarray(vector, dtype=np.float32)
        if vector.shape != (dim,):
            raise ValueError(
                f"vectors[{token!r}] has shape {vector.shape}; expected ({dim},) like "
                f"vectors[{first_token!r}]"
            )
        if not np.isfinite(vector).all():
            raise ValueError(f"vectors[{token!r}] has values that are not finite")
        out[i] = vector
        found[i] = True
    return out, found
