"""Documents into sentences, for networks that read a document sentence by sentence."""

import re
from numbers import Integral

from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, InvalidParameterError, StrOptions

from ._base import RaggedOutputMixin
from ._id_sequences import TokenLists, row_index_of
from ._validation import check_documents

#: After these a full stop does not end an English sentence (the default of
#: ``SentenceSplitter(abbreviations=...)``).
ENGLISH_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "Sr.",
    "Jr.",
    "St.",
    "Mt.",
    "Gen.",
    "Col.",
    "Gov.",
    "Sen.",
    "Rep.",
    "Rev.",
    "vs.",
    "etc.",
    "e.g.",
    "i.e.",
    "cf.",
    "al.",
    "approx.",
    "No.",
    "Nos.",
    "Vol.",
    "Fig.",
    "Inc.",
    "Ltd.",
    "Co.",
    "Corp.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "U.S.",
    "U.K.",
)

# A run of sentence marks. The full-width ones end a sentence whatever follows; the
# others only before what can start a sentence.
_MARKS = re.compile(r"[。｡！？；!?;.．…]+")
_FULL_WIDTH_MARKS = frozenset("。｡！？；")
# ';' separates clauses in English, and only ends a sentence in Chinese text.
_ENGLISH_MARKS = frozenset("!?.．…")
_FULL_STOPS = frozenset(".．")
# Closing quotes and brackets after a mark belong to the sentence it ends.
_CLOSERS = frozenset("”’」』）》〉】〕〗］｝)]}\"'＂＇")
# Quotes that both open and close: after a mark they close only when no word
# follows them directly.
_QUOTES = frozenset("\"'＂＇")
_OPENERS = "“‘「『（《〈【〔〖［｛([{\"'＂＇"
# Where a too-long sentence is preferably cut: after a space or a pause.
_PAUSE = re.compile(r"[\s，,、：:]")
# Initials such as "J." or "U.S.", written without their last full stop; a lone
# "I" is the pronoun.
_INITIALS = re.compile(r"(?!I$)[A-Z](?:\.[A-Z])*")
# A list item's number ("1. Open the box") is not a sentence.
_LIST_NUMBER = re.compile(r"\d{1,3}")


def _is_cjk(char):
    """Whether ``char`` is Chinese, Japanese or Korean script or punctuation."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, Han
        or 0xAC00 <= code <= 0xD7AF  # Hangul
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # Han, extensions B to G
    )


def _is_ascii_alnum(char):
    return char.isascii() and char.isalnum()


class SentenceSplitter(
    RaggedOutputMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Split documents into sentences, for networks that read sentence by sentence.

    Turns each document into a list of sentences, which
    :class:`TextTokenizer`, :class:`JiebaSegmenter` and :class:`Vocabulary` keep
    as a list per document, and :class:`SentencePadder` pads into a 3-D array
    (documents x sentences x tokens) for a hierarchical network.

    The rules, for Chinese and English in the same text:

    - 。！？；｡ end a sentence wherever they stand.
    - ``! ? ; …`` and a full stop end one when a sentence can start after them:
      whitespace and then an upper-case letter, a digit, an opening quote or
      bracket, or a Chinese character; or, with no space, a Chinese character (or
      an opening quote before one), as in Chinese text. A full stop right after a
      Latin letter or a digit and before a Chinese character does not
      (``U.S.政府``).
    - A full stop does not end a sentence after an abbreviation
      (``abbreviations``), after initials (``J. K. Rowling``, ``U.S.``; a lone
      ``I`` is the pronoun), or after the number of a list item (``1. Open the
      box``); one inside a number (``3.14``) never does, as no space follows it.
    - A run of marks (``?!``, ``……``, ``...``) ends one sentence, and the closing
      quotes and brackets after it (``”」』）》"')``) stay with that sentence.
    - Line breaks end a sentence when ``split_on_newlines=True``.

    Sentences are stripped of surrounding whitespace, and those left empty are
    dropped; no other text is ever dropped: joined, the sentences of a document are
    the document without the whitespace between them. A document with no sentence
    mark is one sentence; an empty (or whitespace-only) document has no sentence:
    ``[]``.

    Stateless: ``fit`` only checks the parameters and the documents, and
    ``transform`` works without it.

    Parameters
    ----------
    language : {'auto', 'zh', 'en'}, default='auto'
        ``'auto'`` applies the Chinese and the English rules together, for Chinese,
        English and mixed text. ``'zh'`` ends a sentence after ``! ? ; …`` or a
        full stop followed by whitespace, whatever comes next (Chinese text has no
        upper case to look for). ``'en'`` ignores ``;`` and the rule of a Chinese
        character after a mark. The full-width marks end a sentence in every
        language.
    split_on_newlines : bool, default=True
        End a sentence at every line break, as in text where each line is a
        paragraph, a title or a list item. With ``False`` a line break is
        whitespace like any other.
    abbreviations : tuple, list or set of str, default=ENGLISH_ABBREVIATIONS
        Words after which a full stop does not end a sentence, each written with
        its final full stop (``"Dr."``, ``"e.g."``). Matched as written, and with
        an upper-case first letter (``"E.g."`` at the start of a sentence matches
        ``"e.g."``). The default, ``preprocessing.ENGLISH_ABBREVIATIONS``, holds
        titles (Mr. Mrs. Ms. Dr. Prof. Sr. Jr. St. Mt. Gen. Col. Gov. Sen. Rep.
        Rev.), Latin and reference abbreviations (vs. etc. e.g. i.e. cf. al.
        approx. No. Nos. Vol. Fig.), company forms (Inc. Ltd. Co. Corp.), months
        (Jan. to Dec., and Sept.), U.S. and U.K.; extend it with
        ``(*ENGLISH_ABBREVIATIONS, "Capt.")``, or pass ``()`` for none.
    max_sentence_length : int, default=None
        Cut a sentence longer than this many characters into pieces of at most
        this length, at the last space or pause (，,、：:) of the second half of
        each piece when there is one, otherwise right at the length. No text is
        dropped. Bounds the work and memory of the later steps when a text has no
        sentence marks (a 100,000-character run). ``None`` does not cut.

    See Also
    --------
    SentencePadder : Pads the ids of the sentences into a 3-D array.
    TextTokenizer : Tokenizes each sentence, keeping one list per document.
    JiebaSegmenter : Segments each sentence, keeping one list per document.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import SentenceSplitter
    >>> splitter = SentenceSplitter()
    >>> splitter.transform(["今天天气很好。我们去公园吧！“好啊。”他说", ""])
    [['今天天气很好。', '我们去公园吧！', '“好啊。”', '他说'], []]
    >>> splitter.transform(['Dr. Smith paid $3.50. "Fine," he said. Then he left.'])
    [['Dr. Smith paid $3.50.', '"Fine," he said.', 'Then he left.']]
    >>> SentenceSplitter(max_sentence_length=4).transform(["一二三四五六七八九"])
    [['一二三四', '五六七八', '九']]
    """

    _parameter_constraints = {
        "language": [StrOptions({"auto", "zh", "en"})],
        "split_on_newlines": ["boolean"],
        "abbreviations": [tuple, list, set, frozenset],
        "max_sentence_length": [Interval(Integral, 1, None, closed="left"), None],
    }

    def __init__(
        self,
        *,
        language="auto",
        split_on_newlines=True,
        abbreviations=ENGLISH_ABBREVIATIONS,
        max_sentence_length=None,
    ):
        self.language = language
        self.split_on_newlines = split_on_newlines
        self.abbreviations = abbreviations
        self.max_sentence_length = max_sentence_length

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Check the parameters and the documents; nothing is learned.

        Parameters
        ----------
        X : iterable of str, default=None
            Raw documents (checked if given).
        y : None
            Ignored.

        Returns
        -------
        self : SentenceSplitter
        """
        self._abbreviations()
        if X is not None:
            check_documents(X)
        return self

    def transform(self, X):
        """Split each document into sentences (works without ``fit``).

        Parameters
        ----------
        X : iterable of str
            Raw documents: a list, array, pandas Series or one-column DataFrame.

        Returns
        -------
        sentences : TokenLists (a list) of list of str
            The sentences of each document, in order; ``[]`` for an empty
            document. Carries the row labels of a pandas input.
        """
        # No fit is needed, so the parameters are checked here as well.
        self._validate_params()
        documents = check_documents(X)
        rules = _Rules(self)
        return TokenLists(
            [rules.split(doc) for doc in documents], row_index=row_index_of(X)
        )

    def _abbreviations(self):
        """The abbreviations, without their final full stop, checked."""
        words = set()
        for i, word in enumerate(self.abbreviations):
            if not (isinstance(word, str) and len(word) > 1 and word.endswith(".")):
                raise InvalidParameterError(
                    f"abbreviations[{i}] is {word!r}; expected a word with its final "
                    "full stop, such as 'Dr.'"
                )
            words.add(word[:-1])
            words.add(word[0].upper() + word[1:-1])
        return frozenset(words)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.input_tags.one_d_array = True
        tags.requires_fit = False
        return tags


class _Rules:
    """The splitting rules of one ``SentenceSplitter``, ready to apply."""

    def __init__(self, splitter):
        self.language = splitter.language
        self.split_on_newlines = splitter.split_on_newlines
        self.max_length = splitter.max_sentence_length
        self.abbreviations = splitter._abbreviations()
        # How far back a full stop looks for the word before it.
        self.longest = max(8, max(map(len, self.abbreviations), default=0))
        self.marks = _ENGLISH_MARKS if self.language == "en" else None

    def split(self, doc):
        """The sentences of one document."""
        sentences = []
        for text in doc.splitlines() if self.split_on_newlines else (doc,):
            start = 0
            for match in _MARKS.finditer(text):
                end = self._end_of_sentence(text, match, start)
                if end is not None:
                    self._add(text[start:end], sentences)
                    start = end
            self._add(text[start:], sentences)
        return sentences

    def _end_of_sentence(self, text, match, start):
        """Where the sentence that the marks of ``match`` may end stops, or None."""
        marks = match.group()
        end = match.end()
        n = len(text)
        while end < n and text[end] in _CLOSERS:
            if text[end] in _QUOTES and end + 1 < n and text[end + 1].isalnum():
                break  # it opens the next sentence
            end += 1
        if end == n or not _FULL_WIDTH_MARKS.isdisjoint(marks):
            return end
        if self.marks is not None and self.marks.isdisjoint(marks):
            return None
        following = text[end]
        if following.isspace():
            after = end + 1
            while after < n and text[after].isspace():
                after += 1
            if after == n:
                return end
            following = text[after]
            starts = (
                self.language == "zh"
                or following.isupper()
                or following.isdigit()
                or following in _OPENERS
                or (self.language == "auto" and _is_cjk(following))
            )
        else:
            starts = (
                self.language != "en"
                and (
                    _is_cjk(following)
                    or (
                        following in _OPENERS and end + 1 < n and _is_cjk(text[end + 1])
                    )
                )
                and not (
                    marks in _FULL_STOPS
                    and match.start() > 0
                    and _is_ascii_alnum(text[match.start() - 1])
                )
            )
        if (
            starts
            and marks in _FULL_STOPS
            and self._keeps_full_stop(text, match, start)
        ):
            return None
        return end if starts else None

    def _keeps_full_stop(self, text, match, start):
        """Whether the full stop of ``match`` ends an abbreviation, initials or a
        list item's number rather than a sentence."""
        position = match.start()
        lowest = max(start, position - self.longest)
        word_start = position
        while word_start > lowest and not text[word_start - 1].isspace():
            word_start -= 1
        if word_start == lowest > start and not text[lowest - 1].isspace():
            return False  # a word longer than any abbreviation
        word = text[word_start:position].lstrip(_OPENERS)
        if word in self.abbreviations or _INITIALS.fullmatch(word):
            return True
        return (
            _LIST_NUMBER.fullmatch(word) is not None
            and not text[start:position].strip()[: -len(word)].strip()
        )

    def _add(self, piece, sentences):
        """Add a stripped piece of text, cut to ``max_length``, unless it is empty."""
        piece = piece.strip()
        if not piece:
            return
        limit = self.max_length
        if limit is None or len(piece) <= limit:
            sentences.append(piece)
            return
        start = 0
        while len(piece) - start > limit:
            cut = start + limit
            for pause in _PAUSE.finditer(piece, start + limit // 2, cut):
                cut = pause.end()
            part = piece[start:cut].strip()
            if part:
                sentences.append(part)
            start = cut
        part = piece[start:].strip()
        if part:
            sentences.append(part)
