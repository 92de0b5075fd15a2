"""TextCNN: parallel 1-D convolutions with max-pooling over time."""

import torch
import torch.nn.functional as F
from torch import nn

from .._ids import PAD_ID
from ._lstm import exporting, left_align, up_to_longest


class TextCNNEncoder(nn.Module):
    """Token vectors -> 1-D convolutions of several widths -> ReLU -> max over time.

    Padding is moved behind the text and the max is taken over the windows that lie
    within the text (a text shorter than a kernel has one window, padded as needed),
    so the result does not depend on the padding: pre- and post-padded inputs, and a
    document alone or in a batch of longer ones, give the same vector.

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
        if exporting():
            # The width is unknown until the graph runs: pad for the widest kernel
            # as if the text were one token long (the windows past a text's last
            # start are masked below).
            ids = F.pad(ids, (0, max(self.kernel_sizes) - 1), value=PAD_ID)
        else:
            ids = up_to_longest(ids, lengths)
            shortfall = max(self.kernel_sizes) - ids.shape[1]
            if shortfall > 0:
                ids = F.pad(ids, (0, shortfall), value=PAD_ID)
        embedded = self.embedding(ids).transpose(1, 2)
        pooled = []
        for k, conv in zip(self.kernel_sizes, self.convs):
            features = conv(embedded)
            # The windows of a document are those that start at its tokens and end
            # within them, or the first one when it is shorter than the kernel: so
            # the padding that its batch neighbours add never makes new windows.
            starts = torch.arange(features.shape[2], device=ids.device)
            last_start = (lengths - k).clamp(min=0)
            window_in_text = (starts[None, :] <= last_start[:, None]) & (
                lengths[:, None] > 0
            )
            features = features.masked_fill(~window_in_text[:, None, :], float("-inf"))
            best = features.amax(dim=2)
            # An empty document has no window with a token: read it as zeros.
            pooled.append(F.relu(best.masked_fill(torch.isinf(best), 0.0)))
        return torch.cat(pooled, dim=1)
