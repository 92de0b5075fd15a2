"""Loaders of the small samples bundled with the package."""

import csv
from importlib import resources

import numpy as np
from sklearn.utils import Bunch

THUCNEWS_CLASSES = (
    "finance",
    "realty",
    "stocks",
    "education",
    "science",
    "society",
    "politics",
    "sports",
    "game",
    "entertainment",
)
SMS_SPAM_CLASSES = ("ham", "spam")


def _read_bundled_tsv(name):
    with (
        resources.files(__package__)
        .joinpath("data", name)
        .open(encoding="utf-8", newline="") as f
    ):
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return list(reader)


def _load_bundled_sample(filename, classes, loader, return_X_y):
    """A bundled ``text<TAB>label`` sample as a Bunch, labels indexing ``classes``."""
    rows = _read_bundled_tsv(filename)
    data = [text for text, _ in rows]
    index = {name: i for i, name in enumerate(classes)}
    target = np.array([index[label] for _, label in rows], dtype=np.int64)
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        target_names=list(classes),
        DESCR=loader.__doc__.split("Parameters")[0].strip(),
    )


def load_thucnews_sample(*, return_X_y=False):
    """Load 3,000 Chinese news headlines in 10 balanced classes.

    A random sample (300 a class) of the THUCNews headlines used to benchmark Chinese
    text classifiers: finance, realty, stocks, education, science, society, politics,
    sports, game and entertainment. Bundled with the package; see
    ``sklearn_textnn/datasets/data/README.md`` for its source and licence.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (list of str, the headlines), ``target`` (ndarray of int, index into
        ``target_names``), ``target_names`` (list of str), ``DESCR`` (str).
    (data, target) : tuple
        If ``return_X_y`` is True.

    Examples
    --------
    >>> from sklearn_textnn.datasets import load_thucnews_sample
    >>> news = load_thucnews_sample()
    >>> len(news.data), news.target_names[:3]
    (3000, ['finance', 'realty', 'stocks'])
    >>> news.data[0], news.target_names[news.target[0]]
    ('特别策划：高考三天怎么过听听“过来人”支招', 'education')
    """
    return _load_bundled_sample(
        "thucnews_sample.tsv", THUCNEWS_CLASSES, load_thucnews_sample, return_X_y
    )


def load_sms_spam_sample(*, return_X_y=False):
    """Load 2,000 English SMS messages, 13.4 % of them spam.

    A stratified random sample of the UCI SMS Spam Collection (1,732 ham, 268 spam),
    with the skew of the full collection: a small data set for imbalanced binary
    text classification. Bundled with the package; see
    ``sklearn_textnn/datasets/data/README.md`` for its source and licence.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (list of str, the messages), ``target`` (ndarray of int, 0 for ham
        and 1 for spam), ``target_names`` (``['ham', 'spam']``), ``DESCR`` (str).
    (data, target) : tuple
        If ``return_X_y`` is True.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_textnn.datasets import load_sms_spam_sample
    >>> sms = load_sms_spam_sample()
    >>> len(sms.data), sms.target_names, np.bincount(sms.target)
    (2000, ['ham', 'spam'], array([1732,  268]))
    >>> sms.data[0], sms.target_names[sms.target[0]]
    ('My sister going to earn more than me da.', 'ham')
    """
    return _load_bundled_sample(
        "sms_spam_sample.tsv", SMS_SPAM_CLASSES, load_sms_spam_sample, return_X_y
    )
