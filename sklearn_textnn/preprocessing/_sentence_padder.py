"""Pad or truncate documents of sentences into a 3-D integer array."""

import math
import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._ids import PAD_ID
from ._id_sequences import TokenIdArray, vocabulary_of
from ._validation import check_sentence_id_lists

# A learned size is at most this many times the median, and at least _MIN_CAP: the
# output has that size for every document (every sentence), so a few outliers
# would multiply the memory and time of all the others.
_CAP_TIMES_MEDIAN = 10
_MIN_CAP = 32


class SentencePadder(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Pad documents of sentences into an ``int64`` array of shape (documents,
    sentences, tokens).

    The input is one list of id sequences per document, one per sentence, as
    :class:`Vocabulary` gives it when the documents were split into sentences
    (:class:`SentenceSplitter`) or came as lists of texts. Each document gets
    ``max_sentences_`` rows of ``max_tokens_`` ids, filled with the padding id 0.
    An empty sentence stays in its place as a row of padding, and a document
    without sentences is all padding.

    Parameters
    ----------
    max_sentences : int, default=None
        Number of sentences per document in the output. ``None`` learns it at
        ``fit`` as the ``percentile`` of the training documents' numbers of
        sentences, at most 10 times their median (or 32, if larger).
    max_tokens : int, default=None
        Number of tokens per sentence in the output. ``None`` learns it at ``fit``
        as the ``percentile`` of the training sentences' lengths, with the same
        upper bound.
    percentile : float, default=99.0
        Percentile of the training sizes used for the sizes that are learned, as in
        :class:`SequencePadder`. ``fit`` warns when the bound cuts a learned size:
        a few very long documents (or sentences) then lose their end rather than
        multiply the size of every other.
    padding : {'pre', 'post'}, default='post'
        Add padding after (``'post'``) or before (``'pre'``) the tokens of each
        sentence, and after or before the sentences of each document.
    truncating : {'pre', 'post'}, default='post'
        Drop the end (``'post'``) or the start (``'pre'``) of sentences longer
        than ``max_tokens_``, and the last or the first sentences of documents
        longer than ``max_sentences_``.

    Attributes
    ----------
    max_sentences_ : int
        The number of sentences per document of the output.
    max_tokens_ : int
        The number of tokens per sentence of the output.
    n_truncated_documents_ : int
        Number of training documents with more than ``max_sentences_`` sentences.
    n_truncated_sentences_ : int
        Number of training sentences longer than ``max_tokens_``.

    See Also
    --------
    SentenceSplitter : Splits documents into sentences.
    SequencePadder : Pads one id sequence per document into a matrix.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import SentencePadder
    >>> padder = SentencePadder(percentile=100).fit([[[5, 6], [7]], [[8, 9, 4]]])
    >>> padder.max_sentences_, padder.max_tokens_
    (2, 3)
    >>> padder.transform([[[5, 6], [7]], [], [[8, 9, 4, 3]]])
    array([[[5, 6, 0],
            [7, 0, 0]],
    <BLANKLINE>
           [[0, 0, 0],
            [0, 0, 0]],
    <BLANKLINE>
           [[8, 9, 4],
            [0, 0, 0]]])
    """

    _parameter_constraints = {
        "max_sentences": [Interval(Integral, 1, None, closed="left"), None],
        "max_tokens": [Interval(Integral, 1, None, closed="left"), None],
        "percentile": [Interval(Real, 0, 100, closed="right")],
        "padding": [StrOptions({"pre", "post"})],
        "truncating": [StrOptions({"pre", "post"})],
    }

    def __init__(
        self,
        *,
        max_sentences=None,
        max_tokens=None,
        percentile=99.0,
        padding="post",
        truncating="post",
    ):
        self.max_sentences = max_sentences
        self.max_tokens = max_tokens
        self.percentile = percentile
        self.padding = padding
        self.truncating = truncating

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the numbers of sentences and tokens (those set to ``None``).

        Parameters
        ----------
        X : iterable of lists of sequences of int
            The id sequences of each document's sentences, from
            :class:`Vocabulary`.
        y : None
            Ignored.

        Returns
        -------
        self : SentencePadder

        Warns
        -----
        UserWarning
            When a learned size is cut to 10 times the median (or 32): a few very
            long documents or sentences would make every one that large.
        """
        documents = check_sentence_id_lists(X)
        if not documents:
            raise ValueError("cannot fit a SentencePadder on 0 documents")
        n_sentences = np.fromiter(map(len, documents), dtype=np.int64)
        n_tokens = np.fromiter(
            (len(ids) for sentences in documents for ids in sentences), dtype=np.int64
        )
        self.max_sentences_ = self.max_sentences or self._learn(
            n_sentences, "max_sentences", "documents", "sentences"
        )
        self.max_tokens_ = self.max_tokens or self._learn(
            n_tokens, "max_tokens", "sentences", "tokens"
        )
        self.n_truncated_documents_ = int((n_sentences > self.max_sentences_).sum())
        self.n_truncated_sentences_ = int((n_tokens > self.max_tokens_).sum())
        return self

    def _learn(self, sizes, parameter, items, parts):
        """The ``percentile`` of ``sizes``, at least 1 and at most the bound."""
        if not len(sizes):
            return 1
        size = max(1, math.ceil(np.percentile(sizes, self.percentile, method="higher")))
        median = float(np.median(sizes))
        bound = max(_CAP_TIMES_MEDIAN * math.ceil(median), _MIN_CAP)
        if size <= bound:
            return size
        n_longer = int((sizes > bound).sum())
        warnings.warn(
            f"percentile={self.percentile} gives {parameter}_={size}, more than "
            f"{_CAP_TIMES_MEDIAN} times the median ({median:g} {parts}); it is cut "
            f"to {bound}, and {n_longer} of the {len(sizes)} training {items} lose "
            f"their {'start' if self.truncating == 'pre' else 'end'}. Set the size "
            f"with {parameter}= to keep more: every {items[:-1]} of the output "
            "has it",
            UserWarning,
            # Past _learn, fit and scikit-learn's _fit_context, to the caller's line.
            stacklevel=4,
        )
        return bound

    def transform(self, X):
        """Pad and truncate to ``max_sentences_`` sentences of ``max_tokens_`` ids.

        Parameters
        ----------
        X : iterable of lists of sequences of int
            The id sequences of each document's sentences; a 3-D integer array
            is read as such.

        Returns
        -------
        ids : ndarray of int64, 3-D
            Of shape (n_samples, ``max_sentences_``, ``max_tokens_``). A
            :class:`TokenIdArray` that carries the input's ``vocabulary`` when the
            input came from a vocabulary, as :class:`SequencePadder`'s matrix
            does.
        """
        check_is_fitted(self)
        vocabulary = vocabulary_of(X)
        documents = check_sentence_id_lists(X)
        n_rows, width = self.max_sentences_, self.max_tokens_
        out = np.full((len(documents), n_rows, width), PAD_ID, dtype=np.int64)
        pre_padding = self.padding == "pre"
        pre_truncating = self.truncating == "pre"
        for i, sentences in enumerate(documents):
            if len(sentences) > n_rows:
                sentences = (
                    sentences[-n_rows:] if pre_truncating else sentences[:n_rows]
                )
            first_row = n_rows - len(sentences) if pre_padding else 0
            for row, ids in enumerate(sentences, first_row):
                if len(ids) > width:
                    ids = ids[-width:] if pre_truncating else ids[:width]
                if not len(ids):
                    continue
                if pre_padding:
                    out[i, row, width - len(ids) :] = ids
                else:
                    out[i, row, : len(ids)] = ids
        if vocabulary is not None:
            return TokenIdArray(out, vocabulary)
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        return tags
