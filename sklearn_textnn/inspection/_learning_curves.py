"""Per-epoch losses and validation accuracy of a fitted classifier, as a figure."""

from sklearn.utils.validation import check_is_fitted


def _final_classifier(model):
    """The classifier of ``model``: itself, or the last step of a Pipeline."""
    classifier = model.steps[-1][1] if hasattr(model, "steps") else model
    if not hasattr(type(classifier), "history_"):
        raise TypeError(
            f"{type(classifier).__name__} keeps no training history; "
            "plot_learning_curves needs a classifier of sklearn_textnn (such as "
            "TextCNNClassifier or LSTMClassifier) or a Pipeline that ends with one"
        )
    check_is_fitted(classifier)
    return classifier


def _restored_epoch(classifier, last_epoch):
    """The epoch whose weights early stopping restored, or None when the model
    keeps those of its last epoch."""
    best = getattr(classifier, "best_epoch_", None)
    if best in (None, 0, last_epoch):
        return None
    return int(best)


def _series(history, key):
    """``(epochs, values)`` of ``key`` over the epochs that recorded it."""
    points = [(row["epoch"], row[key]) for row in history if key in row]
    return [epoch for epoch, _ in points], [value for _, value in points]


def _check_axes(ax):
    if ax is None:
        return None
    try:
        axes = list(ax)
    except TypeError:
        axes = [ax]
    if len(axes) != 2 or not all(hasattr(a, "plot") for a in axes):
        raise ValueError(
            "ax must be a pair of matplotlib Axes (losses, accuracy), e.g. from "
            "`fig, ax = plt.subplots(1, 2)`; or None for a new figure"
        )
    return axes


def plot_learning_curves(classifier, *, ax=None):
    """Draw the training and validation loss and the validation accuracy per epoch.

    Shows whether the network is still learning (both losses falling), overfits
    (the validation loss rising while the training loss falls) or stopped early.
    When early stopping restored the weights of an earlier epoch, that epoch is
    marked with a dashed line: it is the model that ``predict`` uses.

    Parameters
    ----------
    classifier : fitted classifier or Pipeline
        A fitted classifier of this package (``history_`` holds the curves), or a
        Pipeline whose last step is one.
    ax : pair of matplotlib Axes, default=None
        Where to draw the losses and the accuracy. ``None`` makes a new figure, with
        one panel only when the classifier was trained without a validation set
        (``validation_fraction=None``): then there is only the training loss.

    Returns
    -------
    figure : matplotlib.figure.Figure
        The figure of the axes drawn on.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``classifier`` keeps no training history.

    See Also
    --------
    misclassified : The documents a fitted model gets wrong.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (SequencePadder, TextCNNClassifier, TextTokenizer,
    ...                             Vocabulary)
    >>> from sklearn_textnn.inspection import plot_learning_curves
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     TextCNNClassifier(max_epochs=5, validation_fraction=0.25, random_state=0))
    >>> figure = plot_learning_curves(model.fit(texts * 5, labels * 5))
    >>> [axes.get_title() for axes in figure.axes]
    ['Loss', 'Validation accuracy']
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['training loss', 'validation loss']
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise ImportError(
            "plot_learning_curves needs matplotlib; install it with "
            '`pip install "sklearn-textnn[plot]"`'
        ) from None
    classifier = _final_classifier(classifier)
    axes = _check_axes(ax)
    history = classifier.history_
    train_epochs, train_loss = _series(history, "train_loss")
    valid_epochs, valid_loss = _series(history, "valid_loss")
    acc_epochs, valid_acc = _series(history, "valid_acc")
    has_valid = bool(valid_epochs)
    if axes is None:
        n_panels = 2 if has_valid else 1
        _, axes = plt.subplots(
            1, n_panels, figsize=(5 * n_panels, 3.6), squeeze=False, layout="tight"
        )
        axes = list(axes[0])
    loss_ax = axes[0]
    acc_ax = axes[1] if len(axes) > 1 else None

    loss_ax.plot(train_epochs, train_loss, marker="o", label="training loss")
    if has_valid:
        loss_ax.plot(valid_epochs, valid_loss, marker="o", label="validation loss")
    loss_ax.set(title="Loss", xlabel="epoch", ylabel="cross-entropy")

    if acc_ax is not None:
        if acc_epochs:
            acc_ax.plot(
                acc_epochs,
                valid_acc,
                marker="o",
                color="tab:green",
                label="validation accuracy",
            )
            acc_ax.set(title="Validation accuracy", xlabel="epoch", ylabel="accuracy")
        else:
            acc_ax.set_title("Validation accuracy")
            acc_ax.text(
                0.5,
                0.5,
                "no validation set\n(validation_fraction=None)",
                ha="center",
                va="center",
                transform=acc_ax.transAxes,
            )
            acc_ax.set_xticks([])
            acc_ax.set_yticks([])

    last_epoch = train_epochs[-1] if train_epochs else None
    best = _restored_epoch(classifier, last_epoch)
    drawn = [a for a in (loss_ax, acc_ax) if a is not None and a.get_lines()]
    for axis in drawn:
        if best is not None:
            axis.axvline(
                best,
                color="gray",
                linestyle="--",
                label=f"best epoch ({best}), restored",
            )
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.legend()
    return loss_ax.figure
