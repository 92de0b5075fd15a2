"""A bag of tokens: the mean of the token vectors (fastText, Joulin et al., 2017)."""

import torch
import torch.nn.functional as F
from torch import nn

from .._ids import PAD_ID
from ._lstm import exporting
from ._token_dropout import check_token_dropout, drop_tokens


class FastTextEncoder(nn.Module):
    """Mean of the vectors of a document's tokens, then an optional hidden layer.

    The order of the tokens does not matter (give it word or character n-grams for
    local order), and padding is left out of the mean wherever it is, so the
    vector of a document does not depend on its padding. A document with no tokens
    is a vector of zeros.

    Parameters
    ----------
    embedding : torch.nn.Module
        Maps ids ``(batch, length)`` to vectors ``(batch, length, embedding_dim)``
        and has an ``embedding_dim`` attribute, e.g. from :func:`token_embedding`;
        id 0 is padding. An ``nn.Embedding`` is read with
        :func:`torch.nn.functional.embedding_bag`, which never builds the
        ``(batch, length, embedding_dim)`` tensor.
    hidden_size : int, default=0
        Width of a dense ReLU layer after the mean; 0 gives the mean itself.
    idf : array-like of shape (num_embeddings,), default=None
        Weight of each id: its inverse document frequency, or any other weight
        of the token type (:func:`sklearn_textnn.networks.FastText` computes
        them). Given, the document vector is the weighted sum of its token
        vectors, L2-normalised, with the sublinear term frequency
        ``1 + log(count)`` as ``TfidfVectorizer(sublinear_tf=True)`` weighs
        features; ``None``, their plain mean.
    token_dropout : float, default=0.0
        In training mode, the probability of leaving out each token of a
        document (word dropout, Iyyer et al., 2015): the document is read as if
        those tokens were padding. Evaluation mode reads every token.

    Attributes
    ----------
    output_size : int
        Size of the encoded vector: ``hidden_size``, or ``embedding_dim`` without a
        hidden layer.
    """

    # Modules pickled before the option existed read every token.
    token_dropout = 0.0

    def __init__(self, embedding, hidden_size=0, idf=None, token_dropout=0.0):
        super().__init__()
        self.embedding = embedding
        self.token_dropout = check_token_dropout(token_dropout)
        if idf is None:
            self.idf = None
        else:
            self.register_buffer("idf", torch.as_tensor(idf, dtype=torch.float32))
        dim = embedding.embedding_dim
        if hidden_size:
            self.hidden = nn.Sequential(nn.Linear(dim, hidden_size), nn.ReLU())
        else:
            self.hidden = nn.Identity()
        self.output_size = hidden_size or dim

    def forward(self, ids):
        if self.idf is not None and not exporting():
            return self.hidden(self._tfidf_bags(ids))
        if self.training and self.token_dropout:
            ids = drop_tokens(ids, self.token_dropout)
        if self.idf is not None:
            return self.hidden(self._tfidf_sum(ids))
        if _reads_bags(self.embedding):
            mean = F.embedding_bag(
                ids,
                self.embedding.weight,
                mode="mean",
                padding_idx=PAD_ID,
                sparse=self.embedding.sparse,
            )
        else:
            real = (ids != PAD_ID).unsqueeze(-1)
            summed = self.embedding(ids).masked_fill(~real, 0.0).sum(dim=1)
            mean = summed / real.sum(dim=1).clamp(min=1)
        return self.hidden(mean)

    def _tfidf_bags(self, ids):
        # The real tokens of the batch, flat, with their documents' rows: the
        # work grows with the tokens, not with the padding of the longest
        # document. One entry per distinct (document, token) pair, with its
        # whole weight: the sparse gradient of a long document holds a row per
        # distinct token rather than per occurrence.
        n_documents, width = ids.shape
        flat = ids.reshape(-1)
        where = (flat != PAD_ID).nonzero().squeeze(1)
        if self.training and self.token_dropout:
            # One draw per real token, in the order of the documents' tokens.
            kept = torch.rand(len(where), device=ids.device) >= self.token_dropout
            where = where[kept]
        tokens = flat[where]
        if len(tokens) and int(tokens.max()) >= len(self.idf):
            raise IndexError(
                f"id {int(tokens.max())} is out of range: the network has "
                f"{len(self.idf)} token vectors"
            )
        documents = torch.div(where, width, rounding_mode="floor")
        key = documents * len(self.idf) + tokens
        if len(key) > 1 and bool((key[1:] < key[:-1]).any()):
            # Documents whose ids come sorted (as FastText's classifier gives
            # them) skip this.
            key, _ = key.sort()
        starts = torch.ones(len(key), dtype=torch.bool, device=ids.device)
        starts[1:] = key[1:] != key[:-1]
        first = starts.nonzero().squeeze(1)
        count = torch.diff(first, append=first.new_tensor([len(key)]))
        key = key[first]
        documents = torch.div(key, len(self.idf), rounding_mode="floor")
        tokens = key - documents * len(self.idf)
        weight = (1.0 + torch.log(count.float())) * self.idf[tokens]
        norm = torch.zeros(n_documents, device=ids.device).index_add_(
            0, documents, weight**2
        )
        weight = weight / norm.sqrt().clamp(min=1e-12)[documents]
        if not _reads_bags(self.embedding):
            # Any other module that maps ids to vectors (compressed tables).
            vectors = self.embedding(tokens) * weight.unsqueeze(1)
            summed = vectors.new_zeros(n_documents, vectors.shape[1])
            return summed.index_add_(0, documents, vectors)
        offsets = torch.zeros(n_documents, dtype=torch.int64, device=ids.device)
        offsets[1:] = torch.bincount(documents, minlength=n_documents).cumsum(0)[:-1]
        return F.embedding_bag(
            tokens,
            self.embedding.weight,
            offsets,
            mode="sum",
            per_sample_weights=weight,
            sparse=self.embedding.sparse,
        )

    def _tfidf_sum(self, ids):
        # The same sum in operators that ONNX has (the export): the order of
        # the tokens does not matter; sorted, the occurrences of a token are
        # neighbours, and their count is the length of their run.
        ids, _ = ids.sort(dim=1)
        real = ids != PAD_ID
        starts = torch.ones_like(real)
        starts[:, 1:] = ids[:, 1:] != ids[:, :-1]
        # The dtype spelled out: ONNX sums no booleans.
        run = starts.cumsum(dim=1, dtype=torch.int64) - 1
        counts = torch.zeros(ids.shape, device=ids.device).scatter_add_(
            1, run, torch.ones(ids.shape, device=ids.device)
        )
        count = counts.gather(1, run)
        # Each token's weight, (1 + log count) * idf, is spread over its
        # occurrences; the norm is that of the vector of one weight per token.
        weight = (1.0 + torch.log(count)) * self.idf[ids] * real
        norm = ((weight**2) / count).sum(dim=1, keepdim=True).sqrt().clamp(min=1e-12)
        per_occurrence = weight / count / norm
        return (self.embedding(ids) * per_occurrence.unsqueeze(-1)).sum(dim=1)


def _reads_bags(embedding):
    """Whether to read ``embedding`` with ``embedding_bag``: a plain table, outside
    an export (ONNX has no such operator; the sum of the looked-up vectors is the
    same)."""
    return isinstance(embedding, nn.Embedding) and not exporting()
