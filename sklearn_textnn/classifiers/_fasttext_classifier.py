"""fastText text classifier."""

from .._docstrings import fill_doc
from ..networks import FastText
from ..networks._fasttext import FASTTEXT_PARAMETERS_DOC
from ._base import BaseTextClassifier
from ._docs import ATTRIBUTES_DOC, EMBEDDING_PARAMETERS_DOC, TRAINING_PARAMETERS_DOC


@fill_doc(
    attributes=ATTRIBUTES_DOC,
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    network_parameters=FASTTEXT_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC,
)
class FastTextClassifier(BaseTextClassifier):
    """fastText (Joulin et al., 2017) as a scikit-learn estimator: fast and strong.

    The weighted sum (or the mean) of the token vectors of a document (a bag of
    tokens: give it n-grams for local order), each token weighted by TF-IDF and by
    what it tells of the class in the training data -> dropout -> linear layer,
    trained with cross-entropy through skorch. Adagrad updates only the vectors of
    the tokens a batch holds (sparse gradients), so an epoch over 45,000 headlines
    takes seconds. Takes ragged id lists straight from
    :class:`~sklearn_textnn.preprocessing.Vocabulary` or
    :class:`~sklearn_textnn.preprocessing.HashingVocabulary` (no padder needed), or
    a padded id matrix.

    Parameters
    ----------
    {embedding_parameters}
    {network_parameters}
    dropout : float, default=0.0
        Dropout before the output layer.
    {training_parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    TextCNNClassifier : Convolutions: reads the order of the tokens, slower.
    TextClassifier : The same with the network as a parameter,
        ``TextClassifier(encoder=FastText(...))``.
    sklearn_textnn.nn.FastTextEncoder : The torch module behind it.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import FastTextClassifier, TextTokenizer, Vocabulary
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(),
    ...     FastTextClassifier(validation_fraction=None, random_state=0))
    >>> model.fit(texts * 5, labels * 5).predict(["cash pills", "meeting at one"])
    array(['spam', 'ham'], dtype='<U4')
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        **FastText._parameter_constraints,
    }

    def __init__(
        self,
        *,
        embedding_dim=None,
        pretrained_vectors=None,
        embedding_compression=None,
        freeze_embedding=False,
        weighting="supervised",
        hidden_size=0,
        token_dropout=0.3,
        dropout=0.0,
        optimizer="adagrad",
        lr=0.1,
        weight_decay=1e-4,
        batch_size=32,
        max_epochs="auto",
        gradient_clipping=None,
        validation_fraction=None,
        patience=2,
        refit_on_all=False,
        average="auto",
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
        self.weighting = weighting
        self.hidden_size = hidden_size
        self.token_dropout = token_dropout
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
        return self._own_network(FastText)
