"""The token embedding shared by every text encoder."""

import torch
from torch import nn

from .._ids import PAD_ID

# Standard deviation of randomly initialised token vectors. torch's default, 1, leaves
# the vectors so large that Adam's steps of about ``lr`` hardly move them: on THUCNews a
# TextCNN on single characters reached 85.4 % dev accuracy with it and 86.0 % with
# 0.1, one on jieba words 81.0 % and 86.8 %.
INIT_STD = 0.1


def token_embedding(
    num_embeddings, embedding_dim, weights=None, freeze=False, sparse=False
):
    """An ``nn.Embedding`` whose padding row is zero and receives no gradient.

    Parameters
    ----------
    num_embeddings : int
        Number of ids (rows).
    embedding_dim : int
        Size of each vector.
    weights : array-like of shape (num_embeddings, embedding_dim), default=None
        Initial vectors (pretrained); row 0 is zeroed. ``None``: random normal with
        standard deviation 0.1 (``INIT_STD``).
    freeze : bool, default=False
        Keep the vectors fixed during training.
    sparse : bool, default=False
        Sparse gradients: an optimizer that takes them (Adagrad, SGD) then updates
        only the rows that a batch uses, much faster on a large table.

    Returns
    -------
    embedding : torch.nn.Embedding
    """
    embedding = nn.Embedding(
        num_embeddings, embedding_dim, padding_idx=PAD_ID, sparse=sparse
    )
    if weights is None:
        weights = torch.empty(num_embeddings, embedding_dim).normal_(0.0, INIT_STD)
    else:
        weights = torch.as_tensor(weights, dtype=torch.float32)
        if tuple(weights.shape) != (num_embeddings, embedding_dim):
            raise ValueError(
                f"embedding weights have shape {tuple(weights.shape)}, expected "
                f"({num_embeddings}, {embedding_dim})"
            )
    with torch.no_grad():
        embedding.weight.copy_(weights)
        embedding.weight[PAD_ID].zero_()
    embedding.weight.requires_grad_(not freeze)
    return embedding


class HashEmbedding(nn.Module):
    """Token vectors for many ids in few parameters: exact rows for the frequent ids,
    rows of one shared table summed for the rest (hash embeddings).

    The first ``num_exact`` ids have a row of their own: those of the most frequent
    tokens, since :class:`~sklearn_textnn.preprocessing.Vocabulary` numbers its
    tokens by frequency. Every other id sums ``num_hashes`` rows of a table of
    ``num_rows`` rows, chosen at random once (a fixed, seeded assignment; Svenstrup
    et al., 2017). Two rare ids almost never share all their rows, so they keep
    distinct vectors. Parameters: ``(num_exact + num_rows) * embedding_dim``
    instead of ``num_embeddings * embedding_dim``. Id 0 (padding) is a zero vector.

    Parameters
    ----------
    num_embeddings : int
        Number of ids.
    embedding_dim : int
        Size of each vector.
    num_rows : int
        Rows of the shared table.
    num_exact : int, default=0
        Ids (from 0) that have a row of their own.
    num_hashes : int, default=2
        Rows of the shared table summed for each other id.
    seed : int, default=0
        Seeds the assignment of rows to ids.
    sparse : bool, default=False
        Sparse gradients (see :func:`token_embedding`).

    Attributes
    ----------
    rows : torch.Tensor of shape (num_embeddings - num_exact, num_hashes)
        The shared rows of each id past ``num_exact`` (a buffer, saved with the
        weights).
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        num_rows,
        num_exact=0,
        num_hashes=2,
        seed=0,
        sparse=False,
    ):
        super().__init__()
        if num_rows < 1 or num_hashes < 1 or not 0 <= num_exact <= num_embeddings:
            raise ValueError(
                f"num_rows={num_rows} and num_hashes={num_hashes} must be >= 1, and "
                f"num_exact={num_exact} between 0 and num_embeddings"
            )
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.num_exact = num_exact
        self.sparse = sparse
        generator = torch.Generator().manual_seed(seed)
        rows = torch.randint(
            num_rows,
            (num_embeddings - num_exact, num_hashes),
            generator=generator,
            dtype=torch.int32,
        )
        self.register_buffer("rows", rows)
        self.exact = nn.Parameter(
            torch.empty(max(num_exact, 1), embedding_dim).normal_(0, INIT_STD)
        )
        # The summed vector starts on the scale of a plain token vector.
        scale = INIT_STD / num_hashes**0.5
        self.table = nn.Parameter(
            torch.empty(num_rows, embedding_dim).normal_(0, scale)
        )

    def forward(self, ids):
        is_exact = ids < self.num_exact
        exact = nn.functional.embedding(
            ids.clamp(max=max(self.num_exact - 1, 0)), self.exact, sparse=self.sparse
        )
        tail = (ids - self.num_exact).clamp(min=0, max=len(self.rows) - 1)
        shared = nn.functional.embedding(
            self.rows[tail].long(), self.table, sparse=self.sparse
        ).sum(dim=-2)
        vectors = torch.where(is_exact.unsqueeze(-1), exact, shared)
        return vectors.masked_fill((ids == PAD_ID).unsqueeze(-1), 0.0)


# Share of the rows of a compressed embedding that belong to the most frequent
# ids alone; the other ids take one row each of a table of the rest. On THUCNews
# (FastText, 585,000 character and word 1-2-grams, ten times compressed) that
# lost 0.4 point of test accuracy (0.3 before token dropout, as the others were);
# half the rows exact lost 0.8 point with one shared row per id and 1.0 with two
# summed, 20 % exact 0.5 and 0 % 2.1 points.
EXACT_SHARE = 0.3


def compressed_embedding(num_embeddings, embedding_dim, compression, sparse=False):
    """A :class:`HashEmbedding` with ``compression`` times fewer parameters than a
    plain table of ``num_embeddings`` rows: 30 % of them rows of their own for the
    first (most frequent) ids, the rest a shared table in which every other id
    takes one row, chosen at random once.

    Parameters
    ----------
    num_embeddings : int
        Number of ids.
    embedding_dim : int
        Size of each vector.
    compression : float
        Plain parameters (``num_embeddings * embedding_dim``) over those of the
        hash embedding; at least 1.
    sparse : bool, default=False
        Sparse gradients.

    Returns
    -------
    embedding : HashEmbedding
    """
    budget = int(num_embeddings / compression)
    if budget < 4:
        raise ValueError(
            f"embedding_compression={compression} leaves fewer than 4 rows for "
            f"{num_embeddings} ids; the compression can reach about "
            f"{max(num_embeddings // 4, 1)}"
        )
    num_exact = int(budget * EXACT_SHARE)
    return HashEmbedding(
        num_embeddings,
        embedding_dim,
        num_rows=budget - num_exact,
        num_exact=num_exact,
        num_hashes=1,
        sparse=sparse,
    )
