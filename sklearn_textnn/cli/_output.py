"""What the command prints: text tables sized for terminals."""

import unicodedata

import numpy as np


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
