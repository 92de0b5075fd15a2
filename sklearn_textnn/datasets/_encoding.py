"""Decoding of text files whose encoding is not known in advance."""

import codecs

# UTF-32-LE's byte order mark begins with UTF-16-LE's, so it is tested first.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB18030 is a superset of GBK and GB2312, the encodings of most Chinese corpora.
_WITHOUT_BOM = ("utf-8", "gb18030")

DETECTED_ENCODINGS = "UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, GB18030"

ENCODING_PARAMETER = """encoding : str, default=None
        Encoding of the files, any name that :func:`codecs.lookup` knows (``'utf-8'``,
        ``'gbk'``, ``'latin-1'``), used as is. ``None`` detects it from the bytes of
        each file: a byte order mark decides UTF-8, UTF-16 or UTF-32; without one,
        UTF-8 is tried first, then GB18030 (a superset of GBK and GB2312). A UTF-8
        file with a corrupt byte may still decode as GB18030 into garbled text, so
        pass the encoding when you know it."""


def decode_text(raw, encoding=None):
    """Decode ``raw`` bytes with ``encoding``, or detect it when ``encoding`` is None.

    Parameters
    ----------
    raw : bytes
        The content of a file.
    encoding : str, default=None
        A codec name, used as is; ``None`` detects the encoding (see
        ``DETECTED_ENCODINGS``).

    Returns
    -------
    text : str
        The decoded text; a byte order mark is not part of it.
    encoding : str
        The codec that decoded it.

    Raises
    ------
    UnicodeDecodeError
        If no encoding decodes ``raw``. When the encoding was detected, the error is
        the one of the codec that read furthest into ``raw``: its ``encoding`` and
        ``start`` locate the first bad byte for that codec.

    Examples
    --------
    >>> from sklearn_textnn.datasets._encoding import decode_text
    >>> decode_text("新闻".encode("gbk"))
    ('新闻', 'gb18030')
    >>> decode_text(b"\\xef\\xbb\\xbfok")
    ('ok', 'utf-8-sig')
    """
    if encoding is not None:
        return raw.decode(encoding), encoding
    for mark, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            # A byte order mark is decisive: decoding the rest otherwise would only
            # produce garbled text.
            return raw.decode(name), name
    errors = []
    for name in _WITHOUT_BOM:
        try:
            return raw.decode(name), name
        except UnicodeDecodeError as exc:
            errors.append(exc)
    raise max(errors, key=lambda exc: exc.start)


def line_of(raw, error):
    """Return the 1-based line number of the first bad byte of a decode ``error``."""
    before = raw[: error.start].decode(error.encoding, errors="replace")
    return before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
