"""Containers of tokens and ids that remember where they come from.

Inside a Pipeline each cross-validation fold fits its own Vocabulary, so id 57 means a
different token in each fold. A classifier that needs the tokens (to look up pretrained
vectors) reads them from the ``vocabulary`` attribute of its input, which
``Vocabulary.transform`` sets and ``SequencePadder.transform`` passes on. Any other
array-like input works the same without it.

The row labels (``row_index``) of a pandas input travel the same way, so that the
DataFrame that ``SequencePadder`` makes under ``set_output(transform="pandas")`` keeps
the rows' index, and lines up with the other columns of a ColumnTransformer.
"""

import numpy as np


class TokenLists(list):
    """A list of token lists, one per document, with the ``row_index`` of the input.

    Behaves exactly as a list; returned by the tokenizers.

    Parameters
    ----------
    token_lists : iterable of list of str
        The tokens of each document.
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
    :meth:`~sklearn_textnn.preprocessing.Vocabulary.transform`.

    Parameters
    ----------
    sequences : iterable of ndarray
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
    """An ``int64`` id matrix with the ``vocabulary`` behind it.

    A :class:`numpy.ndarray` subclass: slicing rows (as cross-validation does) keeps
    the ``vocabulary`` attribute. Returned by
    :meth:`~sklearn_textnn.preprocessing.SequencePadder.transform` when its input came
    from a :class:`~sklearn_textnn.preprocessing.Vocabulary`.
    """

    def __new__(cls, array, vocabulary=None):
        obj = np.asarray(array).view(cls)
        obj.vocabulary = vocabulary
        return obj

    def __array_finalize__(self, obj):
        self.vocabulary = getattr(obj, "vocabulary", None)

    def __reduce__(self):
        constructor, args, state = super().__reduce__()
        return constructor, args, (state, self.vocabulary)

    def __setstate__(self, state):
        array_state, self.vocabulary = state
        super().__setstate__(array_state)


def vocabulary_of(X):
    """The fitted Vocabulary behind ``X``, or None if ``X`` does not carry one."""
    return getattr(X, "vocabulary", None)


def row_index_of(X):
    """The row labels of ``X``: its pandas index, or the ``row_index`` it carries."""
    if hasattr(X, "iloc") and hasattr(X, "index"):
        return X.index
    # Not getattr(X, "index"): that is a method of every list.
    return getattr(X, "row_index", None)
