"""The documents a fitted text classifier gets wrong, most confidently wrong first."""

from numbers import Integral

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ..preprocessing import check_documents

COLUMNS = ("text", "true_label", "predicted_label", "predicted_proba", "true_proba")


def _check_labels(y, n_documents, classes):
    """Column of each true label in ``classes``; errors name the unknown labels."""
    if y is None:
        raise ValueError("y is None; pass the true label of every document")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one label per document); got {y.shape}")
    if len(y) != n_documents:
        raise ValueError(
            f"X has {n_documents} documents but y has {len(y)} labels; they must match"
        )
    column_of = {label: i for i, label in enumerate(classes.tolist())}
    labels = y.tolist()
    columns = np.array([column_of.get(label, -1) for label in labels], dtype=np.intp)
    unknown = np.flatnonzero(columns < 0)
    if unknown.size:
        names = list(dict.fromkeys(labels[i] for i in unknown))
        raise ValueError(
            f"y has {len(names)} label(s) the model was not trained on: "
            f"{names[:10]!r} (first at index {int(unknown[0])}); the model knows "
            f"{classes.tolist()!r}"
        )
    return labels, columns


def misclassified(
    model, X, y, *, sort_by="confidence", ascending=None, n=None, as_frame="auto"
):
    """The documents a fitted classifier gets wrong, with the probabilities.

    Predicts ``X`` with ``model.predict_proba`` and keeps the documents whose most
    probable class is not their true label: the place to start when reading a
    model's mistakes (mislabelled data, confusable classes, texts too short to
    decide).

    Parameters
    ----------
    model : fitted classifier or Pipeline
        Anything with ``predict_proba`` and ``classes_`` that takes raw text, such
        as a pipeline of tokenizer, :class:`~sklearn_textnn.Vocabulary`,
        :class:`~sklearn_textnn.SequencePadder` and a classifier.
    X : iterable of str
        The documents.
    y : array-like of shape (n_samples,)
        Their true labels, of the type the model was trained on (label names, not
        the integer ``target`` of a dataset Bunch, if it was trained on names).
    sort_by : {'confidence', 'index'}, default='confidence'
        Order of the rows: by the probability of the predicted (wrong) class, or by
        the position of the documents in ``X``.
    ascending : bool, default=None
        Sort order. ``None`` means most confidently wrong first with
        ``sort_by='confidence'`` and the order of ``X`` with ``sort_by='index'``;
        ``ascending=True`` with ``'confidence'`` puts the near misses first.
    n : int, default=None
        Return only the first ``n`` rows. ``None`` returns them all.
    as_frame : bool or 'auto', default='auto'
        Return a :class:`pandas.DataFrame` (``True``, which needs pandas) or a list
        of dicts (``False``). ``'auto'`` returns a DataFrame when pandas is
        installed and a list of dicts otherwise.

    Returns
    -------
    errors : pandas.DataFrame or list of dict
        One row per misclassified document: ``text``, ``true_label``,
        ``predicted_label`` (the class of highest probability, which is what
        ``predict`` returns), ``predicted_proba`` (its probability: the model's
        confidence) and ``true_proba`` (the probability of the true label). The
        position of the document in ``X`` is the DataFrame's index (named
        ``'index'``), or the ``'index'`` key of each dict. Empty when every
        document is classified right.

    Raises
    ------
    TypeError
        If ``model`` has no ``predict_proba``.
    ValueError
        If ``X`` and ``y`` differ in length, or ``y`` holds a label the model was
        not trained on (the message names it).

    See Also
    --------
    sklearn.metrics.ConfusionMatrixDisplay : Which classes are confused with
        which: ``ConfusionMatrixDisplay.from_estimator(model, X, y)`` works on the
        pipelines of this package, whose ``predict`` returns the label names.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_textnn import (SequencePadder, TextCNNClassifier, TextTokenizer,
    ...                             Vocabulary)
    >>> from sklearn_textnn.inspection import misclassified
    >>> texts = ["cheap pills now", "meeting at noon", "win cash now", "lunch at one"]
    >>> labels = ["spam", "ham", "spam", "ham"]
    >>> model = make_pipeline(
    ...     TextTokenizer(), Vocabulary(), SequencePadder(),
    ...     TextCNNClassifier(max_epochs=30, validation_fraction=None, random_state=0))
    >>> model = model.fit(texts * 5, labels * 5)
    >>> rows = misclassified(model, ["pills now", "lunch at noon", "cheap lunch"],
    ...                      ["ham", "ham", "ham"], as_frame=False)
    >>> [(row["index"], row["text"], row["predicted_label"]) for row in rows]
    [(0, 'pills now', 'spam'), (2, 'cheap lunch', 'spam')]
    >>> rows[0]["predicted_proba"] > rows[1]["predicted_proba"] > 0.5
    True
    >>> round(rows[0]["true_proba"] + rows[0]["predicted_proba"], 6)  # two classes
    1.0
    """
    if sort_by not in ("confidence", "index"):
        raise ValueError(f"sort_by={sort_by!r}; expected 'confidence' or 'index'")
    if ascending is not None and not isinstance(ascending, (bool, np.bool_)):
        raise ValueError(f"ascending={ascending!r}; expected True, False or None")
    if n is not None and (not isinstance(n, Integral) or isinstance(n, bool) or n < 0):
        raise ValueError(f"n={n!r}; expected an int >= 0 or None")
    if as_frame not in ("auto", True, False):
        raise ValueError(f"as_frame={as_frame!r}; expected True, False or 'auto'")
    if not hasattr(model, "predict_proba"):
        raise TypeError(
            f"{type(model).__name__} has no predict_proba; misclassified needs a "
            "classifier that predicts probabilities"
        )
    check_is_fitted(model)
    frame = _pandas_or_none(as_frame)

    documents = check_documents(X)
    classes = np.asarray(model.classes_)
    labels, true_columns = _check_labels(y, len(documents), classes)
    if not documents:
        return _as_output([], frame)
    proba = np.asarray(model.predict_proba(documents), dtype=np.float64)
    predicted_columns = np.argmax(proba, axis=1)
    wrong = np.flatnonzero(predicted_columns != true_columns)
    rows = np.arange(len(documents))
    confidence = proba[rows, predicted_columns]
    true_proba = proba[rows, true_columns]

    if sort_by == "confidence":
        key = confidence[wrong] if ascending else -confidence[wrong]
        # lexsort sorts by its last key first; ties keep the order of X.
        wrong = wrong[np.lexsort((wrong, key))]
    elif ascending is False:
        wrong = wrong[::-1]
    if n is not None:
        wrong = wrong[:n]

    predicted = classes[predicted_columns].tolist()
    records = [
        {
            "index": int(i),
            "text": documents[i],
            "true_label": labels[i],
            "predicted_label": predicted[i],
            "predicted_proba": float(confidence[i]),
            "true_proba": float(true_proba[i]),
        }
        for i in wrong
    ]
    return _as_output(records, frame)


def _pandas_or_none(as_frame):
    if as_frame is False:
        return None
    try:
        import pandas
    except ImportError:
        if as_frame == "auto":
            return None
        raise ImportError(
            "misclassified(as_frame=True) needs pandas; install it with "
            '`pip install "sklearn-textnn[pandas]"`, or pass as_frame=False for a '
            "list of dicts"
        ) from None
    return pandas


def _as_output(records, pandas):
    if pandas is None:
        return records
    frame = pandas.DataFrame.from_records(
        records, columns=["index", *COLUMNS]
    ).set_index("index")
    return frame
