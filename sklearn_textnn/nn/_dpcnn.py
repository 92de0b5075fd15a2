"""DPCNN (Johnson and Zhang, 2017): a deep pyramid of convolutions over the text."""

import torch
import torch.nn.functional as F
from torch import nn

from ._lstm import exporting, left_align, up_to_longest


class DPCNNEncoder(nn.Module):
    """Region embedding -> convolutions with shortcuts, halved until one position.

    The region embedding is a convolution of width 3 over the token vectors. Two
    convolutions of width 3 follow, each preceded by a ReLU (pre-activation), their
    output added to their input (a shortcut). Then, as long as the text is longer
    than one position, a block halves it (max-pooling of windows of 3 at stride 2)
    and applies two more such convolutions with a shortcut; every such block shares
    its weights with the others, so the network takes texts of any length and grows
    deeper, one block per doubling of the length. The one position left is the
    document vector.

    Padding never leaks into the result: the padding is moved behind the text, the
    features beyond each text are zeroed before each convolution (as the zeros a
    text alone is padded with), the max-pooling never takes them, and a text stops
    going through blocks once it is one position long, however long its batch
    neighbours are. A document gives the same vector alone or in a batch of longer
    ones; a document with no tokens is a vector of zeros.

    Parameters
    ----------
    embedding : torch.nn.Module
        Maps ids ``(batch, length)`` to vectors ``(batch, length, embedding_dim)``
        and has an ``embedding_dim`` attribute, e.g. from :func:`token_embedding`;
        id 0 is padding.
    num_filters : int, default=64
        Filters of every convolution: the width of the network and the size of the
        document vector.

    Attributes
    ----------
    output_size : int
        Size of the encoded vector: ``num_filters``.
    exported_max_length : int
        Longest text, in tokens, that a graph exported from it (ONNX) reads: 2**20.

    Examples
    --------
    >>> import torch
    >>> from sklearn_textnn.nn import DPCNNEncoder, token_embedding
    >>> encoder = DPCNNEncoder(token_embedding(20, 8), num_filters=6)
    >>> encoder(torch.tensor([[5, 6, 7, 8, 9, 0], [3, 0, 0, 0, 0, 0]])).shape
    torch.Size([2, 6])
    """

    # The number of blocks depends on the length, which an exported graph does not
    # know: it runs the blocks of this length, log2 of it, and those past the one
    # position of a shorter text leave it as it is.
    exported_max_length = 2**20

    def __init__(self, embedding, num_filters=64):
        super().__init__()
        self.embedding = embedding
        self.region = nn.Conv1d(embedding.embedding_dim, num_filters, 3, padding=1)
        self.first_block = nn.ModuleList(
            nn.Conv1d(num_filters, num_filters, 3, padding=1) for _ in range(2)
        )
        self.pyramid_block = nn.ModuleList(
            nn.Conv1d(num_filters, num_filters, 3, padding=1) for _ in range(2)
        )
        self.output_size = num_filters

    def forward(self, ids):
        ids, lengths = left_align(ids)
        vectors = self.embedding(up_to_longest(ids, lengths)).transpose(1, 2)
        features = _keep_real(self.region(_keep_real(vectors, lengths)), lengths)
        features = features + self._convolve(self.first_block, features, lengths)
        if exporting():
            for _ in range((self.exported_max_length - 1).bit_length()):
                features, lengths = self._pyramid(features, lengths)
        else:
            while features.shape[2] > 1:
                features, lengths = self._pyramid(features, lengths)
        return features[:, :, 0]

    def _pyramid(self, features, lengths):
        """One block: the features halved, convolved and added to the halves."""
        # A text already one position long has its vector: later blocks, there
        # only for its longer neighbours, leave it as it is.
        done = lengths <= 1
        halved, halved_lengths = _halve(features, lengths)
        deeper = halved + self._convolve(self.pyramid_block, halved, halved_lengths)
        features = torch.where(
            done[:, None, None], features[:, :, : deeper.shape[2]], deeper
        )
        return features, torch.where(done, lengths, halved_lengths)

    @staticmethod
    def _convolve(convolutions, features, lengths):
        for convolution in convolutions:
            features = _keep_real(convolution(F.relu(features)), lengths)
        return features


def _keep_real(features, lengths):
    """``features`` (batch, channels, length) with zeros beyond each row's length."""
    steps = torch.arange(features.shape[2], device=features.device)
    return features.masked_fill(steps[None, None, :] >= lengths[:, None, None], 0.0)


def _halve(features, lengths):
    """Max-pool windows of 3 positions at stride 2 over each row's real positions.

    A row of ``n`` positions becomes one of ``ceil(n / 2)``: a window starts at each
    of its even positions, and the padding it reaches (beyond the row, or added to
    give the last window its width) never wins the max.
    """
    steps = torch.arange(features.shape[2], device=features.device)
    padding = steps[None, None, :] >= lengths[:, None, None]
    features = F.pad(
        features.masked_fill(padding, float("-inf")), (0, 2), value=float("-inf")
    )
    lengths = (lengths + 1) // 2
    if exporting():
        # max_pool1d fixes the length of an exported graph: the same maxima, from
        # the first, second and third position of every window.
        pooled = torch.maximum(
            torch.maximum(features[:, :, :-2:2], features[:, :, 1:-1:2]),
            features[:, :, 2::2],
        )
    else:
        pooled = F.max_pool1d(features, 3, stride=2)
    return _keep_real(pooled, lengths), lengths
