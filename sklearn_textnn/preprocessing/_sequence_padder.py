"""Pad or truncate id sequences into a fixed-width integer matrix."""

import math
import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import check_is_fitted

from .._ids import PAD_ID
from ._id_sequences import TokenIdArray, row_index_of, vocabulary_of
from ._validation import check_id_lists

# A learned width is reported as too wide when it is both this many times the median
# document length and larger than _WIDE: every row of the output has that width, so a
# single huge document multiplies the memory and time of all the others.
_WIDE_TIMES_MEDIAN = 10
_WIDE = 1000


class SequencePadder(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Pad or truncate id sequences to one length, giving an ``int64`` matrix.

    Parameters
    ----------
    maxlen : int, default=None
        Width of the output. ``None`` learns it at ``fit`` as the ``percentile`` of the
        training documents' lengths (at least 1).
    percentile : float, default=99.0
        Percentile of the training lengths used when ``maxlen=None``: 100 takes the
        longest document; the default keeps 99 % of documents whole while a few very
        long ones do not blow up the width for all. ``fit`` warns when the learned
        width is more than 10 times the median length and more than 1,000.
    padding : {'pre', 'post'}, default='post'
        Add padding before or after each sequence.
    truncating : {'pre', 'post'}, default='post'
        Drop the ids at the start (``'pre'``) or at the end (``'post'``) of sequences
        longer than ``maxlen``. ``'post'`` keeps the beginning of the document.

    Attributes
    ----------
    maxlen_ : int
        The width of the output.
    n_truncated_ : int
        Number of training documents longer than ``maxlen_``.

    See Also
    --------
    Vocabulary : Gives the id sequences; its padding id 0 fills the matrix.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import SequencePadder
    >>> padder = SequencePadder(percentile=100).fit([[5, 6, 7], [8]])
    >>> padder.transform([[5, 6, 7], [8], [2, 3, 4, 9]])
    array([[5, 6, 7],
           [8, 0, 0],
           [2, 3, 4]])
    >>> SequencePadder(maxlen=2, padding="pre", truncating="pre").fit_transform(
    ...     [[5, 6, 7], [8]])
    array([[6, 7],
           [0, 8]])
    """

    _parameter_constraints = {
        "maxlen": [Interval(Integral, 1, None, closed="left"), None],
        "percentile": [Interval(Real, 0, 100, closed="right")],
        "padding": [StrOptions({"pre", "post"})],
        "truncating": [StrOptions({"pre", "post"})],
    }

    def __init__(
        self, *, maxlen=None, percentile=99.0, padding="post", truncating="post"
    ):
        self.maxlen = maxlen
        self.percentile = percentile
        self.padding = padding
        self.truncating = truncating

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the output width (when ``maxlen=None``).

        Parameters
        ----------
        X : iterable of sequences of int
            Id sequences from :class:`Vocabulary`.
        y : None
            Ignored.

        Returns
        -------
        self : SequencePadder

        Warns
        -----
        UserWarning
            When the learned width is more than 10 times the median length and
            more than 1,000: a few very long documents widen every row.
        """
        id_lists = check_id_lists(X)
        if not id_lists:
            raise ValueError("cannot fit a SequencePadder on 0 documents")
        lengths = np.fromiter((len(ids) for ids in id_lists), dtype=np.int64)
        if self.maxlen is None:
            width = np.percentile(lengths, self.percentile, method="higher")
            self.maxlen_ = max(1, math.ceil(width))
            self._warn_if_too_wide(lengths)
        else:
            self.maxlen_ = self.maxlen
        self.n_truncated_ = int((lengths > self.maxlen_).sum())
        self._n_features_out = self.maxlen_
        return self

    def _warn_if_too_wide(self, lengths):
        median = float(np.median(lengths))
        if self.maxlen_ <= _WIDE or self.maxlen_ <= _WIDE_TIMES_MEDIAN * median:
            return
        n_longer = int((lengths > _WIDE_TIMES_MEDIAN * median).sum())
        warnings.warn(
            f"percentile={self.percentile} learned maxlen_={self.maxlen_}, more than "
            f"{_WIDE_TIMES_MEDIAN} times the median document length ({median:g}; "
            f"{n_longer} of {len(lengths)} documents are longer than "
            f"{_WIDE_TIMES_MEDIAN} times it): every output row will be "
            f"{self.maxlen_} ids wide, which makes training slow and memory-hungry. "
            "Set the width with maxlen=, or pass a lower percentile",
            UserWarning,
            # Past fit and scikit-learn's _fit_context, to the caller's line.
            stacklevel=4,
        )

    def transform(self, X):
        """Pad and truncate to ``maxlen_`` columns.

        Parameters
        ----------
        X : iterable of sequences of int
            Id sequences.

        Returns
        -------
        ids : ndarray of shape (n_samples, ``maxlen_``), dtype int64
            A :class:`TokenIdArray` that carries the input's ``vocabulary`` when the
            input came from :class:`Vocabulary`.
        """
        check_is_fitted(self)
        vocabulary = vocabulary_of(X)
        id_lists = check_id_lists(X)
        width = self.maxlen_
        out = np.full((len(id_lists), width), PAD_ID, dtype=np.int64)
        for i, ids in enumerate(id_lists):
            if len(ids) > width:
                ids = ids[-width:] if self.truncating == "pre" else ids[:width]
            if len(ids):
                if self.padding == "post":
                    out[i, : len(ids)] = ids
                else:
                    out[i, width - len(ids) :] = ids
        row_index = row_index_of(X)
        output = _get_output_config("transform", self)["dense"]
        if row_index is not None and output == "pandas":
            # scikit-learn makes the DataFrame (and names the columns) but can only
            # take the row labels from a pandas input; here they came along the
            # token lists, and must stay to line up with a ColumnTransformer's
            # other columns.
            import pandas as pd

            return pd.DataFrame(out, index=row_index)
        if vocabulary is not None:
            return TokenIdArray(out, vocabulary)
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        return tags
