"""Loader of documents and their labels from one delimited text file."""

import csv
import io
import itertools
import re
from numbers import Integral
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch

from .._docstrings import fill_doc
from ._encoding import DETECTED_ENCODINGS, ENCODING_PARAMETER, decode_text, line_of

_FORMAT_OF_SUFFIX = {".tsv": "tsv", ".txt": "tsv", ".csv": "csv"}
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _resolve_format(path, format):
    if format == "auto":
        format = _FORMAT_OF_SUFFIX.get(path.suffix.lower())
        if format is None:
            raise ValueError(
                f"cannot tell the format of {path} from its extension; "
                "pass format='tsv' or format='csv'"
            )
    elif format not in ("tsv", "csv"):
        raise ValueError(f"format must be 'auto', 'tsv' or 'csv', got {format!r}")
    return format


def _check_column(value, parameter, header):
    if isinstance(value, str):
        if not header:
            raise ValueError(
                f"{parameter}={value!r} names a column, but the file is read without "
                "a header line; pass the column's index or header=True"
            )
    elif not isinstance(value, Integral) or isinstance(value, bool) or value < 0:
        raise ValueError(
            f"{parameter} must be a column index (int >= 0) or a column name (str), "
            f"got {value!r}"
        )


def _column_index(value, parameter, names, path):
    if isinstance(value, str):
        if value not in names:
            raise ValueError(
                f"{parameter}={value!r}: {path} has no such column; "
                f"its columns are {names}"
            )
        return names.index(value)
    if value >= len(names):
        raise ValueError(
            f"{parameter}={value} is out of range: the rows of {path} have "
            f"{len(names)} fields"
        )
    return int(value)


def _numbered_rows(reader, path, format):
    """Yield ``(line number, row)`` for the non-blank rows of a csv reader."""
    line = 0
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValueError(
                f"{path}, line {start}: malformed {format.upper()} row ({exc}); "
                "check the quotes on this line"
            ) from None
        # A quoted field can span several lines: a row starts after the last one.
        line = reader.line_num
        if row:
            yield start, row


def _sorted_labels(labels):
    if all(_INTEGER.fullmatch(label) for label in labels):
        return sorted(labels, key=lambda label: (int(label), label))
    return sorted(labels)


@fill_doc(encoding=ENCODING_PARAMETER)
def load_text_file(
    path,
    *,
    format="auto",
    text_column=0,
    label_column=1,
    header=None,
    delimiter=None,
    encoding=None,
    return_X_y=False,
):
    """Load documents and their labels from one TSV or CSV file.

    Two formats, one document a row:

    - ``'tsv'``: fields separated by tabs, no quoting, no header line, like the
      THUCNews files (``headline<TAB>label``). Quotes are part of the text.
    - ``'csv'``: fields separated by commas, quoted as spreadsheets and
      :meth:`pandas.DataFrame.to_csv` write them (a field in ``"..."`` may hold
      commas, line breaks and doubled ``""`` quotes), a header line first.

    Every row must have as many fields as the header (or the first row, without
    header). Blank lines are skipped. Labels are stripped of surrounding spaces;
    texts are kept as they are.

    Parameters
    ----------
    path : str or path-like
        The file.
    format : {'auto', 'tsv', 'csv'}, default='auto'
        ``'auto'`` picks from the extension: ``.csv`` is CSV, ``.tsv`` and ``.txt``
        are TSV.
    text_column : int or str, default=0
        The column of the texts: its index (from 0), or its name in the header.
    label_column : int or str, default=1
        The column of the labels: its index, or its name in the header.
    header : bool, default=None
        Whether the first line holds the column names. ``None`` means True for
        CSV, False for TSV.
    delimiter : str, default=None
        The field separator, one character. ``None`` means a tab for TSV, a comma
        for CSV.
    {encoding}
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (list of str, the texts), ``target`` (ndarray of int, index into
        ``target_names``), ``target_names`` (list of str, the distinct labels
        sorted; by value when they are all integers, so that the labels ``0`` to
        ``n - 1`` keep their numbers as targets), ``DESCR`` (str).
    (data, target) : tuple
        If ``return_X_y`` is True.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    IsADirectoryError
        If ``path`` is a folder (load it with :func:`load_text_folders`).
    ValueError
        With the file name and the line number, for a row with the wrong number of
        fields, an empty text or label, malformed quoting, or bytes that cannot be
        decoded (for detected encodings, the first byte that is not valid UTF-8; a
        NUL byte, for a binary file); with the column names, for a column name that
        is not in the header.

    Warns
    -----
    UserWarning
        If the file ends inside a UTF-8 character (cut short): that incomplete
        last character is dropped.

    See Also
    --------
    load_text_folders : Load documents stored as one folder per class.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sklearn_textnn.datasets import load_text_file
    >>> tmp = tempfile.TemporaryDirectory()
    >>> headlines = Path(tmp.name, "train.txt")
    >>> _ = headlines.write_text("央行降准\\t0\\n主队获胜\\t7\\n", encoding="utf-8")
    >>> news = load_text_file(headlines)
    >>> news.data, news.target, news.target_names
    (['央行降准', '主队获胜'], array([0, 1]), ['0', '7'])
    >>> reviews = Path(tmp.name, "reviews.csv")
    >>> _ = reviews.write_text(
    ...     'id,review,stars\\n1,"Great, thanks",5\\n2,"Meh, ""fine"" I guess",2\\n',
    ...     encoding="utf-8",
    ... )
    >>> stars = load_text_file(reviews, text_column="review", label_column="stars")
    >>> stars.data, stars.target, stars.target_names
    (['Great, thanks', 'Meh, "fine" I guess'], array([1, 0]), ['2', '5'])
    >>> tmp.cleanup()
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder, not a TSV or CSV file; to load one sub-folder per "
            "class and one file per document, use load_text_folders"
        )
    format = _resolve_format(path, format)
    if header is None:
        header = format == "csv"
    if delimiter is None:
        delimiter = "\t" if format == "tsv" else ","
    elif not isinstance(delimiter, str) or len(delimiter) != 1:
        raise ValueError(f"delimiter must be one character, got {delimiter!r}")
    _check_column(text_column, "text_column", header)
    _check_column(label_column, "label_column", header)

    raw = path.read_bytes()
    try:
        text, used = decode_text(raw, encoding, source=str(path))
    except UnicodeDecodeError as exc:
        tried = encoding if encoding is not None else f"any of {DETECTED_ENCODINGS}"
        raise ValueError(
            f"{path}, line {line_of(raw, exc)}: cannot decode byte {exc.start} as "
            f"{tried} ({exc.reason}); pass the file's encoding, e.g. encoding='gbk'"
        ) from None

    if format == "tsv":
        dialect = {"quoting": csv.QUOTE_NONE}
    else:
        dialect = {"quoting": csv.QUOTE_MINIMAL, "strict": True}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, **dialect)
    rows = _numbered_rows(reader, path, format)
    first_line, first = next(rows, (None, None))
    if first is None:
        raise ValueError(f"{path} holds no documents")
    n_fields = len(first)
    names = first if header else list(range(n_fields))
    text_index = _column_index(text_column, "text_column", names, path)
    label_index = _column_index(label_column, "label_column", names, path)
    if text_index == label_index:
        raise ValueError(
            f"text_column={text_column!r} and label_column={label_column!r} are the "
            "same column"
        )
    if not header:
        rows = itertools.chain([(first_line, first)], rows)

    data, labels = [], []
    for line, row in rows:
        if len(row) != n_fields:
            hint = " (a tab inside the text?)" if delimiter == "\t" else ""
            raise ValueError(
                f"{path}, line {line}: expected {n_fields} fields like line "
                f"{first_line}, found {len(row)}{hint}"
            )
        document, label = row[text_index], row[label_index].strip()
        if not document.strip():
            raise ValueError(f"{path}, line {line}: empty text")
        if not label:
            raise ValueError(f"{path}, line {line}: empty label")
        data.append(document)
        labels.append(label)
    if not data:
        raise ValueError(f"{path} holds no documents")

    target_names = _sorted_labels(set(labels))
    index = {label: i for i, label in enumerate(target_names)}
    target = np.array([index[label] for label in labels], dtype=np.int64)
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        target_names=target_names,
        DESCR=(
            f"{len(data)} documents in {len(target_names)} classes read from "
            f"{format.upper()} file {path} (encoding: {used})."
        ),
    )
