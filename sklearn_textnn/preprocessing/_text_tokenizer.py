"""Word tokens by regular expression, or single characters."""

import re

from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import InvalidParameterError, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._base import RaggedOutputMixin
from ._id_sequences import TokenLists, row_index_of
from ._validation import check_documents


class TextTokenizer(
    RaggedOutputMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Split documents into word tokens or into characters.

    Word level suits space-delimited languages such as English; character level suits
    Chinese (where many strong models read characters, not words) and noisy text.

    Parameters
    ----------
    level : {'word', 'char'}, default='word'
        ``'word'`` keeps every match of ``token_pattern``; ``'char'`` keeps every
        character.
    token_pattern : str, default=r"(?u)\\b\\w+\\b"
        Regular expression of a word token, used at word level. If it has a capturing
        group, the group is the token. The default keeps one-letter words and numbers
        ("u", "2"), which carry meaning in short texts.
    lowercase : bool, default=True
        Lowercase the text before tokenizing.
    drop_whitespace : bool, default=True
        At character level, drop whitespace characters.

    Attributes
    ----------
    pattern_ : re.Pattern
        The compiled ``token_pattern``.

    See Also
    --------
    JiebaSegmenter : Word segmentation of Chinese text.
    Vocabulary : Maps the tokens to integer ids.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import TextTokenizer
    >>> TextTokenizer().fit_transform(["Free entry: call 08452 now!"])
    [['free', 'entry', 'call', '08452', 'now']]
    >>> TextTokenizer(level="char").fit_transform(["今天 天气"])
    [['今', '天', '天', '气']]
    """

    _parameter_constraints = {
        "level": [StrOptions({"word", "char"})],
        "token_pattern": [str],
        "lowercase": ["boolean"],
        "drop_whitespace": ["boolean"],
    }

    def __init__(
        self,
        *,
        level="word",
        token_pattern=r"(?u)\b\w+\b",
        lowercase=True,
        drop_whitespace=True,
    ):
        self.level = level
        self.token_pattern = token_pattern
        self.lowercase = lowercase
        self.drop_whitespace = drop_whitespace

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Compile the token pattern.

        Parameters
        ----------
        X : iterable of str, default=None
            Ignored (checked if given).
        y : None
            Ignored.

        Returns
        -------
        self : TextTokenizer
        """
        if X is not None:
            check_documents(X)
        try:
            pattern = re.compile(self.token_pattern)
        except re.error as exc:
            raise InvalidParameterError(
                f"token_pattern={self.token_pattern!r} is not a valid regular "
                f"expression: {exc}"
            ) from None
        if pattern.groups > 1:
            raise InvalidParameterError(
                f"token_pattern={self.token_pattern!r} has {pattern.groups} capturing "
                "groups; use at most one (make the others non-capturing: (?:...))"
            )
        self.pattern_ = pattern
        return self

    def transform(self, X):
        """Tokenize documents.

        Parameters
        ----------
        X : iterable of str
            Raw documents.

        Returns
        -------
        tokens : TokenLists (a list) of list of str
            The tokens of each document; carries the row labels of a pandas input.
        """
        check_is_fitted(self)
        documents = check_documents(X)
        if self.lowercase:
            documents = [doc.lower() for doc in documents]
        if self.level == "char" and self.drop_whitespace:
            tokens = [[c for c in doc if not c.isspace()] for doc in documents]
        elif self.level == "char":
            tokens = [list(doc) for doc in documents]
        else:
            findall = self.pattern_.findall
            tokens = [findall(doc) for doc in documents]
        return TokenLists(tokens, row_index=row_index_of(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.input_tags.one_d_array = True
        return tags
