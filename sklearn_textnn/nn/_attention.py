"""Attention pooling: a learned weighted mean of a sequence of vectors."""

import torch
from torch import nn


class AttentionPooling(nn.Module):
    """Vectors -> one vector, their mean weighted by a learned relevance of each.

    Additive attention (Bahdanau et al., 2015; Yang et al., 2016): each vector
    ``h_t`` gets the score ``tanh(W h_t + b) . u``, where the context vector ``u``
    is learned with the rest; the softmax of the scores over the real positions
    weighs the vectors. Positions left out by ``mask`` (padding) get a weight of
    exactly 0 and their values never reach the result, whatever they hold. A row
    with no real position gives a zero vector and zero weights.

    Pools any sequence: the outputs of a recurrent layer over the tokens of a
    document, or the vectors of the sentences of a document.

    Parameters
    ----------
    input_size : int
        Size of the vectors pooled.
    attention_size : int
        Size of the hidden projection ``tanh(W h + b)`` and of the context vector.

    Attributes
    ----------
    output_size : int
        Size of the pooled vector: ``input_size``.

    Examples
    --------
    >>> import torch
    >>> from sklearn_textnn.nn import AttentionPooling
    >>> pooling = AttentionPooling(input_size=4, attention_size=3)
    >>> vectors = torch.randn(2, 5, 4)
    >>> mask = torch.tensor([[True, True, True, False, False], [True] * 5])
    >>> pooled, weights = pooling(vectors, mask)
    >>> pooled.shape, weights.shape
    (torch.Size([2, 4]), torch.Size([2, 5]))
    >>> weights[0, 3:].tolist(), round(weights[0].sum().item(), 6)
    ([0.0, 0.0], 1.0)
    """

    def __init__(self, input_size, attention_size):
        super().__init__()
        self.projection = nn.Linear(input_size, attention_size)
        # Drawn as nn.Linear draws the projection's weights.
        bound = attention_size**-0.5
        self.context = nn.Parameter(torch.empty(attention_size).uniform_(-bound, bound))
        self.output_size = input_size

    def forward(self, vectors, mask=None):
        """Pool ``vectors`` over their real positions.

        Parameters
        ----------
        vectors : torch.Tensor of shape (batch, length, input_size)
        mask : torch.Tensor of shape (batch, length), default=None
            True at the real positions; ``None``: every position is real.

        Returns
        -------
        pooled : torch.Tensor of shape (batch, input_size)
        weights : torch.Tensor of shape (batch, length)
            0 where ``mask`` is False; each row sums to 1 over its real positions
            (a row without any is all zeros).
        """
        scores = torch.tanh(self.projection(vectors)) @ self.context
        if mask is None:
            weights = torch.softmax(scores, dim=1)
            return torch.bmm(weights.unsqueeze(1), vectors).squeeze(1), weights
        mask = mask.to(torch.bool)
        # The lowest finite score rather than -inf: a row with no real position
        # then has a finite softmax (set to 0 just below) instead of NaN.
        lowest = torch.finfo(scores.dtype).min
        weights = torch.softmax(scores.masked_fill(~mask, lowest), dim=1)
        weights = weights.masked_fill(~mask, 0.0)
        real_vectors = vectors.masked_fill(~mask.unsqueeze(-1), 0.0)
        return torch.bmm(weights.unsqueeze(1), real_vectors).squeeze(1), weights
