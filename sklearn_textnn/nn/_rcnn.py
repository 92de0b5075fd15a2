"""RCNN (Lai et al., 2015): each token in its left and right context, max-pooled."""

import torch
import torch.nn.functional as F
from torch import nn

from ._lstm import left_align, up_to_longest
from ._recurrent import VariableLengthLSTM


class RCNNEncoder(nn.Module):
    """Token vectors with their recurrent contexts -> tanh layer -> max over tokens.

    A bidirectional LSTM reads the text; each token is represented by
    ``[left context, token vector, right context]``, where the left context is the
    forward state after the token before it and the right context the backward state
    after the token after it (zeros at the ends of the text). A dense tanh layer maps
    each of them to ``latent_size`` values, and the maximum over the real tokens
    gives the document vector. The LSTM reads the real tokens only
    (:class:`VariableLengthLSTM`) and padding never wins the max, so the vector of a
    document does not depend on its padding. A document with no tokens is a vector
    of zeros.

    Parameters
    ----------
    embedding : torch.nn.Module
        Maps ids ``(batch, length)`` to vectors ``(batch, length, embedding_dim)``
        and has an ``embedding_dim`` attribute, e.g. from :func:`token_embedding`;
        id 0 is padding.
    hidden_size : int
        LSTM units per direction: the size of each context.
    latent_size : int, default=64
        Width of the tanh layer: the size of the document vector.

    Attributes
    ----------
    output_size : int
        Size of the encoded vector: ``latent_size``.

    Examples
    --------
    >>> import torch
    >>> from sklearn_textnn.nn import RCNNEncoder, token_embedding
    >>> encoder = RCNNEncoder(token_embedding(20, 8), hidden_size=4, latent_size=6)
    >>> encoder(torch.tensor([[5, 6, 7, 0], [3, 0, 0, 0]])).shape
    torch.Size([2, 6])
    """

    def __init__(self, embedding, hidden_size, latent_size=64):
        super().__init__()
        self.embedding = embedding
        # One layer: the forward state of a second layer would have seen the
        # following tokens through the first layer's backward direction.
        self.lstm = VariableLengthLSTM(embedding.embedding_dim, hidden_size)
        self.latent = nn.Linear(2 * hidden_size + embedding.embedding_dim, latent_size)
        self.output_size = latent_size

    def forward(self, ids):
        ids, lengths = left_align(ids)
        ids = up_to_longest(ids, lengths)
        embedded = self.embedding(ids)
        outputs = self.lstm(embedded, lengths)
        left_to_right, right_to_left = outputs.chunk(2, dim=2)
        # Shifted by one token; beyond a row's length the outputs are zero, so the
        # last token's right context is zero in a batch as it is alone.
        left = F.pad(left_to_right[:, :-1], (0, 0, 1, 0))
        right = F.pad(right_to_left[:, 1:], (0, 0, 0, 1))
        latent = torch.tanh(self.latent(torch.cat([left, embedded, right], dim=2)))
        steps = torch.arange(ids.shape[1], device=ids.device)
        padding = (steps[None, :] >= lengths[:, None]).unsqueeze(-1)
        best = latent.masked_fill(padding, float("-inf")).amax(dim=1)
        # An empty document has no token to take the max over: read it as zeros.
        return best.masked_fill(torch.isinf(best), 0.0)
