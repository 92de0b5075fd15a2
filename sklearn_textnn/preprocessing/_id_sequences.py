"""Containers of tokens and ids that remember where they come from.

Inside a Pipeline each cross-validation fold fits its own Vocabulary, so id 57 means a
different token in each fold. A classifier that needs the tokens (to look up pretrained
vectors) reads them from the ``vocabulary`` attribute of its input, which
``Vocabulary.transform`` sets and ``SequencePadder.transform`` passes on (as does
``SentencePadder.transform`` to its 3-D array of documents of sentences). Any other
array-like input works the same without it.

What a classifier reads from a carried vocabulary is small; any object with these
attributes can stand behind the ids (:class:`Vocabulary` has them all):

``n_tokens_`` (int, required)
    The number of ids, the reserved ones (0 padding, 1 unknown) included: the size of
    the embedding table. Ids run from 0 to ``n_tokens_ - 1``.
``get_feature_names_out()`` (optional)
    The token behind each id, in id order; needed for ``pretrained_vectors``.
    :class:`HashingVocabulary` cannot tell its tokens: called without
    ``input_features`` it raises a ValueError that says so.
``counts_`` (optional)
    Training occurrences of each id's token; weighs the coverage report of
    ``pretrained_vectors``.

At predict time a classifier compares the carried vocabulary with the one it was
fitted with (:func:`vocabulary_fingerprint`) and refuses ids from another one.

Only the arrays that ``Vocabulary``, ``SequencePadder`` and ``SentencePadder``
return, and their row slices, carry a vocabulary: arithmetic on them (``X + 5``)
gives plain arrays, whose ids no longer mean the vocabulary's tokens.

The row labels (``row_index``) of a pandas input travel the same way, so that the
DataFrame that ``SequencePadder`` makes under ``set_output(transform="pandas")`` keeps
the rows' index, and lines up with the other columns of a ColumnTransformer.
"""

import hashlib

import numpy as np


class TokenLists(list):
    """A list of token lists, one per document, with the ``row_index`` of the input.

    Behaves exactly as a list; returned by the tokenizers, and by
    :class:`~sklearn_textnn.preprocessing.SentenceSplitter` (a list of sentences per
    document). For documents given as lists of sentences each item is a list of
    token lists, one per sentence.

    Parameters
    ----------
    token_lists : iterable of list
        The tokens (or sentences) of each document.
    row_index : pandas.Index or None
        The row labels of the documents when they came in a pandas object.
    """

    def __init__(self, token_lists=(), row_index=None):
        super().__init__(token_lists)
        self.row_index = row_index

    def __reduce__(self):
        return (type(self), (list(self), self.row_index))


class IdSequences(list):
    """A list of int64 id arrays, one per document, with the ``vocabulary`` behind it.

    Behaves exactly as a list; returned by
    :meth:`~sklearn_textnn.preprocessing.Vocabulary.transform`. For documents given
    as lists of sentences each item is a list of id arrays, one per sentence.

    Parameters
    ----------
    sequences : iterable of ndarray, or of lists of ndarray
        The id arrays.
    vocabulary : Vocabulary or None
        The fitted vocabulary that produced the ids.
    row_index : pandas.Index or None
        The row labels of the documents when they came in a pandas object.
    """

    def __init__(self, sequences=(), vocabulary=None, row_index=None):
        super().__init__(sequences)
        self.vocabulary = vocabulary
        self.row_index = row_index

    def __reduce__(self):
        return (type(self), (list(self), self.vocabulary, self.row_index))


class TokenIdArray(np.ndarray):
    """An ``int64`` id matrix (or 3-D array) with the ``vocabulary`` behind it.

    A :class:`numpy.ndarray` subclass: slicing rows (as cross-validation does) keeps
    the ``vocabulary`` attribute. Returned by
    :meth:`~sklearn_textnn.preprocessing.SequencePadder.transform` (a matrix) and
    :meth:`~sklearn_textnn.preprocessing.SentencePadder.transform` (documents x
    sentences x tokens) when their input came from a vocabulary.
    """

    def __new__(cls, array, vocabulary=None):
        obj = np.asarray(array).view(cls)
        obj.vocabulary = vocabulary
        return obj

    def __array_finalize__(self, obj):
        self.vocabulary = getattr(obj, "vocabulary", None)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # Arithmetic and comparisons give plain arrays: their values are no longer
        # ids of the vocabulary. An in-place operation drops the vocabulary too.
        def plain(values):
            return tuple(
                v.view(np.ndarray) if isinstance(v, TokenIdArray) else v for v in values
            )

        out = kwargs.get("out")
        if out:
            for target in out:
                if isinstance(target, TokenIdArray):
                    target.vocabulary = None
            kwargs["out"] = plain(out)
        return getattr(ufunc, method)(*plain(inputs), **kwargs)

    def __reduce__(self):
        constructor, args, state = super().__reduce__()
        return constructor, args, (state, self.vocabulary)

    def __setstate__(self, state):
        array_state, self.vocabulary = state
        super().__setstate__(array_state)


def vocabulary_of(X):
    """The fitted Vocabulary behind ``X``, or None if ``X`` does not carry one."""
    return getattr(X, "vocabulary", None)


def vocabulary_fingerprint(vocabulary):
    """What identifies the ids of a fitted vocabulary, to compare it with another.

    Its type and number of ids, and a digest of its tokens in id order (of its
    parameters when it does not tell the tokens: a hashing vocabulary).

    Parameters
    ----------
    vocabulary : vocabulary
        An object that follows the vocabulary contract (``n_tokens_``).

    Returns
    -------
    fingerprint : tuple
    """
    state = getattr(vocabulary, "vocabulary_", None)
    cached = getattr(vocabulary, "_fingerprint", None)
    # The token table is rebuilt by every fit: the cache holds on to the one it
    # describes, so a refit is never mistaken for the old fit.
    if cached is not None and state is not None and cached[0] is state:
        return cached[1]
    if hasattr(vocabulary, "get_feature_names_out") and state is not None:
        tokens = "\n".join(map(str, vocabulary.get_feature_names_out()))
        content = hashlib.sha1(tokens.encode("utf-8", "surrogatepass")).hexdigest()
    else:
        content = repr(sorted(vocabulary.get_params().items()))
    fingerprint = (type(vocabulary).__qualname__, int(vocabulary.n_tokens_), content)
    if state is not None:
        vocabulary._fingerprint = (state, fingerprint)
    return fingerprint


def row_index_of(X):
    """The row labels of ``X``: its pandas index, or the ``row_index`` it carries."""
    if hasattr(X, "iloc") and hasattr(X, "index"):
        return X.index
    # Not getattr(X, "index"): that is a method of every list.
    return getattr(X, "row_index", None)
