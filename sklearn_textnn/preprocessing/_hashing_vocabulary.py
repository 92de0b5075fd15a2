"""A stateless vocabulary that hashes each token to one of a fixed number of ids."""

import itertools
import zlib
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, InvalidParameterError

from .._ids import PAD_ID, UNK_ID
from ._base import RaggedOutputMixin
from ._id_sequences import IdSequences, row_index_of
from ._validation import check_token_lists_or_sentences, group_sentences

#: The ids before the buckets: padding and unknown.
_N_RESERVED = 2

#: The most buckets. The embedding table has ``n_buckets + 2`` rows of
#: ``embedding_dim`` floats: at 2**26 rows and the classifiers' default of 128
#: dimensions, 32 GiB of float32 before the optimizer's state.
MAX_BUCKETS = 2**26


def _crc32(token):
    """The hash behind a token's id: CRC-32 of its UTF-8 bytes."""
    return zlib.crc32(token.encode("utf-8", "surrogatepass"))


class _BucketRange(Interval):
    """The range of ``n_buckets``; its error message says why it has these bounds."""

    def __str__(self):
        return (
            f"{super().__str__()} (with fewer than 2 buckets every token has the same "
            "id; the embedding table has n_buckets + 2 rows of embedding_dim floats, "
            "and 2**26 rows of 128 float32 already take 32 GiB)"
        )


class HashingVocabulary(
    RaggedOutputMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Map token lists to integer id sequences by hashing, without a fit.

    The stateless counterpart of :class:`Vocabulary`, as
    :class:`~sklearn.feature_extraction.text.HashingVectorizer` is of
    :class:`~sklearn.feature_extraction.text.CountVectorizer`: each token goes to
    id ``2 + crc32(token) % n_buckets``, where ``crc32`` is :func:`zlib.crc32` of
    the token's UTF-8 bytes, the same in every process and Python version (it does
    not depend on ``PYTHONHASHSEED``). Nothing is learned, so ``transform`` works
    without ``fit``, documents can be streamed in batches, and the memory of the
    embedding table is set in advance; the price is that different tokens can share
    an id (a collision), and that the token behind an id cannot be told.

    Id 0 is reserved for padding and id 1 for unknown: the empty-string token maps
    to it. As in :class:`Vocabulary`, a token equal to ``pad_token`` maps to 0 and
    one equal to ``unk_token`` to 1. The output is the same as that of
    :meth:`Vocabulary.transform`: :class:`SequencePadder` and the classifiers take
    the two the same way, documents given as lists of sentences included (one list
    of id sequences per document).

    Parameters
    ----------
    n_buckets : int, default=2**18
        Number of ids the tokens are hashed to, between 2 and 2**26. Of ``n``
        distinct tokens, about ``n / (2 * n_buckets)`` find their id already taken
        by another token when ``n`` is much smaller than ``n_buckets``: 2 % of
        10,000 tokens in the default 2**18 buckets (and 17 % of 100,000). The
        embedding table has ``n_buckets + 2`` rows: at the default and
        ``embedding_dim=128``, 128 MiB of float32.
    pad_token : str, default='<pad>'
        A token that maps to the padding id 0, as in :class:`Vocabulary`.
    unk_token : str, default='<unk>'
        A token that maps to the unknown id 1, as in :class:`Vocabulary` (for texts
        whose rare words were already replaced by a placeholder).

    Attributes
    ----------
    n_tokens_ : int
        Number of ids, the reserved ones included (``n_buckets + 2``): the size of
        an embedding table for this vocabulary. Read-only, and available without
        ``fit``, as it follows from ``n_buckets``.

    See Also
    --------
    Vocabulary : Learns its tokens at ``fit``; no collisions, and it can tell the
        token behind each id (which ``pretrained_vectors`` needs).
    SequencePadder : Pads the id sequences into a matrix.

    Notes
    -----
    A hash cannot be reversed, so the vocabulary cannot tell the token behind an
    id: there is no ``inverse_transform``, and ``get_feature_names_out`` only passes
    the input's names on (for a Pipeline or a ColumnTransformer to name the padded
    columns) and refuses to be asked for the tokens. A classifier with
    ``pretrained_vectors``, which needs them, then says so.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import HashingVocabulary
    >>> vocab = HashingVocabulary(n_buckets=1000)
    >>> vocab.n_tokens_
    1002
    >>> [ids.tolist() for ids in vocab.transform([["好", "天气"], ["好", ""], []])]
    [[518, 30], [518, 1], []]
    """

    _parameter_constraints = {
        "n_buckets": [_BucketRange(Integral, 2, MAX_BUCKETS, closed="both")],
        "pad_token": [str],
        "unk_token": [str],
    }

    def __init__(self, *, n_buckets=2**18, pad_token="<pad>", unk_token="<unk>"):
        self.n_buckets = n_buckets
        self.pad_token = pad_token
        self.unk_token = unk_token

    @property
    def n_tokens_(self):
        """Number of ids, the reserved ones included: ``n_buckets + 2``."""
        return int(self.n_buckets) + _N_RESERVED

    def get_feature_names_out(self, input_features=None):
        """The names of the input, passed through; never the tokens.

        A hash cannot be reversed, so unlike :meth:`Vocabulary.get_feature_names_out`
        this cannot list the token behind each id. It passes the input's names on,
        so that ``Pipeline.get_feature_names_out`` reaches :class:`SequencePadder`,
        and a ColumnTransformer with pandas output names the id columns
        ``sequencepadder0``, ``sequencepadder1``... as after a :class:`Vocabulary`.

        Parameters
        ----------
        input_features : array-like of str
            The input's names, as a Pipeline or a ColumnTransformer passes them.

        Returns
        -------
        names : ndarray of str objects

        Raises
        ------
        ValueError
            Without ``input_features``: that asks for the tokens (as a classifier
            with ``pretrained_vectors`` does), which cannot be told.
        """
        if input_features is None:
            raise ValueError(
                f"{type(self).__name__} cannot tell the token behind an id: the "
                "tokens are hashed, and a hash cannot be reversed. Use Vocabulary "
                "when the tokens are needed (for pretrained_vectors); to name the "
                "columns of a Pipeline, pass its input_features"
            )
        return super().get_feature_names_out(input_features)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the parameters and the documents; nothing is learned.

        Parameters
        ----------
        X : iterable of list of str
            Tokenized documents, or each document's tokenized sentences.
        y : None
            Ignored.

        Returns
        -------
        self : HashingVocabulary
        """
        self._check_reserved_tokens()
        check_token_lists_or_sentences(X)
        return self

    def partial_fit(self, X, y=None):
        """Check the parameters and a batch of documents, as ``fit`` does.

        Parameters
        ----------
        X : iterable of list of str
            A batch of tokenized documents, or of their tokenized sentences.
        y : None
            Ignored.

        Returns
        -------
        self : HashingVocabulary
        """
        return self.fit(X, y)

    def transform(self, X):
        """Map each token to its id (works without ``fit``).

        Parameters
        ----------
        X : iterable of list of str
            Tokenized documents, or each document's tokenized sentences.

        Returns
        -------
        ids : IdSequences (a list) of ndarray of int64
            One id sequence per document, as long as the document (a list of id
            sequences, one per sentence, for documents given as lists of
            sentences). The list carries this vocabulary as its ``vocabulary``
            attribute.
        """
        # No fit is needed, so the parameters are checked here as well.
        self._validate_params()
        self._check_reserved_tokens()
        return self._hash(X)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Map each token to its id, as ``transform`` does.

        Parameters
        ----------
        X : iterable of list of str
            Tokenized documents, or each document's tokenized sentences.
        y : None
            Ignored.

        Returns
        -------
        ids : IdSequences (a list) of ndarray of int64
            One id sequence per document, carrying this vocabulary.
        """
        # Not fit(X).transform(X), which would check every token twice.
        self._check_reserved_tokens()
        return self._hash(X)

    def _check_reserved_tokens(self):
        if self.pad_token == self.unk_token:
            raise InvalidParameterError(
                f"pad_token and unk_token are both {self.pad_token!r}; they must differ"
            )

    def _hash(self, X):
        """The id sequences of the documents ``X``."""
        token_lists, n_sentences = check_token_lists_or_sentences(X)
        tokens = list(itertools.chain.from_iterable(token_lists))
        # One array for all documents, filled through map() over C functions: no
        # Python frame per token and no numpy call per document (short documents
        # such as headlines would otherwise spend more time there than hashing).
        encoded = map(
            str.encode,
            tokens,
            itertools.repeat("utf-8"),
            itertools.repeat("surrogatepass"),
        )
        ids = np.fromiter(map(zlib.crc32, encoded), dtype=np.int64, count=len(tokens))
        # A pad_token or unk_token of "" takes the empty token's id from UNK_ID.
        reserved = {"": UNK_ID, self.pad_token: PAD_ID, self.unk_token: UNK_ID}
        # Only a token with the hash of a reserved one can be one: comparing those
        # few is faster than scanning every token for each reserved one.
        maybe_reserved = np.flatnonzero(np.isin(ids, [_crc32(t) for t in reserved]))
        ids %= self.n_buckets
        ids += _N_RESERVED
        for i in maybe_reserved.tolist():
            token_id = reserved.get(tokens[i])
            if token_id is not None:
                ids[i] = token_id
        bounds = itertools.accumulate(map(len, token_lists), initial=0)
        sequences = (ids[start:end] for start, end in itertools.pairwise(bounds))
        if n_sentences is not None:
            sequences = group_sentences(list(sequences), n_sentences)
        return IdSequences(sequences, vocabulary=self, row_index=row_index_of(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        # Stateless, as HashingVectorizer: check_is_fitted lets it transform unfitted.
        tags.requires_fit = False
        return tags
