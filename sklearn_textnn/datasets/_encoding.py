"""Decoding of text files whose encoding is not known in advance."""

import codecs
import re
import warnings
from typing import NamedTuple

# UTF-32-LE's byte order mark begins with UTF-16-LE's, so it is tested first.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-16 without a byte order mark writes an ASCII character as its byte and a NUL
# (the NUL second in little-endian, first in big-endian). Such a file is taken for
# UTF-16 when at least this share of its 2-byte units has a NUL on one side...
_UTF16_MIN_NUL_UNITS = 1 / 8
# ... the other side holds at most this many NULs per NUL on the first side (a CJK
# character such as U+4E00 puts one there)...
_UTF16_MAX_OTHER_NULS = 1 / 10
# ... and the decoded text holds none of these control characters (binary data read
# as UTF-16 is full of them; text has only white space).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

DETECTED_ENCODINGS = (
    "UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, UTF-16 without BOM, "
    "GB18030"
)

ENCODING_PARAMETER = """encoding : str, default=None
        Encoding of the files, any name that :func:`codecs.lookup` knows (``'utf-8'``,
        ``'gbk'``, ``'latin-1'``), used as is. ``None`` detects it from the bytes of
        each file:

        - a byte order mark decides UTF-8, UTF-16 or UTF-32;
        - a file with NUL bytes is UTF-16 when its length is even, at least one in
          eight of its 2-byte units has a NUL on the same side (the high byte of
          ASCII characters), the other side has few NULs, and it decodes to text
          without control characters; any other file with NUL bytes is binary and
          cannot be decoded;
        - the rest is tried as UTF-8, then GB18030 (a superset of GBK and GB2312,
          the encodings of most Chinese corpora). A file that is valid UTF-8 but
          for an incomplete character at its very end (a file cut short) is
          decoded as UTF-8 without that character, with a warning. A UTF-8 file
          with a corrupt byte elsewhere may still decode as GB18030 into garbled
          text, so pass the encoding when you know it.

        Whatever the encoding, a file that decodes to a NUL character is refused as
        binary."""


class DecodedText(NamedTuple):
    """What :func:`decode_bytes` found in a file's bytes.

    Attributes
    ----------
    text : str
        The decoded text, without byte order mark or incomplete final character.
    encoding : str
        The codec that decoded it.
    cut_at : int or None
        The byte offset where the incomplete UTF-8 character dropped from the end
        starts; None when nothing was dropped.
    """

    text: str
    encoding: str
    cut_at: int | None = None


def decode_bytes(raw, encoding=None):
    """Decode ``raw`` bytes with ``encoding``, or detect it when ``encoding`` is None.

    The rules are those of ``ENCODING_PARAMETER``. Unlike :func:`decode_text`, an
    incomplete final UTF-8 character does not warn: ``cut_at`` tells the caller,
    which knows the file's name.

    Parameters
    ----------
    raw : bytes
        The content of a file.
    encoding : str, default=None
        A codec name, used as is; ``None`` detects the encoding.

    Returns
    -------
    decoded : DecodedText
        The text, the codec that decoded it and where a cut-short tail was dropped.

    Raises
    ------
    UnicodeDecodeError
        If ``raw`` cannot be decoded: its ``start`` is the first bad byte, for the
        given encoding, or for UTF-8 when the encoding was detected (that is the
        byte to look at even when GB18030 read further), or the first NUL byte of a
        binary file; its ``reason`` says what is wrong.

    Examples
    --------
    >>> from sklearn_textnn.datasets._encoding import decode_bytes
    >>> decode_bytes("北京".encode("utf-8")[:-1])
    DecodedText(text='北', encoding='utf-8', cut_at=3)
    >>> decode_bytes("ok".encode("utf-16-le"))
    DecodedText(text='ok', encoding='utf-16-le', cut_at=None)
    """
    if encoding is not None:
        return DecodedText(_refuse_nul(raw, raw.decode(encoding), encoding), encoding)
    for mark, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            # A byte order mark is decisive: decoding the rest otherwise would only
            # produce garbled text.
            return DecodedText(_refuse_nul(raw, raw.decode(name), name), name)
    if b"\0" in raw:
        name = _utf16_without_bom(raw)
        if name is None:
            start = raw.index(b"\0")
            raise UnicodeDecodeError(
                "utf-8",
                raw,
                start,
                start + 1,
                "NUL byte: binary data, not text (if it is text in UTF-16 or "
                "UTF-32 without byte order mark, pass its encoding, e.g. "
                "encoding='utf-16-le')",
            )
        return DecodedText(_refuse_nul(raw, raw.decode(name), name), name)
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.end == len(raw) and utf8_error.reason == "unexpected end of data":
        # Valid UTF-8 up to a character whose last bytes are missing: the file was
        # cut short. GB18030 would decode it whole, but into garbled text.
        cut_at = utf8_error.start
        return DecodedText(raw[:cut_at].decode("utf-8"), "utf-8", cut_at)
    try:
        return DecodedText(raw.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        raise utf8_error from None


def decode_text(raw, encoding=None, *, source="the text"):
    """Decode ``raw`` bytes with ``encoding``, or detect it when ``encoding`` is None.

    Parameters
    ----------
    raw : bytes
        The content of a file.
    encoding : str, default=None
        A codec name, used as is; ``None`` detects the encoding (see
        ``ENCODING_PARAMETER``).
    source : str, default="the text"
        What ``raw`` is, for the warning: the file's name.

    Returns
    -------
    text : str
        The decoded text; a byte order mark is not part of it.
    encoding : str
        The codec that decoded it.

    Raises
    ------
    UnicodeDecodeError
        If ``raw`` cannot be decoded (see :func:`decode_bytes`).

    Warns
    -----
    UserWarning
        If the last character of UTF-8 text is incomplete and was dropped.

    Examples
    --------
    >>> from sklearn_textnn.datasets._encoding import decode_text
    >>> decode_text("新闻".encode("gbk"))
    ('新闻', 'gb18030')
    >>> decode_text(b"\\xef\\xbb\\xbfok")
    ('ok', 'utf-8-sig')
    """
    decoded = decode_bytes(raw, encoding)
    if decoded.cut_at is not None:
        warnings.warn(
            f"{source} ends inside a UTF-8 character "
            f"({cut_short_place(raw, decoded.cut_at)}): it looks cut short; "
            "its incomplete last character was dropped",
            UserWarning,
            stacklevel=3,
        )
    return decoded.text, decoded.encoding


def cut_short_place(raw, cut_at):
    """Where in ``raw`` the incomplete last character that starts at ``cut_at`` was."""
    line = line_of(raw, cut_at)
    return f"line {line}, bytes {cut_at} to {len(raw) - 1} of {len(raw)}"


def line_of(raw, error):
    """The 1-based line of a byte offset, or of the first bad byte of a decode error.

    ``error`` is a :class:`UnicodeDecodeError` or a byte offset into UTF-8 ``raw``.
    """
    if isinstance(error, UnicodeDecodeError):
        start, encoding = error.start, error.encoding
    else:
        start, encoding = error, "utf-8"
    before = raw[:start].decode(encoding, errors="replace")
    return before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def _utf16_without_bom(raw):
    """``'utf-16-le'`` or ``'utf-16-be'`` if ``raw`` looks like it, else None."""
    if len(raw) % 2:
        return None
    n_units = len(raw) // 2
    first, second = raw[0::2].count(0), raw[1::2].count(0)
    for name, high, low in (
        ("utf-16-le", second, first),
        ("utf-16-be", first, second),
    ):
        if high < _UTF16_MIN_NUL_UNITS * n_units or low > _UTF16_MAX_OTHER_NULS * high:
            continue
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            return None
        return None if _CONTROL.search(text) else name
    return None


def _refuse_nul(raw, text, encoding):
    """Return ``text``, unless it holds a NUL character: then raise."""
    index = text.find("\0")
    if index < 0:
        return text
    # The byte offset of the character: the length of the text before it, encoded.
    start = len(text[:index].encode(encoding, errors="replace"))
    if codecs.lookup(encoding).name == "utf-8-sig" and not raw.startswith(
        codecs.BOM_UTF8
    ):
        # This codec writes a byte order mark that it does not require when reading.
        start -= len(codecs.BOM_UTF8)
    hint = ""
    guess = _utf16_without_bom(raw)
    if guess is not None and guess != encoding:
        hint = f"; it looks like {guess.upper()}: pass encoding={guess!r}"
    raise UnicodeDecodeError(
        encoding,
        raw,
        start,
        start + 1,
        f"NUL character: binary data, not {encoding} text{hint}",
    )
