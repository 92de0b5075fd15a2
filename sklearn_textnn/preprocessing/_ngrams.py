"""Token n-grams, interleaved by position for sequence models."""

from itertools import pairwise
from numbers import Integral

from sklearn.utils._param_validation import InvalidParameterError


def check_ngram_range(ngram_range):
    """Validate ``ngram_range``; return ``(min_n, max_n)`` as ints."""
    if (
        not isinstance(ngram_range, (tuple, list))
        or len(ngram_range) != 2
        or not all(
            isinstance(n, Integral) and not isinstance(n, bool) for n in ngram_range
        )
        or not 1 <= ngram_range[0] <= ngram_range[1]
    ):
        raise InvalidParameterError(
            f"ngram_range={ngram_range!r} is not a pair (min_n, max_n) of integers "
            "with 1 <= min_n <= max_n"
        )
    return int(ngram_range[0]), int(ngram_range[1])


def ngram_token_lists(token_lists, ngram_range, separator):
    """Validate ``ngram_range`` and replace each token list by its n-grams.

    Parameters
    ----------
    token_lists : list of list of str
    ngram_range : tuple (min_n, max_n)
    separator : str
        Joins the tokens of an n-gram.

    Returns
    -------
    token_lists : list of list of str
        ``token_lists`` itself when ``max_n`` is 1.
    """
    min_n, max_n = check_ngram_range(ngram_range)
    if max_n == 1:
        return token_lists
    return [interleave_ngrams(t, min_n, max_n, separator) for t in token_lists]


def interleave_ngrams(tokens, min_n, max_n, separator):
    """The n-grams of ``tokens``, ``min_n <= n <= max_n``, ordered by start position.

    At each position come the n-grams that start there, shortest first, so the
    sequence keeps the order of the text: ``a b c`` with ``(1, 2)`` gives ``a, a_b,
    b, b_c, c``. Truncating it keeps every n-gram of the beginning of the text, and a
    convolution over it sees neighbouring n-grams together.

    Parameters
    ----------
    tokens : list of str
    min_n, max_n : int
    separator : str
        Joins the tokens of an n-gram.

    Returns
    -------
    ngrams : list of str
    """
    if max_n == 1:
        return tokens
    if min_n == 1 and max_n == 2 and tokens:
        out = [None] * (2 * len(tokens) - 1)
        out[::2] = tokens
        out[1::2] = [a + separator + b for a, b in pairwise(tokens)]
        return out
    n_tokens = len(tokens)
    return [
        separator.join(tokens[start : start + n])
        for start in range(n_tokens)
        for n in range(min_n, min(max_n, n_tokens - start) + 1)
    ]
