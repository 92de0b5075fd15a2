"""The description of a network: its hyperparameters, and how to build its module.

A network is a scikit-learn-style object with explicit hyperparameters
(``get_params``/``set_params``, ``clone``, a readable repr), so that a classifier can
take it as a parameter (``TextClassifier(encoder=TextCNN(num_filters=64))``) and
``GridSearchCV`` reaches its settings as ``encoder__num_filters``. Sizes that depend
on the data (the number of ids, of classes) are not among them: the classifier
builds the token vectors at ``fit`` and hands them to :meth:`Network.build`.

Nothing here imports torch: the torch modules of :mod:`sklearn_textnn.nn` are
imported when a network is built, so listing the networks (the command line's
``--help``) stays fast.
"""

from abc import ABCMeta, abstractmethod

from sklearn.base import BaseEstimator

_REGISTRY = {}


class Network(BaseEstimator, metaclass=ABCMeta):
    """Base class of the network descriptions.

    A subclass sets ``name`` (how the command line and ``encoder='<name>'`` call it),
    declares its hyperparameters in ``__init__`` and ``_parameter_constraints`` as
    scikit-learn estimators do, and implements :meth:`build`. Defining the subclass
    registers it: the classifiers, the command line and the shared tests find it in
    :func:`available_networks`.
    """

    #: Registry key; ``None`` for abstract classes.
    name = None

    #: Size of the token vectors when the classifier's ``embedding_dim`` is None
    #: and there are no pretrained vectors.
    default_embedding_dim = 128

    #: Training settings that suit this network better than the classifiers'
    #: general defaults (Adam, lr 1e-3...); the network's own classifier has them as
    #: its defaults, and the command line trains with them.
    recommended_training = {}

    #: Whether :meth:`build` wants the document frequency of each id in the
    #: training data, class by class (``document_frequency``), e.g. to weigh
    #: tokens by TF-IDF.
    uses_document_frequency = False

    #: Whether the network reads documents as sentences of ids: a 3-D array
    #: (documents x sentences x tokens) or nested id lists. The others take an id
    #: matrix or id lists.
    reads_sentences = False

    #: Whether training batches documents of similar lengths together
    #: (:func:`~sklearn_textnn.classifiers._training.length_bucketed_loader`): a
    #: network whose cost grows with the padded width of a batch (convolutions,
    #: recurrences) then computes little padding on documents of varied lengths.
    bucket_by_length = True

    #: Whether the network reads the order of a document's tokens. One that does
    #: not (a bag of tokens) trains on each document's ids sorted, and so finds
    #: the repeated ids of a batch without sorting it.
    reads_order = True

    _parameter_constraints = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if name is not None:
            if name in _REGISTRY and _REGISTRY[name].__qualname__ != cls.__qualname__:
                raise ValueError(
                    f"two networks are named {name!r}: {_REGISTRY[name].__qualname__} "
                    f"and {cls.__qualname__}"
                )
            _REGISTRY[name] = cls

    @abstractmethod
    def build(self, embedding, *, dropout, document_frequency=None):
        """The torch encoder: ids ``(batch, length)`` -> vectors ``(batch, size)``.

        Parameters
        ----------
        embedding : torch.nn.Module
            The token vectors, built by the classifier for this fit's vocabulary;
            has an ``embedding_dim`` attribute.
        dropout : float
            The classifier's dropout, for networks that also drop out inside.
        document_frequency : ndarray of shape (n_ids, n_classes) or None
            Given when ``uses_document_frequency``: in how many training
            documents of each class each id occurs (row 0, padding, holds the
            number of documents of each class).

        Returns
        -------
        encoder : torch.nn.Module
            With an ``output_size`` attribute (the size of the vectors).
        """

    def validated(self):
        """Check the hyperparameters; return ``self``.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            When a hyperparameter is of the wrong type or out of range.
        """
        self._validate_params()
        self._check()
        return self

    def _check(self):
        """Checks that ``_parameter_constraints`` cannot express; none by default."""


def available_networks():
    """The networks the classifiers can build, by name.

    Returns
    -------
    networks : dict of str to type
        Name (``'textcnn'``, ``'lstm'``...) to :class:`Network` subclass, sorted by
        name.

    Examples
    --------
    >>> from sklearn_textnn.networks import available_networks
    >>> [name for name in available_networks() if name in ("lstm", "textcnn")]
    ['lstm', 'textcnn']
    """
    return dict(sorted(_REGISTRY.items()))


def make_network(encoder, *, parameter="encoder"):
    """The network an ``encoder`` parameter stands for.

    Parameters
    ----------
    encoder : Network, str or None
        A network, the name of one (built with its defaults), or ``None`` for a
        :class:`TextCNN`.
    parameter : str, default='encoder'
        The parameter's name, for the error message.

    Returns
    -------
    network : Network
        Validated; a new object when ``encoder`` is a name or ``None``.
    """
    if encoder is None:
        encoder = "textcnn"
    if isinstance(encoder, str):
        networks = available_networks()
        if encoder not in networks:
            raise ValueError(
                f"{parameter}={encoder!r} is not a network; use one of "
                f"{sorted(networks)} or a network object such as TextCNN()"
            )
        encoder = networks[encoder]()
    if not isinstance(encoder, Network):
        raise TypeError(
            f"{parameter} must be a network such as TextCNN() or LSTM(), or the name "
            f"of one; got {type(encoder).__name__}"
        )
    return encoder.validated()
