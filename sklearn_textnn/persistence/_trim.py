"""Fitted models without what only training needs."""


def trim(model):
    """Drop the optimizer and training history of every classifier in a fitted
    model, in place, for a smaller file (joblib or :func:`save_model`) and less
    memory when only predicting.

    Predictions do not change. ``history_`` becomes empty, and a trimmed model
    cannot continue training where it stopped (a new ``fit`` starts afresh). A
    joblib file of a network trained with Adam shrinks to about half: the
    optimizer kept two numbers per weight, and its references to the weights
    pickled as a second copy of them.

    Parameters
    ----------
    model : estimator
        A fitted classifier of this package, or a Pipeline, FeatureUnion or
        ColumnTransformer holding them.

    Returns
    -------
    model : estimator
        The same object.
    """
    from ..classifiers import BaseTextClassifier

    for estimator in _walk(model):
        if isinstance(estimator, BaseTextClassifier) and hasattr(estimator, "net_"):
            estimator._drop_training_state()
    return model


def _walk(estimator):
    """``estimator`` and every step nested in it."""
    yield estimator
    for attribute in ("steps", "transformer_list", "transformers_"):
        for part in getattr(estimator, attribute, None) or ():
            step = part[1]
            if hasattr(step, "get_params"):
                yield from _walk(step)
