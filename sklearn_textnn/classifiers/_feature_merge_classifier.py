"""Text and numeric features in one network."""

from numbers import Integral

from sklearn.utils._param_validation import Interval

from .. import _inputs
from .._docstrings import fill_doc
from ..networks import make_network
from ..nn import FeatureMergeNet
from ._base import BaseTextClassifier, network_parameter_constraint
from ._docs import EMBEDDING_PARAMETERS_DOC, TRAINING_PARAMETERS_DOC


@fill_doc(
    embedding_parameters=EMBEDDING_PARAMETERS_DOC,
    training_parameters=TRAINING_PARAMETERS_DOC,
)
class FeatureMergeClassifier(BaseTextClassifier):
    """Text and hand-made numeric features read together by one network.

    The token ids go through a text network (``encoder``: TextCNN, LSTM or any
    network of :mod:`sklearn_textnn.networks`); the numeric features
    (document length, digit counts, metadata columns...) through an optional dense
    ReLU layer; both vectors are concatenated, then dropout and a linear layer give
    the class scores, trained with cross-entropy through skorch.

    The input is one table; ``id_columns`` says which of its columns are the token
    ids, or, left at ``None``, the table tells the two apart by itself:

    - a pandas DataFrame, as a :class:`~sklearn.compose.ColumnTransformer` with
      ``set_output(transform="pandas")`` makes it: the columns of
      :class:`~sklearn_textnn.preprocessing.SequencePadder` (named
      ``sequencepadder0``, ``sequencepadder1``..., prefixed by the transformer's name,
      e.g. ``text__sequencepadder0``) are the token ids; every other column is a
      numeric feature. Such a pipeline takes the user's raw DataFrame (a text column,
      numeric columns), so ``cross_val_score``, ``GridSearchCV``... work on it
      directly;
    - a dict ``{'ids': (n_samples, maxlen) int array, 'features': (n_samples,
      n_features) float array}``; use :class:`skorch.helper.SliceDict` for one that
      cross-validation can slice;
    - a plain 2-D array (or a DataFrame whose id columns have other names) with
      ``id_columns`` set to the positions (or names) of the id columns.

    The predict methods want the same kind of input, with the same columns in the
    same order as at ``fit``. Features must be finite: impute missing values (e.g.
    :class:`~sklearn.impute.SimpleImputer`) and scale them (e.g.
    :class:`~sklearn.preprocessing.StandardScaler`) in the pipeline.
    ``pretrained_vectors`` need the tokens behind the ids, which a DataFrame does
    not carry: use them with the dict input, its ``'ids'`` straight from
    :class:`~sklearn_textnn.preprocessing.SequencePadder`.

    Parameters
    ----------
    encoder : Network or str, default=None
        The text network: an object of :mod:`sklearn_textnn.networks` such as
        ``TextCNN(num_filters=64)`` or ``LSTM(hidden_size=64)``, or the name of one
        with its defaults. ``None``: ``TextCNN()``. Its parameters are
        ``encoder__<name>`` in a grid search (pass an object to tune them).
    id_columns : list of str or int, default=None
        The token id columns, in token order: names (DataFrame) or positions
        (DataFrame or array); every other column is a numeric feature. ``None``
        recognises the columns of a SequencePadder by their names (DataFrame) or
        takes the ``'ids'`` of a dict.
    {embedding_parameters}
    feature_hidden_size : int, default=32
        Width of a dense ReLU layer that the numeric features pass through before
        they meet the text vector; 0 concatenates the features as they are. The
        layer lets the network combine the features non-linearly, and the dropout
        on the concatenated vector then drops some of its units rather than whole
        input features, which a few informative features suffer from.
    dropout : float, default=0.5
        Dropout on the concatenated vector (and between stacked LSTM layers).
    {training_parameters}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels seen at ``fit``.
    n_embeddings_ : int
        Rows of the embedding table (largest id seen + 1). Larger ids at predict time
        read as unknown (id 1).
    n_numeric_features_ : int
        Number of numeric feature columns.
    id_columns_ : list of str or int
        The token id columns, in token order: names for a DataFrame, positions for
        an array. Not set with dict input.
    feature_columns_ : list of str or int
        The numeric feature columns, in the order of ``X``. Not set with dict
        input.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net; ``net_.module_`` is the
        :class:`~sklearn_textnn.nn.FeatureMergeNet`.
    history_ : skorch.History
        Per-epoch losses, validation accuracy and durations.
    n_epochs_ : int
        Epochs trained.
    best_epoch_ : int
        The epoch (from 1) whose weights the model keeps.
    fit_time_ : float
        Seconds spent in training.
    n_features_in_ : int
        Number of input columns, ids and features together.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of the columns seen at ``fit``. Only with DataFrame input.
    embedding_coverage_ : dict or None
        With ``pretrained_vectors``: ``n_found`` tokens of ``n_tokens`` have a
        vector (``vocabulary_coverage``), covering ``token_coverage`` of the training
        token occurrences. None without pretrained vectors.

    See Also
    --------
    TextClassifier : The text alone, any network.
    sklearn_textnn.preprocessing.TextStatistics : Common hand-made features of raw
        text.
    sklearn_textnn.nn.FeatureMergeNet : The torch module behind it.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.compose import ColumnTransformer
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_textnn import (FeatureMergeClassifier, SequencePadder,
    ...                             TextTokenizer, Vocabulary)
    >>> from sklearn_textnn.networks import TextCNN
    >>> data = pd.DataFrame({
    ...     "text": ["cheap pills now", "meeting at noon", "win cash now", "lunch"],
    ...     "n_links": [3, 0, 2, 0],
    ... })
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> columns = ColumnTransformer([
    ...     ("text", make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder()),
    ...      "text"),
    ...     ("numbers", StandardScaler(), ["n_links"]),
    ... ]).set_output(transform="pandas")
    >>> model = make_pipeline(columns, FeatureMergeClassifier(
    ...     encoder=TextCNN(num_filters=16), embedding_dim=16, max_epochs=30,
    ...     validation_fraction=None, random_state=0))
    >>> model.fit(pd.concat([data] * 5), labels * 5).predict(data)
    array(['spam', 'ham', 'spam', 'ham'], dtype='<U4')
    >>> model[-1].id_columns_
    ['text__sequencepadder0', 'text__sequencepadder1', 'text__sequencepadder2']
    >>> model[-1].feature_columns_
    ['numbers__n_links']
    """

    _parameter_constraints = {
        **BaseTextClassifier._parameter_constraints,
        "encoder": network_parameter_constraint(),
        "id_columns": ["array-like", None],
        "feature_hidden_size": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self,
        *,
        encoder=None,
        id_columns=None,
        embedding_dim=None,
        pretrained_vectors=None,
        embedding_compression=None,
        freeze_embedding=False,
        feature_hidden_size=32,
        dropout=0.5,
        optimizer="adam",
        lr=1e-3,
        weight_decay=0.0,
        batch_size=64,
        max_epochs=20,
        gradient_clipping=5.0,
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
        self.id_columns = id_columns
        self.embedding_dim = embedding_dim
        self.pretrained_vectors = pretrained_vectors
        self.embedding_compression = embedding_compression
        self.freeze_embedding = freeze_embedding
        self.feature_hidden_size = feature_hidden_size
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

    def _check_inputs(self, X, *, reset):
        return _inputs.merged_inputs(self, X, reset=reset)

    def _head(self, encoder, n_classes):
        return FeatureMergeNet(
            encoder,
            self.n_numeric_features_,
            n_classes,
            feature_hidden_size=self.feature_hidden_size,
            dropout=self.dropout,
        )

    def fit(self, X, y):
        """Train the network.

        Parameters
        ----------
        X : DataFrame, dict or array-like of shape (n_samples, n_columns)
            Token ids and numeric features: a DataFrame whose id columns are named
            by ``id_columns`` or recognised by their ``sequencepadder<i>`` names, a
            dict ``{'ids': ..., 'features': ...}`` of two 2-D arrays, or an array
            whose id columns are at the positions ``id_columns``.
        y : array-like of shape (n_samples,)
            Labels of any type (strings, integers, ...).

        Returns
        -------
        self : object
            The fitted classifier.
        """
        return super().fit(X, y)

    def predict_proba(self, X):
        """Probability of each class.

        Parameters
        ----------
        X : DataFrame, dict or array-like
            Token ids and features, with the columns seen at ``fit``.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        return super().predict_proba(X)

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`.

        Parameters
        ----------
        X : DataFrame, dict or array-like
            Token ids and features, with the columns seen at ``fit``.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return super().predict_log_proba(X)

    def predict(self, X):
        """The most probable class of each document.

        Parameters
        ----------
        X : DataFrame, dict or array-like
            Token ids and features, with the columns seen at ``fit``.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Labels, of the type seen at ``fit``.
        """
        return super().predict(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.dict = True
        # The numeric features may be negative; only the ids may not.
        tags.input_tags.positive_only = False
        return tags
