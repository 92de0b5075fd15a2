"""TextCNN: parallel 1-D convolutions with max-pooling over time."""

import torch
import torch.nn.functional as F
from torch import nn

from .._ids import PAD_ID
from ._lstm import left_align


class TextCNNEncoder(nn.Module):
    """Token vectors -> 1-D convolutions of several widths -> ReLU -> max over time.

    Padding is moved behind the text and the max is taken over the windows that hold at
    least one real token, so pre- and post-padded inputs give the same result; texts
    shorter than the widest kernel are padded as needed.

    Parameters
    ----------
    embedding : torch.nn.Module
        Maps ids ``(batch, length)`` to vectors ``(batch, length, embedding_dim)``
        and has an ``embedding_dim`` attribute, e.g. from :func:`token_embedding`;
        id 0 is padding.
    kernel_sizes : sequence of int, default=(2, 3, 4)
        Widths of the convolutions, in tokens.
    num_filters : int, default=128
        Filters per kernel width.

    Attributes
    ----------
    output_size : int
        Size of the encoded vector: ``num_filters * len(kernel_sizes)``.
    """

    def __init__(self, embedding, kernel_sizes=(2, 3, 4), num_filters=128):
        super().__init__()
        self.embedding = embedding
        embedding_dim = embedding.embedding_dim
        self.kernel_sizes = tuple(int(k) for k in kernel_sizes)
        self.convs = nn.ModuleList(
            nn.Conv1d(embedding_dim, num_filters, k) for k in self.kernel_sizes
        )
        self.output_size = num_filters * len(self.kernel_sizes)

    def forward(self, ids):
        ids, lengths = left_align(ids)
        ids = ids[:, : max(int(lengths.max()), 1)]
        shortfall = max(self.kernel_sizes) - ids.shape[1]
        if shortfall > 0:
            ids = F.pad(ids, (0, shortfall), value=PAD_ID)
        real = (ids != PAD_ID).to(torch.float32).unsqueeze(1)
        embedded = self.embedding(ids).transpose(1, 2)
        pooled = []
        for k, conv in zip(self.kernel_sizes, self.convs):
            features = conv(embedded)
            window_has_token = F.max_pool1d(real, k, stride=1) > 0
            features = features.masked_fill(~window_has_token, float("-inf"))
            best = features.amax(dim=2)
            # An empty document has no window with a token: read it as zeros.
            pooled.append(F.relu(best.masked_fill(torch.isinf(best), 0.0)))
        return torch.cat(pooled, dim=1)
