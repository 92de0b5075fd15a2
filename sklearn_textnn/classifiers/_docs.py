"""Docstring fragments shared by the classifiers, written once.

``{default:name}`` placeholders take the default from each classifier's signature
(see :func:`sklearn_textnn._docstrings.fill_doc`).
"""

EMBEDDING_PARAMETERS_DOC = """\
    embedding_dim : int, default={default:embedding_dim}
        Size of the token vectors. ``None``: the dimension of ``pretrained_vectors``,
        or without them the network's own default (128; 32 for FastText). A number
        that differs from the vectors' dimension is an error.
    pretrained_vectors : str, path-like, WordVectors or dict, default=None
        Pretrained vectors to initialise the embeddings with: the path of a
        word2vec (text or binary), GloVe or fastText ``.vec`` file, a
        :class:`~sklearn_textnn.embeddings.WordVectors` (e.g. with a ``cache_dir``),
        or a dict from token to vector. At each ``fit`` only the rows of the
        vocabulary fitted in that fit (that cross-validation fold) are read, so
        memory grows with the vocabulary, not with the file. The input must then come
        from :class:`~sklearn_textnn.preprocessing.Vocabulary` and
        :class:`~sklearn_textnn.preprocessing.SequencePadder` in the same pipeline,
        which pass the tokens behind the ids along. Tokens missing from the file (and
        the unknown id) start from random vectors on the scale of the pretrained
        ones; padding starts (and stays) at zero. The coverage is reported in
        ``embedding_coverage_``. With character vectors, tokenize with
        ``TextTokenizer(level="char", ngram_range=(1, 1))``: the default adds
        character bigrams, which such files do not hold.
    embedding_compression : float, default={default:embedding_compression}
        Store the token vectors in this many times fewer parameters: the most
        frequent tokens (the first ids of the vocabulary) keep a vector of their
        own, in 30 % of the parameters; every other token takes one row, chosen at
        random once, of a table that fills the rest
        (:class:`~sklearn_textnn.nn.HashEmbedding`). For large vocabularies
        (character or word n-grams), where the table is most of the model: ten
        times fewer cost FastText 0.4 point on THUCNews. ``None`` keeps one row
        per token. Not with ``pretrained_vectors``.
    freeze_embedding : bool, default={default:freeze_embedding}
        Keep the embeddings fixed during training (typically with
        ``pretrained_vectors``); the default fine-tunes them."""


ATTRIBUTES_DOC = """\
    classes_ : ndarray of shape (n_classes,)
        The labels seen at ``fit``.
    n_embeddings_ : int
        Rows of the embedding table (largest id seen + 1). Larger ids at predict time
        read as unknown (id 1).
    embedding_dim_ : int
        Size of the token vectors: ``embedding_dim``, else that of the pretrained
        vectors, else the network's default.
    net_ : skorch.NeuralNetClassifier
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : skorch.History
        Per-epoch losses, validation accuracy and durations.
    n_epochs_ : int
        Epochs trained.
    best_epoch_ : int
        The epoch (from 1) whose weights the model keeps: the one with the lowest
        validation loss when stopping early, else the last one.
    fit_time_ : float
        Seconds spent in training.
    n_features_in_ : int
        Width of the id matrix seen at ``fit``.
    embedding_coverage_ : dict or None
        With ``pretrained_vectors``: ``n_found`` tokens of ``n_tokens`` have a
        vector (``vocabulary_coverage``), covering ``token_coverage`` of the training
        token occurrences. None without pretrained vectors."""


TRAINING_PARAMETERS_DOC = """\
    optimizer : {'adam', 'adamw', 'adagrad', 'sgd', 'rmsprop'} or torch optimizer \
class, default={default:optimizer}
        The optimizer. Adam and AdamW run fused (one kernel for all the weights).
        With Adagrad or SGD (no clipping), the token vectors get sparse
        gradients: only the rows of the tokens a batch holds are updated, which
        makes an epoch several times faster on a large vocabulary.
    lr : float, default={default:lr}
        Learning rate.
    weight_decay : float, default={default:weight_decay}
        L2 penalty (decoupled for ``'adamw'``). On token vectors with sparse
        gradients it is applied every 10 steps with 10 times the weight, through
        the optimizer's own rule, so that it costs little.
    batch_size : int, default={default:batch_size}
        Documents per gradient step. A smaller last batch is used as it is.
    max_epochs : int or 'auto', default={default:max_epochs}
        Most passes over the training data. ``'auto'`` sets them by the size of
        the training data: enough for about 1,800 optimizer steps, at least 10 and
        at most 100 (10 from about 57,600 documents on with batches of 32, 100
        for 576 documents or fewer), so that small data sets get the training
        they need and large ones stay fast.
    gradient_clipping : float, default={default:gradient_clipping}
        Clip the gradient norm to this value; ``None`` does not clip.
    validation_fraction : float, default={default:validation_fraction}
        Share of the training data held out (stratified by class) to watch the
        validation loss and accuracy each epoch and to stop early. ``None`` trains on
        everything for ``max_epochs`` epochs.
    patience : int, default={default:patience}
        Stop after this many epochs without a lower validation loss and keep the
        weights of the best epoch. ``None`` never stops early.
    refit_on_all : bool, default={default:refit_on_all}
        After early stopping has chosen the number of epochs on the validation
        split, train a new network on all the data (the validation part included)
        for that many epochs. Costs a second training; gains the held-out data.
    average : bool, int or 'auto', default={default:average}
        Polyak averaging: the final weights are the mean of the weights at the end
        of each epoch from epoch ``average`` on (``True``: the second half of the
        epochs, from ``max_epochs // 2 + 1``). The mean lies closer to a good
        point than the weights of any one epoch and moves less with the seed: on
        small data sets a fit's accuracy varies about half as much. Costs one copy
        of the weights. ``True`` or a number cannot go with early stopping (set
        ``patience=None``); ``'auto'`` averages the second half of the epochs when
        training runs them all (``validation_fraction=None`` or
        ``patience=None``), and keeps the best epoch's weights when it stops
        early.
    class_weight : dict, 'balanced' or None, default={default:class_weight}
        Weights of the classes in the loss, for skewed data: ``'balanced'`` weighs
        each class inversely to its frequency in the training data of each ``fit``; a
        dict maps labels to weights (others get 1); ``None`` weighs every class
        1. Weights must be finite and >= 0, and every key a class of ``y``.
        ``partial_fit`` never sees the class counts of the whole corpus: give it
        ``None`` or a dict.
    callbacks : list of skorch callbacks, default={default:callbacks}
        Extra skorch callbacks (a learning-rate schedule, a checkpoint...), as
        objects or ``(name, callback)`` pairs; each ``fit`` trains with copies of
        them, after the built-in ones (``'gradient_clipping'``,
        ``'early_stopping'``).
    device : str, default={default:device}
        Torch device to train and predict on, e.g. ``'cuda'``. A clear error is
        raised if it is not available. On a GPU, batches are copied from pinned
        memory without blocking, so that the next one travels while the GPU
        computes.
    mixed_precision : bool, default={default:mixed_precision}
        Compute the layers that gain from it (linear, convolution, recurrent) in
        bfloat16 under :func:`torch.autocast`, while the weights, the optimizer and
        the loss stay in float32: faster and lighter on a GPU with bfloat16 units
        (NVIDIA Ampere or newer); on a CPU without them, usually slower. Results
        differ from float32 ones in the last digits. A GPU without bfloat16
        support gets a clear error.
    random_state : int, RandomState instance or None, default={default:random_state}
        Seeds the weight initialisation, the batch order, dropout and the validation
        split. With an int, two fits on the same data give identical predictions
        (on the same device and number of threads). The global torch random state is
        left untouched.
    verbose : int, default={default:verbose}
        Print one line per epoch (losses, validation accuracy, time) when positive."""
