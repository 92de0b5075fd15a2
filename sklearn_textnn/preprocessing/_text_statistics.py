"""Hand-made numeric features of raw documents: length, digits, case, punctuation."""

import re
import unicodedata

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils.validation import check_is_fitted

from ._validation import check_documents

# Scheme or "www." prefixed, or a bare domain under a common top-level domain.
_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|co\.uk|uk)\b"
)
# Phone numbers and short codes; shorter numbers (times, "2" for "to") are common in
# ordinary messages.
_LONG_NUMBER = re.compile(r"\d{5,}")

FEATURES = (
    "n_chars",
    "n_tokens",
    "digit_ratio",
    "uppercase_ratio",
    "n_punctuation",
    "has_url",
    "has_long_number",
    "has_currency",
)


def _statistics(document, token_pattern):
    """All the features of one document, in the order of ``FEATURES``."""
    n_chars = len(document)
    n_digits = n_upper = n_cased = n_punctuation = 0
    has_currency = False
    for char in document:
        category = unicodedata.category(char)
        if category == "Nd":
            n_digits += 1
        elif category == "Lu":
            n_upper += 1
            n_cased += 1
        elif category == "Ll":
            n_cased += 1
        elif category[0] == "P":
            n_punctuation += 1
        elif category == "Sc":
            has_currency = True
    return (
        n_chars,
        len(token_pattern.findall(document)),
        n_digits / n_chars if n_chars else 0.0,
        n_upper / n_cased if n_cased else 0.0,
        n_punctuation,
        _URL.search(document) is not None,
        _LONG_NUMBER.search(document) is not None,
        has_currency,
    )


class TextStatistics(TransformerMixin, BaseEstimator):
    """Hand-made numeric features of raw documents, one row per document.

    Features that a token sequence model does not see easily (how long a message is,
    how much of it is digits or capitals) or sees only as unknown tokens (each phone
    number is a different token), for
    :class:`~sklearn_textnn.classifiers.FeatureMergeClassifier` or any scikit-learn
    model. Stateless: ``fit`` only checks the parameters. Scale the output (e.g. with
    :class:`~sklearn.preprocessing.StandardScaler`) before a neural network.

    The features, by name:

    - ``n_chars``: length in characters;
    - ``n_tokens``: number of matches of ``token_pattern``;
    - ``digit_ratio``: digits / characters (0 for an empty document);
    - ``uppercase_ratio``: uppercase letters / cased letters (0 without cased
      letters; Chinese characters are not cased);
    - ``n_punctuation``: punctuation characters (Unicode category P, which covers
      Chinese punctuation);
    - ``has_url``: 1 if a URL (``http(s)://``, ``www.``, or a domain such as
      ``example.com``) appears, else 0;
    - ``has_long_number``: 1 if a run of 5 or more digits (a phone number or short
      code) appears, else 0;
    - ``has_currency``: 1 if a currency symbol (Unicode category Sc: $, £, €, ¥...)
      appears, else 0.

    Parameters
    ----------
    features : list of str, default=None
        The features to compute, in this order (names above). ``None`` computes all
        of them, in the order above.
    token_pattern : str, default=r"(?u)\\b\\w+\\b"
        Regular expression of a token, for ``n_tokens`` (the default of
        :class:`~sklearn_textnn.preprocessing.TextTokenizer`).

    Attributes
    ----------
    features_ : list of str
        The features computed, in output order.
    pattern_ : re.Pattern
        The compiled ``token_pattern``.

    See Also
    --------
    sklearn_textnn.classifiers.FeatureMergeClassifier : Reads token ids and these
        features together.
    TextTokenizer : Splits documents into tokens.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import TextStatistics
    >>> stats = TextStatistics(features=["n_chars", "digit_ratio", "has_currency"])
    >>> stats.fit_transform(["WIN £100 now", "see u at 4"])
    array([[12.  ,  0.25,  1.  ],
           [10.  ,  0.1 ,  0.  ]])
    >>> stats.get_feature_names_out()
    array(['n_chars', 'digit_ratio', 'has_currency'], dtype=object)
    >>> stats.set_output(transform="pandas").transform(["www.example.com"])
       n_chars  digit_ratio  has_currency
    0     15.0          0.0           0.0
    """

    _parameter_constraints = {
        "features": [list, tuple, None],
        "token_pattern": [str],
    }

    def __init__(self, *, features=None, token_pattern=r"(?u)\b\w+\b"):
        self.features = features
        self.token_pattern = token_pattern

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Check the parameters.

        Parameters
        ----------
        X : iterable of str, default=None
            Ignored (checked if given).
        y : None
            Ignored.

        Returns
        -------
        self : TextStatistics
        """
        if X is not None:
            check_documents(X)
        self.features_ = self._check_features()
        try:
            self.pattern_ = re.compile(self.token_pattern)
        except re.error as exc:
            raise ValueError(
                f"token_pattern={self.token_pattern!r} is not a valid regular "
                f"expression: {exc}"
            ) from None
        self._columns = [FEATURES.index(name) for name in self.features_]
        return self

    def _check_features(self):
        if self.features is None:
            return list(FEATURES)
        features = list(self.features)
        if not features:
            raise ValueError(
                f"features is empty; pick at least one of {list(FEATURES)} or pass "
                "None for all"
            )
        unknown = [name for name in features if name not in FEATURES]
        if unknown:
            raise ValueError(
                f"unknown feature(s) {unknown} in features; the features are "
                f"{list(FEATURES)}"
            )
        repeated = sorted({name for name in features if features.count(name) > 1})
        if repeated:
            raise ValueError(f"features lists {repeated} more than once")
        return features

    def transform(self, X):
        """Compute the features.

        Parameters
        ----------
        X : iterable of str
            Raw documents (a list, 1-D array, Series or one-column DataFrame).

        Returns
        -------
        features : ndarray of shape (n_samples, ``len(features_)``), dtype float64
        """
        check_is_fitted(self)
        documents = check_documents(X)
        if not documents:
            return np.zeros((0, len(self.features_)))
        table = np.array(
            [_statistics(doc, self.pattern_) for doc in documents], dtype=np.float64
        )
        return table[:, self._columns]

    def get_feature_names_out(self, input_features=None):
        """The names of the features, in output order.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Ignored: the features do not depend on the input column's name.

        Returns
        -------
        feature_names_out : ndarray of str objects
        """
        check_is_fitted(self)
        return np.asarray(self.features_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.input_tags.one_d_array = True
        tags.requires_fit = True
        return tags
