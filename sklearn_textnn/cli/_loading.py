"""The files the command reads (labelled data, texts, models) and the one it writes."""

import codecs
import csv
import io
import os
import stat
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import joblib
import numpy as np
from sklearn.pipeline import Pipeline

from .. import persistence
from ..classifiers import BaseTextClassifier
from ..datasets import load_text_file, load_text_folders
from ..datasets._encoding import decode_bytes, decode_text
from ._arguments import flag
from ._messages import PROG, CommandError, warn


class LabelledTexts(NamedTuple):
    """Documents, their labels, and where each one was read."""

    documents: list
    labels: np.ndarray
    #: Per document: its file under a DATA folder, or its line (from 1) in a DATA
    #: file; None when not asked for.
    origins: list | None
    #: What ``origins`` holds: 'file' or 'line'.
    origin: str
    #: For a DATA file, whether line 1 was read as column names; None for a folder.
    header: bool | None


def load_data(args, *, with_origins=False):
    """The labelled documents of ``args.data``, a folder or a TSV/CSV file.

    Parameters
    ----------
    args : argparse.Namespace
        ``data``, ``encoding`` and the data file options (``data_format``,
        ``text_column``, ``label_column``, ``header``).
    with_origins : bool, default=False
        Also find the line of each document in a DATA file (reads it twice).

    Returns
    -------
    data : LabelledTexts
    """
    path = Path(args.data)
    if not path.exists():
        raise CommandError(f"{path}: no such file or folder")
    if path.is_dir():
        data = load_text_folders(path, encoding=args.encoding)
        labels = np.asarray(data.target_names, dtype=object)[data.target]
        origins = [str(Path(file).relative_to(path)) for file in data.filenames]
        return LabelledTexts(data.data, labels, origins, "file", None)

    named = [
        f"{flag(option)} {getattr(args, option)}"
        for option in ("text_column", "label_column")
        if isinstance(getattr(args, option), str)
    ]
    if named and args.header is False:
        raise CommandError(
            f"{named[0]} names a column, but --no-header reads no column names; "
            "give the column's index (from 0) or leave out --no-header"
        )
    header = True if named else args.header
    data = load_text_file(
        path,
        format=args.data_format,
        text_column=args.text_column,
        label_column=args.label_column,
        header=bool(header),
        encoding=args.encoding,
    )
    documents = data.data
    labels = np.asarray(data.target_names, dtype=object)[data.target]
    format = _file_format(path, args.data_format)
    if header is None:
        header = _first_line_is_header(labels, format)
        _note_unusual_header(path, format, header, documents[0], labels[0])
        if header:
            documents, labels = documents[1:], labels[1:]
    origins = None
    if with_origins:
        lines = _document_lines(path, format, args.encoding)
        origins = lines[1:] if header else lines
        if len(origins) != len(documents):
            # Read unlike load_text_file: better no line numbers than wrong ones.
            origins = None
    return LabelledTexts(documents, labels, origins, "line", header)


def _file_format(path, data_format):
    """'tsv' or 'csv', as ``load_text_file`` chose it."""
    if data_format != "auto":
        return data_format
    return "csv" if path.suffix.lower() == ".csv" else "tsv"


def _first_line_is_header(labels, format):
    """Whether line 1 holds column names, by the rule ``--help`` states.

    The label of line 1 occurs on no other line and, for TSV (where a header is
    unusual), every other label occurs on at least two lines.
    """
    others = Counter(labels[1:].tolist())
    if not others or labels[0] in others:
        return False
    return format == "csv" or min(others.values()) >= 2


def _note_unusual_header(path, format, header, first_text, first_label):
    """Tell when line 1 was read unlike the format's custom (a header only in CSV)."""
    fields = f"({_clip(first_text)!r}, {_clip(first_label)!r})"
    if header and format == "tsv":
        warn(
            f"read line 1 of {path} {fields} as column names: its label occurs on no "
            "other line; --no-header reads it as a document",
            kind="note",
        )
    elif not header and format == "csv":
        warn(
            f"read line 1 of {path} {fields} as a document: its label occurs on "
            "other lines too; --header reads it as column names",
            kind="note",
        )


def _clip(text, width=30):
    return text if len(text) <= width else text[: width - 1] + "…"


def _document_lines(path, format, encoding):
    """The line (from 1) on which each row of a DATA file starts, as
    :func:`~sklearn_textnn.datasets.load_text_file` reads the rows: blank lines
    skipped, a quoted CSV field may span lines."""
    with warnings.catch_warnings():
        # load_text_file has already warned about this file.
        warnings.simplefilter("ignore")
        text, _ = decode_text(path.read_bytes(), encoding)
    if format == "tsv":
        dialect = {"delimiter": "\t", "quoting": csv.QUOTE_NONE}
    else:
        dialect = {"delimiter": ",", "quoting": csv.QUOTE_MINIMAL}
    reader = csv.reader(io.StringIO(text, newline=""), **dialect)
    lines, start = [], 1
    for row in reader:
        if row:
            lines.append(start)
        start = reader.line_num + 1
    return lines


# Names that ask for a pickle; any other name gets the file that loads without
# running code.
JOBLIB_SUFFIXES = (".joblib", ".pkl", ".pickle")


def save_model(pipeline, path):
    """Write the fitted pipeline: with joblib when ``path`` ends with one of
    :data:`JOBLIB_SUFFIXES`, else as a model file without pickles."""
    path = Path(path)
    try:
        if path.suffix.lower() in JOBLIB_SUFFIXES:
            joblib.dump(pipeline, path)
        else:
            persistence.save_model(pipeline, path)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def load_model(path):
    """The fitted pipeline in a model file, refused with a clear error otherwise.

    A model file without pickles (:func:`sklearn_textnn.persistence.save_model`)
    loads without running code; any other file is read with joblib, which runs
    the code a pickle holds.
    """
    path = Path(path)
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path} is a folder, not a model file")
    if persistence.is_model_file(path):
        try:
            model = persistence.load_model(path)
        except persistence.ModelFileError as exc:
            raise CommandError(str(exc)) from None
    else:
        try:
            model = joblib.load(path)
        except Exception as exc:
            raise CommandError(
                f"{path} is not a sklearn-textnn model file (neither a model file "
                f"without pickles nor one joblib can read: {type(exc).__name__})"
            ) from None
    final = model.steps[-1][1] if isinstance(model, Pipeline) else None
    if not (isinstance(final, BaseTextClassifier) and hasattr(final, "net_")):
        raise CommandError(
            f"{path} holds a {type(model).__name__}, not a sklearn-textnn model (a "
            f"fitted Pipeline ending with a sklearn-textnn classifier, as '{PROG} "
            "train' saves)"
        )
    return model


# Read whole below this size; beyond it, stream.
_WHOLE_FILE_BYTES = 1 << 20


def iter_lines(source, encoding, chunk_lines=10_000):
    """``(chunks, where)``: the lines of a file (of stdin for ``'-'``) as lists of
    up to ``chunk_lines`` lines (all in one list for ``None``), read as they are
    needed, and the file's name.

    A file up to 1 MiB is decoded whole. A longer one is streamed, its encoding
    detected (when not given) from its first MiB and then applied to the rest, so
    that memory stays bounded whatever the length of the file.
    """
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream (e.g. in tests): already decoded
            return iter([sys.stdin.read().splitlines()]), "stdin"
        where = "stdin"
    else:
        path = Path(source)
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "no such file"
            raise CommandError(f"{path}: {what}")
        stream = path.open("rb")
        where = str(path)
    head = stream.read(_WHOLE_FILE_BYTES)
    tail = stream.read(1)
    if not tail:
        if source != "-":
            stream.close()
        lines = _decode(head, encoding, where).splitlines()
        size = chunk_lines or max(1, len(lines))
        return iter([lines[i : i + size] for i in range(0, len(lines), size)]), where
    return _stream_lines(stream, head + tail, encoding, where, chunk_lines), where


def _decode(raw, encoding, where):
    try:
        return decode_text(raw, encoding)[0]
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{where}: cannot decode byte {exc.start} ({exc.reason}); pass "
            "--encoding, e.g. --encoding gbk"
        ) from None


def _stream_lines(stream, head, encoding, where, chunk_lines):
    if encoding is None:
        # Detect on the head cut after its last line break (whole characters in
        # any of the detected encodings but UTF-16/32, whose detection needs no cut).
        cut = head.rfind(b"\n") + 1 or len(head)
        try:
            encoding = decode_bytes(head[:cut], None).encoding
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{where}: cannot decode byte {exc.start} ({exc.reason}); pass "
                "--encoding, e.g. --encoding gbk"
            ) from None
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    pending = ""
    lines = []
    data = head
    try:
        while True:
            final = not data
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                raise CommandError(
                    f"{where}: cannot decode byte {offset + exc.start} as {encoding} "
                    f"({exc.reason}); pass --encoding"
                ) from None
            offset += len(data)
            if "\x00" in text:
                raise CommandError(f"{where}: binary data (a NUL character)")
            pieces = (pending + text).splitlines(keepends=True)
            pending = ""
            # The last piece may be cut: a line without its break, or a \r whose
            # \n comes with the next read.
            if (
                pieces
                and not final
                and (
                    pieces[-1].splitlines() == [pieces[-1]] or pieces[-1].endswith("\r")
                )
            ):
                pending = pieces.pop()
            lines.extend((piece.splitlines() or [""])[0] for piece in pieces)
            while chunk_lines is not None and len(lines) >= chunk_lines:
                yield lines[:chunk_lines]
                lines = lines[chunk_lines:]
            if final:
                break
            data = stream.read(_WHOLE_FILE_BYTES)
        if pending:
            lines.append((pending.splitlines() or [""])[0])
        if lines:
            yield lines
    finally:
        if stream is not getattr(sys.stdin, "buffer", None):
            stream.close()


def check_output(path):
    """Refuse an output file that cannot be written, before training rather than after.

    Writes one byte to a temporary file in the target folder (a full disk, a
    read-only folder), or to the path itself for a device: ``/dev/full`` opens fine
    and fails only on writing.
    """
    path = Path(path)
    if path.is_dir():
        raise CommandError(f"--output {path} is a folder; name a file to write")
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(f"--output {path}: folder {folder} does not exist")
    try:
        if path.exists() and stat.S_ISCHR(path.stat().st_mode):
            with open(path, "wb") as device:
                device.write(b"\0")
                device.flush()
        elif not path.exists() or path.is_file():
            if path.exists():
                # Opening to append tells whether it may be written, changing nothing.
                open(path, "ab").close()
            with tempfile.TemporaryFile(dir=folder, prefix=".sklearn-textnn-") as f:
                f.write(b"\0")
                f.flush()
                os.fsync(f.fileno())
    except OSError as exc:
        raise CommandError(
            f"cannot write --output {path}: {exc.strerror or exc} (nothing trained)"
        ) from None
