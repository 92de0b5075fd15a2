"""Token dropout: leaving out tokens of training documents at random."""

import torch

from .._ids import PAD_ID


def check_token_dropout(rate):
    """``rate``, or a ValueError when it is not a probability below 1."""
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"token_dropout must be in [0, 1), got {rate!r}")
    return rate


def drop_tokens(ids, rate):
    """``ids`` with each real token turned into padding with probability ``rate``
    (word dropout, Iyyer et al., 2015).

    There is one draw per real token, by its rank in its document (the first
    dimension; the others are read in order, sentence after sentence for a 3-D
    array): the same tokens are left out whether a document comes padded before
    or after its tokens, or its sentences padded to any width.
    """
    if not rate or ids.numel() == 0:
        return ids
    flat = ids.reshape(len(ids), -1)
    real = flat != PAD_ID
    rank = real.cumsum(dim=1) - 1
    longest = int(rank[:, -1].max()) + 1
    if longest <= 0:
        return ids
    draws = torch.rand(len(flat), longest, device=ids.device) < rate
    dropped = draws.gather(1, rank.clamp(min=0)) & real
    return flat.masked_fill(dropped, PAD_ID).reshape(ids.shape)
