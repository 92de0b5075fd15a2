"""TextCNN text classifier."""

from numbers import Integral

from sklearn.utils._param_validation import Interval

from .._docstrings import fill_doc
from ..nn import TextClassifierNet, TextCNNEncoder
from ._base import (
    ATTRIBUTES_DOC,
    EMBEDDING_PARAMETERS_DOC,
    TRAINING_PARAMETERS_DOC,
    BaseTextClassifier,
)


@fill_doc(
    attributes=ATTRIBUTES_DOC,
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC.replace("{gradient_clipping}", "None"),
)
class TextCNNClassifier(BaseTextClassifier):
    """Convolutional text classifier (Kim, 2014) as a scikit-learn estimator.

    Token embeddings -> parallel 1-D convolutions of several widths -> ReLU -> max
    over time -> dropout -> linear layer, trained with cross-entropy through skorch.
    Takes the id matrix of :class:`~sklearn_textnn.preprocessing.SequencePadder`; the
    number of embeddings and of classes are learned at ``fit``.

    Parameters
    ----------
    {embedding_parameters}
    kernel_sizes : tuple of int, default=(2, 3, 4)
        Widths of the convolutions, in tokens.
    num_filters : int, default=128
        Filters per width.
    dropout : float, default=0.5
        Dropout before the output layer.
    {training_parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    LSTMClassifier : Recurrent classifier on the same input.
    sklearn_textnn.nn.TextCNNEncoder : The torch module behind it.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (SequencePadder, TextCNNClassifier, TextTokenizer,
    ...                             Vocabulary)
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     TextCNNClassifier(max_epochs=30, validation_fraction=None, random_state=0))
    >>> model.fit(texts * 5, labels * 5).predict(["cash pills", "meeting at one"])
    array(['spam', 'ham'], dtype='<U4')
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        "kernel_sizes": [tuple, list],
        "num_filters": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        *,
        embedding_dim=None,
        pretrained_vectors=None,
        freeze_embedding=False,
        kernel_sizes=(2, 3, 4),
        num_filters=128,
        dropout=0.5,
        optimizer="adam",
        lr=1e-3,
        weight_decay=0.0,
        batch_size=64,
        max_epochs=20,
        gradient_clipping=None,
        validation_fraction=0.1,
        patience=3,
        class_weight=None,
        device="cpu",
        random_state=None,
        verbose=0,
    ):
        self.embedding_dim = embedding_dim
        self.pretrained_vectors = pretrained_vectors
        self.freeze_embedding = freeze_embedding
        self.kernel_sizes = kernel_sizes
        self.num_filters = num_filters
        self.dropout = dropout
        self.optimizer = optimizer
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.gradient_clipping = gradient_clipping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.class_weight = class_weight
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    def _build_module(self, n_embeddings, n_classes, embedding_weights):
        encoder = TextCNNEncoder(
            n_embeddings,
            self._embedding_dim(),
            kernel_sizes=self._checked_kernel_sizes(),
            num_filters=self.num_filters,
            embedding_weights=embedding_weights,
            freeze_embedding=self._freeze_embedding(),
        )
        return TextClassifierNet(encoder, n_classes, dropout=self.dropout)
