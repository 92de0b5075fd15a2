"""TextCNN: parallel 1-D convolutions with max-pooling over time."""

import torch
import torch.nn.functional as F
from torch import nn

from ._embedding import PAD_ID, token_embedding
from ._lstm import left_align


class TextCNNEncoder(nn.Module):
    """Embedding -> 1-D convolutions of several widths -> ReLU -> max over time.

    Padding is moved behind the text and the max is taken over the windows that hold at
    least one real token, so pre- and post-padded inputs give the same result; texts
    shorter than the widest kernel are padded as needed.

    Parameters
    ----------
    num_embeddings : int
        Number of token ids (id 0 is padding).
    embedding_dim : int
        Size of the token vectors.
    kernel_sizes : sequence of int, default=(2, 3, 4)
        Widths of the convolutions, in tokens.
    num_filters : int, default=128
        Filters per kernel width.
    embedding_weights : array-like, default=None
        Initial token vectors, shape ``(num_embeddings, embedding_dim)``.
    freeze_embedding : bool, default=False
        Keep the token vectors fixed.

    Attributes
    ----------
    output_size : int
        Size of the encoded vector: ``num_filters * len(kernel_sizes)``.
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        kernel_sizes=(2, 3, 4),
        num_filters=128,
        embedding_weights=None,
        freeze_embedding=False,
    ):
        super().__init__()
        self.embedding = token_embedding(
            num_embeddings, embedding_dim, embedding_weights, freeze_embedding
        )
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
