"""A (bi)LSTM whose outputs are pooled by attention (Zhou et al., 2016)."""

import torch
from torch import nn

from .._ids import PAD_ID
from ._attention import AttentionPooling
from ._lstm import left_align, up_to_longest
from ._recurrent import VariableLengthLSTM


class AttentionLSTMEncoder(nn.Module):
    """Token vectors -> stacked (bi)LSTM -> attention pooling over the real tokens.

    The document vector is the mean of the LSTM outputs weighted by a learned
    relevance of each token (:class:`AttentionPooling`): the network learns which
    tokens decide the class, and the weights show them. The LSTM reads the real
    tokens only (:class:`VariableLengthLSTM`) and padding gets a weight of 0, so
    pre- and post-padding, and a document alone or in a batch of longer ones, give
    the same vector. A document with no tokens is a
    vector of zeros.

    Parameters
    ----------
    embedding : torch.nn.Module
        Maps ids ``(batch, length)`` to vectors ``(batch, length, embedding_dim)``
        and has an ``embedding_dim`` attribute, e.g. from :func:`token_embedding`;
        id 0 is padding.
    hidden_size : int
        LSTM units per direction.
    num_layers : int, default=1
        Stacked LSTM layers.
    bidirectional : bool, default=True
        Read the text in both directions.
    dropout : float, default=0.0
        Dropout between stacked layers.
    attention_size : int, default=64
        Size of the attention's hidden projection and context vector.

    Attributes
    ----------
    output_size : int
        Size of the encoded vector: ``hidden_size``, twice that when bidirectional.

    Examples
    --------
    >>> import torch
    >>> from sklearn_textnn.nn import AttentionLSTMEncoder, token_embedding
    >>> encoder = AttentionLSTMEncoder(token_embedding(20, 8), hidden_size=4)
    >>> ids = torch.tensor([[0, 0, 5, 6, 7], [3, 4, 0, 0, 0]])
    >>> vectors, weights = encoder(ids, return_weights=True)
    >>> vectors.shape
    torch.Size([2, 8])
    >>> (weights[0, :2] == 0).all().item(), (weights[1, 2:] == 0).all().item()
    (True, True)
    """

    def __init__(
        self,
        embedding,
        hidden_size,
        num_layers=1,
        bidirectional=True,
        dropout=0.0,
        attention_size=64,
    ):
        super().__init__()
        self.embedding = embedding
        self.lstm = VariableLengthLSTM(
            embedding.embedding_dim,
            hidden_size,
            num_layers=num_layers,
            bidirectional=bidirectional,
            dropout=dropout,
        )
        self.output_size = self.lstm.output_size
        self.attention = AttentionPooling(self.output_size, attention_size)

    def forward(self, ids, return_weights=False):
        """Encode the documents.

        Parameters
        ----------
        ids : torch.Tensor of shape (batch, length)
            Token ids; 0 is padding, anywhere in a row.
        return_weights : bool, default=False
            Also return the attention weight of each position of ``ids``.

        Returns
        -------
        vectors : torch.Tensor of shape (batch, output_size)
        weights : torch.Tensor of shape (batch, length)
            Only with ``return_weights``: the weight of each token, at its position
            in ``ids``; 0 at padding. A row sums to 1 (0 for a document with no
            tokens).
        """
        real = ids != PAD_ID
        aligned, lengths = left_align(ids)
        aligned = up_to_longest(aligned, lengths)
        longest = aligned.shape[1]
        outputs = self.lstm(self.embedding(aligned), lengths)
        steps = torch.arange(longest, device=ids.device)
        vectors, weights = self.attention(outputs, steps[None, :] < lengths[:, None])
        if not return_weights:
            return vectors
        # The k-th real token of a row sits at position k of the aligned row.
        rank = (real.cumsum(dim=1) - 1).clamp(min=0, max=longest - 1)
        return vectors, weights.gather(1, rank).masked_fill(~real, 0.0)
