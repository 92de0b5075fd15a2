"""The word-vector file formats: detection, record streaming and value parsing.

Every reader in this subpackage goes through here, so that a file is read by one set of
rules and a bad file gets the same error, naming the file and the line (text formats)
or record (binary format), whichever way it is read.

The files are read as bytes. The word of a row is decoded with the file's encoding, but
the values are parsed only for the rows a caller asks for; the other rows are checked
only for their number of values, which costs a byte count per line.
"""

import bz2
import codecs
import contextlib
import gzip
import lzma
import os
import warnings
import zlib
from dataclasses import dataclass

import numpy as np

FORMATS = ("auto", "word2vec", "word2vec_binary", "glove", "fasttext")

_HEADER_FORMATS = ("word2vec", "word2vec_binary", "fasttext")
_TEXT_FORMATS = ("word2vec", "fasttext", "glove")

# Compressed files are streamed through the matching decompressor.
_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}
# What the decompressors raise, while reading, on data that is not what the file's
# extension says, is corrupt, or is cut short (EOFError).
_DECOMPRESSION_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)

# A first line longer than this is no header and no GloVe row (that would be a
# dimension in the hundreds of thousands): the file is not a word-vector file.
_MAX_FIRST_LINE = 1 << 22
# Most bytes read at a time from a binary file, and the longest word accepted in one.
_BINARY_CHUNK = 1 << 20
_MAX_BINARY_WORD = 1 << 16
# Bytes a row of text numbers can hold; anything else after a header means binary.
_NUMBER_BYTES = frozenset(b"0123456789+-.eEnaNifINF \t\r")


@dataclass(frozen=True)
class VectorFile:
    """What the first line of a word-vector file says about it.

    Attributes
    ----------
    path : str
        The file.
    format : {'word2vec', 'word2vec_binary', 'glove', 'fasttext'}
        The format, resolved when ``'auto'`` was asked for.
    encoding : str
        The encoding of the words.
    n_words : int or None
        The number of rows announced by the header; None for GloVe (no header).
    dim : int
        The dimension of the vectors.
    """

    path: str
    format: str
    encoding: str
    n_words: int | None
    dim: int

    def error(self, where, message):
        """A ValueError that names the file and the place in it."""
        return ValueError(f"{self.path!r}, {where}: {message}")


def check_format(format):
    """Raise a ValueError unless ``format`` is one of :data:`FORMATS`."""
    if format not in FORMATS:
        raise ValueError(
            f"format={format!r} is not a word-vector format; expected one of "
            + ", ".join(repr(f) for f in FORMATS)
        )


def check_encoding(encoding):
    """Raise a ValueError unless ``encoding`` names a codec Python knows."""
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise ValueError(
            f"encoding={encoding!r} is not a known text encoding; "
            "expected a codec name such as 'utf-8' or 'gb18030'"
        ) from None


def open_bytes(path):
    """Open ``path`` for reading bytes, decompressing ``.gz``, ``.bz2`` and ``.xz``."""
    path = os.fspath(path)
    opener = _OPENERS.get(os.path.splitext(path)[1].lower(), open)
    try:
        return opener(path, "rb")
    except FileNotFoundError:
        raise FileNotFoundError(2, "no such word-vector file", path) from None


@contextlib.contextmanager
def _decompressing(path, where):
    """Turn a decompressor's error into a ValueError naming ``path`` and ``where``.

    ``where`` names the line (or record) being read: a str, or a function called
    when the error happens, for a place that moves while the block runs. Errors of
    uncompressed files, and the input/output errors of the system (those carry an
    ``errno``), pass through unchanged.
    """
    try:
        yield
    except _DECOMPRESSION_ERRORS as exc:
        extension = os.path.splitext(path)[1].lower()
        kind = _COMPRESSIONS.get(extension)
        if kind is None or (isinstance(exc, OSError) and exc.errno is not None):
            raise
        if isinstance(exc, EOFError):
            message = (
                f"the {kind} data ends before its end-of-stream marker: the file is "
                "truncated (an interrupted download or copy?); the rows before this "
                "point were read. Download or compress the file again"
            )
        else:
            message = (
                f"cannot decompress the file as {kind} ({exc}): its name ends in "
                f"{extension!r} but its content is not {kind} data, or it is "
                f"corrupt. If it is not compressed, remove {extension!r} from its "
                "name; otherwise download or compress it again"
            )
        if callable(where):
            where = where()
        raise ValueError(f"{path!r}, {where}: {message}") from None


def describe_file(path, format="auto", encoding="utf-8"):
    """Read the first line (and peek at the first record) of a word-vector file.

    Parameters
    ----------
    path : str or path-like
        The file.
    format : {'auto', 'word2vec', 'word2vec_binary', 'glove', 'fasttext'}
        The format; ``'auto'`` detects it.
    encoding : str
        The encoding of the words.

    Returns
    -------
    vector_file : VectorFile
    """
    check_format(format)
    check_encoding(encoding)
    path = os.fspath(path)
    with open_bytes(path) as f:
        with _decompressing(path, "line 1"):
            first = f.readline(_MAX_FIRST_LINE)
        if len(first) == _MAX_FIRST_LINE and not first.endswith(b"\n"):
            raise ValueError(
                f"{path!r}, line 1: longer than {_MAX_FIRST_LINE} bytes; this is "
                "not a word-vector file"
            )
        first = _drop_bom(first, encoding)
        if not first.strip():
            raise ValueError(
                f"{path!r}, line 1: the file is empty; expected word vectors"
                if not first
                else f"{path!r}, line 1: the line is empty; expected a header "
                "'n_words dim' or a first row 'word value value ...'"
            )
        header = _parse_header(first)
        if format == "glove" or (format == "auto" and header is None):
            if header is not None:
                raise ValueError(
                    f"{path!r}, line 1: {first.strip().decode('ascii')!r} is a "
                    "word2vec header 'n_words dim', not a GloVe row; pass "
                    "format='word2vec' (or 'auto')"
                )
            dim = len(first.split()) - 1
            if dim < 1:
                raise ValueError(
                    f"{path!r}, line 1: a word without values; a GloVe row is "
                    "'word value value ...'"
                )
            return VectorFile(path, "glove", encoding, None, dim)
        if header is None:
            raise ValueError(
                f"{path!r}, line 1: {first[:60]!r} is not a header 'n_words dim'; "
                f"format={format!r} files start with one. For a file without a "
                "header (GloVe) pass format='glove' (or 'auto')"
            )
        n_words, dim = header
        if n_words < 0 or dim < 1:
            raise ValueError(
                f"{path!r}, line 1: the header says {n_words} words of dimension "
                f"{dim}; expected a word count >= 0 and a dimension >= 1"
            )
        # The first record's bytes up to its first newline tell text from binary;
        # reading no further lets a cut-short compressed file fail where it ends.
        line_no = 2
        with _decompressing(path, lambda: f"line {line_no}"):
            peek = f.readline(min(4 * dim + 4096, _MAX_FIRST_LINE))
            while peek == b"\n":
                line_no += 1
                peek = f.readline(min(4 * dim + 4096, _MAX_FIRST_LINE))
        layout = _sniff_record(peek)
    if format == "auto":
        format = "word2vec_binary" if layout == "binary" else "word2vec"
    elif format == "word2vec_binary" and layout == "text":
        raise ValueError(
            f"{path!r}, line 2: the first row is text, not binary; pass "
            "format='word2vec' (or 'auto')"
        )
    elif format != "word2vec_binary" and layout == "binary":
        raise ValueError(
            f"{path!r}, line 2: the first row after the header is binary, not "
            "text; pass format='word2vec_binary' (or 'auto')"
        )
    return VectorFile(path, format, encoding, n_words, dim)


def _drop_bom(line, encoding):
    if line.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name in {
        "utf-8",
        "utf-8-sig",
    }:
        return line[len(codecs.BOM_UTF8) :]
    return line


def _parse_header(line):
    """``(n_words, dim)`` if ``line`` is a word2vec header, else None."""
    parts = line.split()
    if len(parts) != 2 or not all(p.lstrip(b"+-").isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


def _sniff_record(peek):
    """'text' or 'binary': how the first record after a header is written.

    In text, the bytes between the word and the end of the line are numbers and
    spaces. Raw float32 bytes (binary) almost never are: 0.0 alone is four NUL bytes.
    """
    peek = peek.lstrip(b"\n")
    space = peek.find(b" ")
    if not peek or space < 0:
        return "text"
    values = peek[space + 1 :].split(b"\n", 1)[0]
    return "text" if values and _NUMBER_BYTES.issuperset(values) else "binary"


def iter_records(vector_file):
    """Yield ``(where, word, raw)`` for every row of the file, in file order.

    ``where`` names the row in error messages (``'line 7'``, ``'record 3 (byte
    120)'``), ``raw`` holds its values unparsed: pass it to :func:`parse_values`.
    Checks as it goes that every row has ``dim`` values (text), that the file holds
    as many rows as its header says, and that every word decodes.
    """
    with open_bytes(vector_file.path) as f:
        if vector_file.format == "word2vec_binary":
            yield from _binary_records(f, vector_file)
        else:
            yield from _text_records(f, vector_file)


def _text_records(f, vf):
    dim, n_words, encoding = vf.dim, vf.n_words, vf.encoding
    has_header = n_words is not None
    line_no = 0
    n_rows = 0
    # The line being read when decompression fails is the one after the last read.
    with _decompressing(vf.path, lambda: f"line {line_no + 1}"):
        if has_header:
            f.readline()
            line_no = 1
        for line in f:
            line_no += 1
            if line_no == 1:
                line = _drop_bom(line, encoding)
            stripped = line.rstrip()
            if not stripped:
                continue
            n_rows += 1
            if has_header and n_rows > n_words:
                raise vf.error(
                    f"line {line_no}",
                    f"the header on line 1 announces {n_words} words, but the file has "
                    "more rows; the header's word count is wrong",
                )
            # The common row, 'word v1 ... vdim' with single spaces, costs one count;
            # anything else (tabs, a GloVe word with spaces, a bad row) is split.
            if stripped.count(b" ") == dim:
                cut = stripped.find(b" ")
                word, raw = stripped[:cut], stripped[cut + 1 :]
            else:
                word, raw = _split_row(vf, stripped, line_no, n_rows == 1, line)
            try:
                word = word.decode(encoding)
            except UnicodeDecodeError as exc:
                raise vf.error(
                    f"line {line_no}",
                    f"the word is not valid {encoding} (byte {word[exc.start]:#04x} at "
                    f"position {exc.start}: {exc.reason}); pass the file's encoding, "
                    "for example encoding='gb18030' or encoding='latin-1'"
                    + (_BINARY_HINT if has_header and n_rows == 1 else ""),
                ) from None
            yield f"line {line_no}", word, raw
    if has_header and n_rows < n_words:
        raise vf.error(
            f"line {line_no}",
            f"the file ends after {n_rows} rows, but the header on line 1 announces "
            f"{n_words}: the file is truncated",
        )


_BINARY_HINT = " (or, if the file is word2vec binary, format='word2vec_binary')"


def _split_row(vf, stripped, line_no, first_row, line):
    """Word and values of a row that is not ``word`` + ``dim`` single-spaced values."""
    dim = vf.dim
    if vf.n_words is None:
        # GloVe: the word is everything before the last ``dim`` fields, so that the
        # few words with spaces in them (GloVe 840B has some) are read whole.
        parts = stripped.rsplit(None, dim)
        n_values = len(parts) - 1
        if n_values == dim:
            return parts[0].strip(), stripped[len(parts[0]) :]
    else:
        parts = stripped.split(None, 1)
        n_values = len(parts[1].split()) if len(parts) == 2 else 0
        if n_values == dim:
            return parts[0], parts[1]
    if first_row and vf.n_words is not None:
        message = (
            f"{n_values} values, but the header on line 1 gives the dimension as "
            f"{dim}: the header's dimension is wrong for this file"
        )
    elif vf.n_words is None:
        message = f"{n_values} values; expected {dim} (the number of values on line 1)"
    else:
        message = f"{n_values} values; expected {dim}"
    if not line.endswith(b"\n"):
        message += ". The last line is cut short: the file is truncated"
    raise vf.error(f"line {line_no}", message)


def _binary_records(f, vf):
    dim, n_words, encoding = vf.dim, vf.n_words, vf.encoding
    size = 4 * dim
    offset = len(f.readline())
    buf = b""
    pos = 0
    for index in range(1, n_words + 1):
        while True:
            # A newline may end the previous record; the original word2vec tool
            # writes one, others do not.
            while pos < len(buf) and buf[pos] == 0x0A:
                pos += 1
            space = buf.find(b" ", pos)
            if space >= 0 and len(buf) - space - 1 >= size:
                break
            if space < 0 and len(buf) - pos > _MAX_BINARY_WORD:
                raise vf.error(
                    f"record {index} (byte {offset + pos})",
                    f"no space after the word within {_MAX_BINARY_WORD} bytes: this "
                    f"is not word2vec binary, or the header's dimension ({dim}) is "
                    "wrong",
                )
            with _decompressing(vf.path, f"record {index} (byte {offset + pos})"):
                # read1: at most one block of a compressed file, so that an error
                # of the decompressor is reported near the record it cut.
                chunk = f.read1(_BINARY_CHUNK)
            if not chunk:
                raise vf.error(
                    f"record {index} (byte {offset + pos})",
                    f"the file ends inside record {index} of the {n_words} the header "
                    "announces: the file is truncated",
                )
            offset += pos
            buf = buf[pos:] + chunk
            pos = 0
        where = f"record {index} (byte {offset + pos})"
        word = buf[pos:space]
        try:
            word = word.decode(encoding)
        except UnicodeDecodeError as exc:
            raise vf.error(
                where,
                f"the word {word[:40]!r} is not valid {encoding} ({exc.reason}); "
                "pass the file's encoding, for example encoding='gb18030'"
                + (
                    f". If the encoding is right, the header's dimension ({dim}) is "
                    "wrong"
                    if index > 1
                    else ""
                ),
            ) from None
        raw = buf[space + 1 : space + 1 + size]
        pos = space + 1 + size
        yield where, word, raw
    rest = buf[pos:].strip()
    if not rest:
        with _decompressing(vf.path, f"byte {offset + pos}"):
            rest = f.read(_BINARY_CHUNK).strip()
    if rest:
        raise vf.error(
            f"byte {offset + pos}",
            f"data follows the {n_words} records the header announces: the header's "
            "word count or dimension is wrong",
        )


def parse_values(vf, where, word, raw):
    """The ``float32`` vector of one row from :func:`iter_records`."""
    if vf.format == "word2vec_binary":
        values = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    else:
        fields = raw.split()
        if len(fields) != vf.dim:
            raise vf.error(where, f"{len(fields)} values; expected {vf.dim}")
        try:
            values = np.array(fields, dtype=np.float64)
        except ValueError:
            for k, field in enumerate(fields, 1):
                try:
                    float(field)
                except ValueError:
                    raise vf.error(
                        where,
                        f"value {k} of {word!r}, {field.decode('latin-1')!r}, is not "
                        "a number",
                    ) from None
            raise
        values = values.astype(np.float32)
    _check_finite(vf, where, word, values)
    return values


def parse_many(vf, records):
    """The ``(len(records), dim)`` float32 vectors of a batch of records.

    Parses the whole batch in one call; only when that fails are the rows parsed one
    by one, to name the bad one.
    """
    if not records:
        return np.empty((0, vf.dim), dtype=np.float32)
    raws = [raw for _, _, raw in records]
    try:
        if vf.format == "word2vec_binary":
            values = np.frombuffer(b"".join(raws), dtype="<f4").astype(np.float32)
        else:
            with warnings.catch_warnings():
                # Older numpy warns, instead of raising, on text it cannot parse.
                warnings.simplefilter("error", DeprecationWarning)
                values = np.fromstring(b" ".join(raws), dtype=np.float64, sep=" ")
            values = values.astype(np.float32)
        if values.size != len(records) * vf.dim or not np.isfinite(values).all():
            raise ValueError
    except (ValueError, DeprecationWarning):
        return np.stack([parse_values(vf, *record) for record in records])
    return values.reshape(len(records), vf.dim)


def _check_finite(vf, where, word, values):
    if not np.isfinite(values).all():
        k = int(np.flatnonzero(~np.isfinite(values))[0])
        raise vf.error(
            where,
            f"value {k + 1} of {word!r} is {values[k]}; word vectors must be finite "
            "float32 numbers",
        )
