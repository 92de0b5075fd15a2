"""The hierarchical attention network: tokens -> sentences -> document."""

import torch
from torch import nn

from .._ids import PAD_ID
from ._attention import AttentionPooling
from ._lstm import exporting, real_first, up_to_longest
from ._recurrent import VariableLengthGRU
from ._token_dropout import check_token_dropout, drop_tokens


def _real_first(mask):
    """The order that moves the True positions of each row of ``mask`` first,
    keeping their order, and the number of True positions of each row."""
    return real_first(mask), mask.sum(dim=1)


def _undo_order(values, order, width):
    """``values`` (rows in the order of :func:`_real_first`) back in the original
    positions, zero-padded to ``width`` columns."""
    padded = values.new_zeros(values.shape[0], width)
    padded[:, : values.shape[1]] = values
    return padded.new_zeros(padded.shape).scatter_(1, order, padded)


def _in_documents(values, sentence_mask, every_sentence):
    """The rows of ``values``, one per sentence read, at their sentence's place in
    ``(batch, sentences, ...)``: zeros for the sentences not read."""
    if every_sentence:
        return values.reshape(*sentence_mask.shape, *values.shape[1:])
    placed = values.new_zeros(*sentence_mask.shape, *values.shape[1:])
    placed[sentence_mask] = values
    return placed


class _AttentiveGRU(nn.Module):
    """A bidirectional GRU over the real positions of each row, its outputs pooled
    by attention."""

    def __init__(self, input_size, hidden_size, attention_size):
        super().__init__()
        self.gru = VariableLengthGRU(input_size, hidden_size)
        self.attention = AttentionPooling(2 * hidden_size, attention_size)
        self.output_size = 2 * hidden_size

    def forward(self, vectors, lengths):
        """Vectors ``(rows, length, input_size)``, the real ones first in each row
        (``lengths`` of them; a row of none pools to zeros) -> pooled
        ``(rows, output_size)`` and weights ``(rows, length)``."""
        outputs = self.gru(vectors, lengths)
        steps = torch.arange(outputs.shape[1], device=outputs.device)
        return self.attention(outputs, steps[None, :] < lengths[:, None])


class HANEncoder(nn.Module):
    """Hierarchical attention network (Yang et al., 2016).

    A bidirectional GRU reads the tokens of each sentence and attention pools its
    outputs into a sentence vector; a second bidirectional GRU reads the sentence
    vectors of the document and attention pools them into the document vector.
    Padding tokens, padding sentences (rows of padding ids) and empty sentences get
    a weight of exactly 0 and never enter a recurrence, wherever they are: the
    result of a document does not depend on how it was padded or batched. A
    document without any token encodes as the zero vector.

    Parameters
    ----------
    embedding : torch.nn.Module
        Maps ids to vectors (any leading shape) and has an ``embedding_dim``
        attribute; id 0 is padding.
    hidden_size : int, default=50
        GRU units per direction, at both levels.
    attention_size : int, default=100
        Size of the attention projections, at both levels.
    token_dropout : float, default=0.0
        In training mode, the probability of leaving out each token of a
        document (word dropout, Iyyer et al., 2015): the document is read as if
        those tokens were padding, and a sentence left without any as if it were
        a padding sentence. Evaluation mode reads every token.

    Attributes
    ----------
    output_size : int
        Size of the document vector: ``2 * hidden_size``.

    Notes
    -----
    ``forward`` takes ids of shape ``(batch, sentences, tokens)``; an id matrix
    ``(batch, tokens)`` is read as documents of one sentence.
    """

    # Modules pickled before the option existed read every token.
    token_dropout = 0.0

    def __init__(
        self, embedding, hidden_size=50, attention_size=100, token_dropout=0.0
    ):
        super().__init__()
        self.embedding = embedding
        self.token_dropout = check_token_dropout(token_dropout)
        self.words = _AttentiveGRU(embedding.embedding_dim, hidden_size, attention_size)
        self.sentences = _AttentiveGRU(
            self.words.output_size, hidden_size, attention_size
        )
        self.output_size = self.sentences.output_size

    def forward(self, ids):
        return self.encode(ids)[0]

    def encode(self, ids):
        """The document vectors and the attention weights of both levels.

        Parameters
        ----------
        ids : torch.Tensor of shape (batch, sentences, tokens) or (batch, tokens)

        Returns
        -------
        documents : torch.Tensor of shape (batch, output_size)
        sentence_weights : torch.Tensor of shape (batch, sentences)
            Each document's weights sum to 1 over its sentences that hold a token;
            0 for the others.
        token_weights : torch.Tensor of shape (batch, sentences, tokens)
            Each sentence's weights sum to 1 over its real tokens; 0 for padding.
        """
        if ids.dim() == 2:
            ids = ids.unsqueeze(1)
        if self.training and self.token_dropout:
            ids = drop_tokens(ids, self.token_dropout)
        batch, n_sentences, n_tokens = ids.shape
        token_mask = ids != PAD_ID
        sentence_mask = token_mask.any(dim=2)
        # Tokens: every sentence that holds one, of all the documents at once. An
        # exported graph reads every sentence, the empty ones too (they encode as
        # zeros): the number of those that hold a token depends on the values of
        # the input, and an exported graph cannot take a shape from them.
        every_sentence = exporting()
        if every_sentence:
            sentence_ids = ids.reshape(batch * n_sentences, n_tokens)
        else:
            sentence_ids = ids[sentence_mask]
        token_order, lengths = _real_first(sentence_ids != PAD_ID)
        if every_sentence or len(sentence_ids):
            aligned = up_to_longest(sentence_ids.gather(1, token_order), lengths)
            sentence_vectors, word_weights = self.words(
                self.embedding(aligned), lengths
            )
        else:  # no document of the batch holds a token
            sentence_vectors = self.words.attention.context.new_zeros(
                0, self.words.output_size
            )
            word_weights = sentence_vectors.new_zeros(0, 1)
        # Sentences: the vectors back in their documents, real ones first.
        vectors = _in_documents(sentence_vectors, sentence_mask, every_sentence)
        order, counts = _real_first(sentence_mask)
        aligned_vectors = vectors.gather(
            1, order.unsqueeze(-1).expand(-1, -1, vectors.shape[2])
        )
        # A document without any sentence reads one zero vector; its attention has
        # no real position, so it encodes as 0 with zero weights.
        read = counts.clamp(min=1)
        documents, weights = self.sentences(up_to_longest(aligned_vectors, read), read)
        weights = weights * (counts > 0).unsqueeze(1)
        documents = documents * (counts > 0).unsqueeze(1)
        sentence_weights = _undo_order(weights, order, n_sentences)
        token_weights = _in_documents(
            _undo_order(word_weights, token_order, n_tokens),
            sentence_mask,
            every_sentence,
        )
        return documents, sentence_weights, token_weights
