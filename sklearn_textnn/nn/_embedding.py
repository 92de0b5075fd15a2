"""The token embedding shared by every text encoder."""

import torch
from torch import nn

PAD_ID = 0


def token_embedding(num_embeddings, embedding_dim, weights=None, freeze=False):
    """An ``nn.Embedding`` whose padding row is zero and receives no gradient.

    Parameters
    ----------
    num_embeddings : int
        Number of ids (rows).
    embedding_dim : int
        Size of each vector.
    weights : array-like of shape (num_embeddings, embedding_dim), default=None
        Initial vectors (pretrained); row 0 is zeroed. ``None``: random N(0, 1).
    freeze : bool, default=False
        Keep the vectors fixed during training.

    Returns
    -------
    embedding : torch.nn.Embedding
    """
    embedding = nn.Embedding(num_embeddings, embedding_dim, padding_idx=PAD_ID)
    if weights is not None:
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
