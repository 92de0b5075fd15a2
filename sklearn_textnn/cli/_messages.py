"""How the command speaks to its user: its name, fixable errors and warnings."""

import sys

PROG = "sklearn-textnn"
TRUSTED_ONLY = (
    "Model files are written without pickles (.tnn) and load without running code. "
    "A joblib file (.joblib, .pkl, .pickle) is a pickle: loading one runs code "
    "stored in it, so load those only from sources you trust."
)


class CommandError(Exception):
    """A mistake of the user, reported in one line with exit status 2."""


def warn(message, *, kind="warning"):
    """Print ``message`` on stderr, where it never mixes with the results on stdout.

    Parameters
    ----------
    message : str
        One line.
    kind : {'warning', 'note'}, default='warning'
        ``'note'`` for a choice the command made that the user may want to undo.
    """
    print(f"{PROG}: {kind}: {message}", file=sys.stderr, flush=True)


def numbered(numbers, *, limit=10):
    """``numbers`` as a short list: ``'2, 5 and 9'``, at most ``limit`` of them.

    Examples
    --------
    >>> numbered([3])
    '3'
    >>> numbered([2, 5, 9])
    '2, 5 and 9'
    >>> numbered(range(1, 15), limit=3)
    '1, 2, 3 and 11 more'
    """
    numbers = [str(n) for n in numbers]
    if len(numbers) > limit:
        return f"{', '.join(numbers[:limit])} and {len(numbers) - limit} more"
    if len(numbers) == 1:
        return numbers[0]
    return f"{', '.join(numbers[:-1])} and {numbers[-1]}"
