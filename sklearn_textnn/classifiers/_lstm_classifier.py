"""LSTM text classifier."""

from .._docstrings import fill_doc
from ..networks import LSTM
from ..networks._lstm import LSTM_PARAMETERS_DOC
from ._base import BaseTextClassifier
from ._docs import ATTRIBUTES_DOC, EMBEDDING_PARAMETERS_DOC, TRAINING_PARAMETERS_DOC


@fill_doc(
    attributes=ATTRIBUTES_DOC,
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    network_parameters=LSTM_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC,
)
class LSTMClassifier(BaseTextClassifier):
    """Recurrent (bi)LSTM text classifier as a scikit-learn estimator.

    Token embeddings -> stacked LSTM over the real tokens only (sequences are packed,
    so pre- and post-padding give the same model) -> pooling of the outputs ->
    dropout -> linear layer, trained with cross-entropy through skorch. Takes the id
    matrix of :class:`~sklearn_textnn.preprocessing.SequencePadder`; the number of
    embeddings and of classes are learned at ``fit``.

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
    TextCNNClassifier : Convolutional classifier on the same input.
    TextClassifier : The same with the network as a parameter,
        ``TextClassifier(encoder=LSTM(...))``.
    sklearn_textnn.nn.LSTMEncoder : The torch module behind it.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (LSTMClassifier, SequencePadder, TextTokenizer,
    ...                             Vocabulary)
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     LSTMClassifier(max_epochs=30, validation_fraction=None, random_state=0))
    >>> model.fit(texts * 5, labels * 5).predict(["cash pills", "meeting at one"])
    array(['spam', 'ham'], dtype='<U4')
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        **LSTM._parameter_constraints,
    }

    def __init__(
        self,
        *,
        embedding_dim=None,
        pretrained_vectors=None,
        embedding_compression=None,
        freeze_embedding=False,
        hidden_size=128,
        num_layers=1,
        bidirectional=True,
        pooling="max",
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
        self.pooling = pooling
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
        return self._own_network(LSTM)
