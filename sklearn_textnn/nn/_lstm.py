"""A (bi)LSTM text encoder that ignores padding wherever it is."""

import torch
from torch import nn

from .._ids import PAD_ID
from ._recurrent import VariableLengthLSTM


def left_align(ids):
    """Move padding to the end of each row, keeping the order of the real tokens.

    Makes the encoders indifferent to pre-, post- or inner padding. Returns the
    aligned ids and the number of real tokens of each row.
    """
    mask = ids != PAD_ID
    return ids.gather(1, real_first(mask)), mask.sum(dim=1)


def real_first(mask):
    """The order (an index for ``gather`` along dim 1) that moves the True positions
    of each row of ``mask`` first, keeping their order, then the False ones."""
    if not exporting():
        return torch.argsort((~mask).to(torch.int8), dim=1, stable=True)
    # A stable sort has no ONNX counterpart: each position's place, from running
    # counts (the k-th True one goes to k, the k-th False one behind all the True
    # ones), inverted.
    counts = mask.to(torch.int64)
    true_before = counts.cumsum(dim=1)
    steps = torch.arange(1, mask.shape[1] + 1, device=mask.device)
    false_before = steps - true_before
    place = torch.where(
        mask, true_before - 1, counts.sum(dim=1, keepdim=True) + false_before - 1
    )
    positions = (steps - 1).expand(place.shape)
    return torch.empty_like(place).scatter_(1, place, positions)


def up_to_longest(aligned, lengths, minimum=1):
    """The columns of left-aligned rows up to the longest row (at least ``minimum``):
    the padding columns behind every row are dropped, saving their computation.

    While a module is exported (``torch.export``, ONNX) every column is kept: the
    width would be read from the values of the input, which an exported graph cannot
    hold as a shape. The encoders give the same result either way.

    Parameters
    ----------
    aligned : torch.Tensor of shape (batch, length, ...)
        Rows whose real positions come first, as :func:`left_align` leaves them.
    lengths : torch.Tensor of shape (batch,)
        Real positions of each row.
    minimum : int, default=1
        Columns kept at least.

    Returns
    -------
    trimmed : torch.Tensor of shape (batch, width, ...)
    """
    if exporting():
        return aligned
    return aligned[:, : max(int(lengths.max()), minimum)]


def exporting():
    """Whether the module is being traced for export (``torch.jit.trace``, as the
    TorchScript ONNX exporter does, or ``torch.export``): shapes must then not
    depend on the values of the input, which a trace records as constants."""
    return torch.jit.is_tracing() or _is_exporting()


# A torch without torch.export has no such flag.
_is_exporting = getattr(torch.compiler, "is_exporting", lambda: False)


class LSTMEncoder(nn.Module):
    """Token vectors -> stacked (bi)LSTM -> pooling over the real tokens.

    Each text is read to its own length (:class:`VariableLengthLSTM`), so padding
    never enters the recurrence and pre- and post-padded inputs give the same
    result. A document with no tokens is read as a single padding token.

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
    pooling : {'max', 'mean', 'last'}, default='max'
        How the outputs become one vector: max or mean over the real tokens, or the
        final hidden state (of both directions when bidirectional).

    Attributes
    ----------
    output_size : int
        Size of the encoded vector.
    """

    def __init__(
        self,
        embedding,
        hidden_size,
        num_layers=1,
        bidirectional=True,
        dropout=0.0,
        pooling="max",
    ):
        super().__init__()
        if pooling not in ("max", "mean", "last"):
            raise ValueError(f"pooling={pooling!r}; expected 'max', 'mean' or 'last'")
        self.embedding = embedding
        self.lstm = VariableLengthLSTM(
            embedding.embedding_dim,
            hidden_size,
            num_layers=num_layers,
            bidirectional=bidirectional,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.pooling = pooling
        self.output_size = hidden_size * (2 if bidirectional else 1)

    def forward(self, ids):
        ids, lengths = left_align(ids)
        lengths = lengths.clamp(min=1)
        outputs = self.lstm(self.embedding(up_to_longest(ids, lengths)), lengths)
        if self.pooling == "last":
            # The forward direction ends at the last real token, the backward one
            # at the first.
            hidden = self.lstm.hidden_size
            rows = torch.arange(ids.shape[0], device=ids.device)
            last = outputs[rows, lengths - 1, :hidden]
            if self.lstm.bidirectional:
                return torch.cat([last, outputs[:, 0, hidden:]], dim=1)
            return last
        steps = torch.arange(outputs.shape[1], device=ids.device)
        valid = (steps[None, :] < lengths[:, None]).unsqueeze(-1)
        if self.pooling == "max":
            return outputs.masked_fill(~valid, float("-inf")).amax(dim=1)
        summed = outputs.masked_fill(~valid, 0.0).sum(dim=1)
        return summed / lengths[:, None].to(outputs.dtype)
