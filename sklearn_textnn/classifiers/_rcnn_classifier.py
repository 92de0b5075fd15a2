"""RCNN text classifier."""

from .._docstrings import fill_doc
from ..networks import RCNN
from ..networks._rcnn import RCNN_PARAMETERS_DOC
from ._base import BaseTextClassifier
from ._docs import ATTRIBUTES_DOC, EMBEDDING_PARAMETERS_DOC, TRAINING_PARAMETERS_DOC


@fill_doc(
    attributes=ATTRIBUTES_DOC,
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    network_parameters=RCNN_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC,
)
class RCNNClassifier(BaseTextClassifier):
    """Recurrent convolutional text classifier (RCNN) as a scikit-learn estimator.

    Token embeddings -> bidirectional LSTM over the real tokens (sequences are
    packed) -> each token as ``[left context, token vector, right context]`` ->
    dense tanh layer -> max over the tokens -> dropout -> linear layer (Lai et al.,
    2015), trained with cross-entropy through skorch. Takes the id matrix of
    :class:`~sklearn_textnn.preprocessing.SequencePadder` or the ragged id lists of
    :class:`~sklearn_textnn.preprocessing.Vocabulary`; the number of embeddings and
    of classes are learned at ``fit``.

    Parameters
    ----------
    {embedding_parameters}
    {network_parameters}
    dropout : float, default=0.5
        Dropout before the output layer.
    {training_parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    LSTMClassifier : The LSTM outputs pooled, without the token vectors.
    TextCNNClassifier : Convolutions: local windows instead of recurrent contexts.
    TextClassifier : The same with the network as a parameter,
        ``TextClassifier(encoder=RCNN(...))``.
    sklearn_textnn.nn.RCNNEncoder : The torch module behind it.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (RCNNClassifier, SequencePadder,
    ...                             TextTokenizer, Vocabulary)
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     RCNNClassifier(hidden_size=16, max_epochs=30,
    ...                    validation_fraction=None, random_state=0))
    >>> model.fit(texts * 5, labels * 5).predict(["cash pills", "meeting at one"])
    array(['spam', 'ham'], dtype='<U4')
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        **RCNN._parameter_constraints,
    }

    def __init__(
        self,
        *,
        embedding_dim=None,
        pretrained_vectors=None,
        embedding_compression=None,
        freeze_embedding=False,
        hidden_size=64,
        latent_size=64,
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
        self.latent_size = latent_size
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
        return self._own_network(RCNN)
