"""A text classifier that takes its network as a parameter."""

from .._docstrings import fill_doc
from ..networks import make_network
from ._base import BaseTextClassifier, network_parameter_constraint
from ._docs import ATTRIBUTES_DOC, EMBEDDING_PARAMETERS_DOC, TRAINING_PARAMETERS_DOC


@fill_doc(
    attributes=ATTRIBUTES_DOC,
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC,
)
class TextClassifier(BaseTextClassifier):
    """Any network of :mod:`sklearn_textnn.networks` as a scikit-learn classifier.

    Token vectors -> the ``encoder`` network -> dropout -> linear layer, trained
    with cross-entropy through skorch. The network is a parameter, so one grid
    search can compare networks and tune each (``encoder__num_filters``);
    :class:`TextCNNClassifier` and :class:`LSTMClassifier` are the same classifier
    with their network's parameters spelled out.

    Parameters
    ----------
    encoder : Network or str, default=None
        The network: an object of :mod:`sklearn_textnn.networks` such as
        ``TextCNN(num_filters=64)`` or ``LSTM(hidden_size=64)``, or the name of one
        (``'textcnn'``, ``'lstm'``...) with its defaults. ``None``: ``TextCNN()``.
        To tune the network's parameters in a grid search, pass an object: its
        parameters are ``encoder__<name>``.
    {embedding_parameters}
    dropout : float, default=0.5
        Dropout before the output layer (and inside networks that drop out, such as
        a stacked LSTM).
    {training_parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    TextCNNClassifier : ``TextClassifier(encoder=TextCNN(...))``, spelled out.
    LSTMClassifier : ``TextClassifier(encoder=LSTM(...))``, spelled out.
    FeatureMergeClassifier : A network's text vector merged with numeric features.
    sklearn_textnn.networks.available_networks : The networks, by name.

    Examples
    --------
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (SequencePadder, TextClassifier, TextTokenizer,
    ...                             Vocabulary)
    >>> from sklearn_textnn.networks import LSTM, TextCNN
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     TextClassifier(encoder=TextCNN(num_filters=16), max_epochs=30,
    ...                    validation_fraction=None, random_state=0))
    >>> model.fit(texts * 5, labels * 5).predict(["cash pills", "meeting at one"])
    array(['spam', 'ham'], dtype='<U4')
    >>> grid = [{"textclassifier__encoder": [TextCNN()],
    ...          "textclassifier__encoder__num_filters": [8, 16]},
    ...         {"textclassifier__encoder": [LSTM()],
    ...          "textclassifier__encoder__hidden_size": [8]}]
    >>> search = GridSearchCV(model, grid, cv=2).fit(texts * 5, labels * 5)
    >>> len(search.cv_results_["params"])
    3
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        "encoder": network_parameter_constraint(),
    }

    def __init__(
        self,
        *,
        encoder=None,
        embedding_dim=None,
        pretrained_vectors=None,
        embedding_compression=None,
        freeze_embedding=False,
        dropout=0.5,
        optimizer="adam",
        lr=1e-3,
        weight_decay=0.0,
        batch_size=64,
        max_epochs=20,
        gradient_clipping=None,
        validation_fraction=0.1,
        patience=3,
        refit_on_all=False,
        average=False,
        class_weight=None,
        callbacks=None,
        device="cpu",
        mixed_precision=False,
        random_state=None,
        verbose=0,
    ):
        self.encoder = encoder
        self.embedding_dim = embedding_dim
        self.pretrained_vectors = pretrained_vectors
        self.embedding_compression = embedding_compression
        self.freeze_embedding = freeze_embedding
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
        return make_network(self.encoder)
