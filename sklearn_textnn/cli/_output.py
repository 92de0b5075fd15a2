"""What the command prints: text tables sized for terminals, colour only on one."""

import os
import re
import sys
import unicodedata
from contextlib import contextmanager, redirect_stdout

import numpy as np

# The SGR sequences ("\x1b[32m" ... "\x1b[0m") that colour terminal text.
_COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*m")


def width(text):
    """Columns that ``text`` takes in a terminal (wide CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text, columns, align="<"):
    fill = " " * max(columns - width(text), 0)
    return text + fill if align == "<" else fill + text


def shorten(text, columns):
    """``text`` on one line, cut to ``columns`` with an ellipsis when longer."""
    text = " ".join(text.split())
    if width(text) <= columns:
        return text
    out = ""
    for char in text:
        if width(out + char) > columns - 1:
            break
        out += char
    return out + "…"


def table(rows, align):
    """Lines of a text table; ``align`` is '<' or '>' per column."""
    widths = [max(width(row[j]) for row in rows) for j in range(len(align))]
    return [
        "  ".join(_pad(cell, w, a) for cell, w, a in zip(row, widths, align)).rstrip()
        for row in rows
    ]


def class_counts(labels):
    """``'a (3), b (5)'``: each class and its number of documents."""
    names, counts = np.unique(labels.astype(str), return_counts=True)
    return ", ".join(f"{name} ({count})" for name, count in zip(names, counts))


def colour_wanted(stream, environ=None):
    """Whether colour codes written to ``stream`` show as colours.

    Only on a terminal, and not when the ``NO_COLOR`` environment variable is set
    to anything but an empty string (https://no-color.org).
    """
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


class _Uncoloured:
    """A text stream that drops colour codes on their way to ``stream``."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        self._stream.write(_COLOUR_CODE.sub("", text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextmanager
def colour_only_on_terminal():
    """Within: stdout drops the colour codes of the per-epoch table (skorch's
    ``PrintLog`` marks the best values in colour) unless they would show."""
    if colour_wanted(sys.stdout):
        yield
        return
    with redirect_stdout(_Uncoloured(sys.stdout)):
        yield
