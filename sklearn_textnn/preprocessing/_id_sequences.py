"""Containers of token ids that remember the fitted vocabulary the ids come from.

Inside a Pipeline each cross-validation fold fits its own Vocabulary, so id 57 means a
different token in each fold. A classifier that needs the tokens (to look up pretrained
vectors) reads them from the ``vocabulary`` attribute of its input, which
``Vocabulary.transform`` sets and ``SequencePadder.transform`` passes on. Any other
array-like input works the same without it.
"""

import numpy as np


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
    """

    def __init__(self, sequences=(), vocabulary=None):
        super().__init__(sequences)
        self.vocabulary = vocabulary

    def __reduce__(self):
        return (type(self), (list(self), self.vocabulary))


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
