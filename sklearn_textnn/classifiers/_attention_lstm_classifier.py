"""Attention-pooled (bi)LSTM text classifier."""

import numpy as np

from .._docstrings import fill_doc
from ..networks import AttentionLSTM
from ..networks._attention_lstm import ATTENTION_LSTM_PARAMETERS_DOC
from . import _training
from ._base import BaseTextClassifier
from ._docs import ATTRIBUTES_DOC, EMBEDDING_PARAMETERS_DOC, TRAINING_PARAMETERS_DOC


@fill_doc(
    attributes=ATTRIBUTES_DOC,
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    network_parameters=ATTENTION_LSTM_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC,
)
class AttentionLSTMClassifier(BaseTextClassifier):
    """(Bi)LSTM text classifier with attention pooling, as a scikit-learn estimator.

    Token embeddings -> stacked LSTM over the real tokens only (sequences are packed)
    -> the mean of its outputs weighted by a learned attention weight of each token
    (Zhou et al., 2016) -> dropout -> linear layer, trained with cross-entropy
    through skorch. :meth:`attention_weights` tells how much each token counted.
    Takes the id matrix of :class:`~sklearn_textnn.preprocessing.SequencePadder` or
    the ragged id lists of :class:`~sklearn_textnn.preprocessing.Vocabulary`; the
    number of embeddings and of classes are learned at ``fit``.

    Parameters
    ----------
    {embedding_parameters}
    {network_parameters}
    dropout : float, default=0.5
        Dropout between stacked LSTM layers and before the output layer.
    {training_parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    LSTMClassifier : The same LSTM, its outputs max- or mean-pooled.
    RCNNClassifier : Recurrent contexts around each token, max-pooled.
    TextClassifier : The same with the network as a parameter,
        ``TextClassifier(encoder=AttentionLSTM(...))``.
    sklearn_textnn.nn.AttentionLSTMEncoder : The torch module behind it.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (AttentionLSTMClassifier, SequencePadder,
    ...                             TextTokenizer, Vocabulary)
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     AttentionLSTMClassifier(hidden_size=16, max_epochs=30,
    ...                             validation_fraction=None, random_state=0))
    >>> model.fit(texts * 5, labels * 5).predict(["cash pills", "meeting at one"])
    array(['spam', 'ham'], dtype='<U4')
    >>> ids = model[:-1].transform(["cash pills now"])
    >>> weights = model[-1].attention_weights(ids)
    >>> weights.shape == ids.shape, round(float(weights.sum()), 6)
    (True, 1.0)
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        **AttentionLSTM._parameter_constraints,
    }

    def __init__(
        self,
        *,
        embedding_dim=None,
        pretrained_vectors=None,
        embedding_compression=None,
        freeze_embedding=False,
        hidden_size=64,
        num_layers=1,
        bidirectional=True,
        attention_size=64,
        dropout=0.5,
        optimizer="adam",
        lr=3e-3,
        weight_decay=0.0,
        batch_size=64,
        max_epochs=20,
        gradient_clipping=5.0,
        validation_fraction=0.1,
        patience=3,
        refit_on_all=False,
        average=False,
        class_weight="balanced",
        callbacks=None,
        device="cpu",
        mixed_precision=False,
        random_state=None,
        verbose=0,
    ):
        self.embedding_dim = embedding_dim
        self.pretrained_vectors = pretrained_vectors
        self.embedding_compression = embedding_compression
        self.freeze_embedding = freeze_embedding
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.attention_size = attention_size
        self.dropout = dropout
        self.optimizer = optimizer
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.gradient_clipping = gradient_clipping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.refit_on_all = refit_on_all
        self.average = average
        self.class_weight = class_weight
        self.callbacks = callbacks
        self.device = device
        self.mixed_precision = mixed_precision
        self.random_state = random_state
        self.verbose = verbose

    def _network(self):
        return self._own_network(AttentionLSTM)

    def attention_weights(self, X):
        """How much each token of each document counts in its vector.

        The weights the attention gives the LSTM outputs of the tokens when it
        pools them into the document vector: a large weight marks a token that
        the model reads the class from. Read them with care: the output at a
        token also carries its neighbours (the whole text, in both directions),
        and a class can be told by a token that is missing, which no weight
        shows.

        Parameters
        ----------
        X : array-like of shape (n_samples, maxlen) or list of sequences of int
            Token ids, as :meth:`predict` takes them: an id matrix (padding 0
            anywhere in a row), or ragged id lists.

        Returns
        -------
        weights : ndarray of shape (n_samples, maxlen), or list of ndarray
            The weight of each position of ``X``, laid out as ``X``: a float64
            matrix of ``X``'s shape for an id matrix, a list of one 1-D array per
            document, as long as its id list, for ragged lists. Padding (id 0)
            weighs 0; the weights of a document's tokens sum to 1 (all 0 for a
            document with no token).
        """
        inputs = self._prepare_predict(X)

        def read(encoder, ids):
            return encoder(ids, return_weights=True)[1].cpu().numpy()

        batches = _training.encoder_outputs(self.net_, inputs, read)
        # Ragged lists are padded batch by batch, each to its own longest.
        rows = [row.astype(np.float64) for batch in batches for row in batch]
        ids = inputs["ids"]
        if ids.dtype == object:
            return [row[: len(document)] for row, document in zip(rows, ids)]
        return np.stack(rows)
