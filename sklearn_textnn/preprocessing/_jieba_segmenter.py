"""Chinese word segmentation with jieba as a picklable scikit-learn transformer."""

import importlib.util
import logging
import os
import re
import threading
import warnings
from functools import partial
from itertools import pairwise
from numbers import Integral

import jieba
import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from joblib.parallel import get_active_backend
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._cores import available_cores
from ._base import RaggedOutputMixin
from ._id_sequences import TokenLists, row_index_of
from ._ngrams import check_ngram_range, ngram_token_lists
from ._validation import check_documents_or_sentences, group_sentences

# jieba's Tokenizer holds a lock and a large prefix dictionary: it cannot be pickled and
# takes about a second to load. One initialised tokenizer per user dictionary is kept
# per process and shared by every segmenter (and every clone) in that process.
_TOKENIZERS = {}
_TOKENIZERS_LOCK = threading.Lock()

# Below this many characters in all, the input is segmented in the calling process:
# starting the worker processes (Python, this package, jieba's dictionary) costs
# more than they save. Measured on 2 idle cores (benchmarks/bench_segmentation.py,
# THUCNews headlines, 2.72 bytes of UTF-8 a character): 0.82 MB/s, about 300,000
# characters a second in process; 3.3 s to start two workers; 1.8 times the speed
# once they run. Two cold workers win past 3.3 s / (1 - 1 / 1.8) = 7.4 s of
# segmentation, 2.2 million characters; the margin covers a busier machine (two
# processes 1.6 times as fast as one: 2.6 million).
_MIN_CHARS_PARALLEL = 3_000_000

# Each process gets at least this many characters, so that on a host with many cores
# an input is not spread over more processes than it keeps busy.
_MIN_CHARS_PER_JOB = 200_000

# Each process gets several chunks, so that the tokens of the first ones travel back
# while the later ones are being segmented, and an uneven chunk leaves no process idle
# for long at the end.
_CHUNKS_PER_JOB = 4

# A worker sends its tokens back joined by this character into one string: joining,
# sending and splitting it again costs less than half of pickling the token lists.
_TOKEN_SEPARATOR = "\x00"

# jieba's HMM copies the Viterbi path at every character, so a run of characters that
# its dictionary leaves single costs quadratic time (100,000 take about a minute). Runs
# of Chinese characters longer than this are segmented in pieces of this length; text
# with punctuation hardly ever has runs this long.
_MAX_HAN_RUN = 1_000
_LONG_HAN_RUN = re.compile(f"[\u4e00-\u9fd5]{{{_MAX_HAN_RUN + 1},}}")

# rjieba segments 9 to 23 times as fast as jieba: two processes only pay off on
# inputs that many times larger.
_MIN_CHARS_PARALLEL_RJIEBA = 40_000_000

_USERDICT_LINE = re.compile(r"^(.+?)(?:\s+(\d+))?(?:\s+([a-z]+))?$", re.UNICODE)

# jieba keeps a run of letters, digits and hyphens that is not in its dictionary in
# pieces at each hyphen ("230-290" -> "230", "-", "290"); jieba-rs keeps it whole.
_HYPHEN = re.compile(r"(-)")


def rjieba_available():
    """Whether the optional compiled segmenter rjieba can be imported."""
    return importlib.util.find_spec("rjieba") is not None


def _resolve_backend(backend):
    """The backend that ``backend`` means on this machine."""
    if backend == "auto":
        return "rjieba" if rjieba_available() else "jieba"
    if backend == "rjieba" and not rjieba_available():
        raise ImportError(
            "JiebaSegmenter(backend='rjieba') needs the rjieba package, which is not "
            "installed: pip install rjieba (or sklearn-textnn[fast]), or use "
            "backend='auto', which falls back to jieba"
        )
    return backend


def _get_tokenizer(user_words, backend="jieba"):
    with _TOKENIZERS_LOCK:
        tokenizer = _TOKENIZERS.get((backend, user_words))
        if tokenizer is None:
            if backend == "rjieba":
                tokenizer = _load_rjieba(user_words)
            else:
                if ("jieba", ()) not in _TOKENIZERS:
                    _TOKENIZERS["jieba", ()] = _load_tokenizer()
                tokenizer = _TOKENIZERS["jieba", ()]
                if user_words:
                    tokenizer = _add_user_words(tokenizer, user_words)
            _TOKENIZERS[backend, user_words] = tokenizer
        return tokenizer


def _as_jieba_full(tokens):
    """rjieba's full-mode tokens as jieba gives them.

    Both list, position after position, the dictionary words that start there;
    rjieba also lists each character on its own, jieba only a character that
    starts no longer word and lies beyond the longest word of the last position
    that gave one. rjieba gives each position of a run of Chinese characters its
    character first, then the longer words: that marks where a position starts.
    jieba also keeps a run of punctuation in one token.
    """
    out = []
    group = []  # the tokens that start at the current position
    position = covered = 0  # covered: the end of the last group's longest token

    def close(group, position, covered):
        if not group:
            return covered
        first, *longer = group
        if longer and len(first) == 1 and _is_han(first):
            out.extend(longer)
            return position + max(map(len, longer))
        if len(first) > 1 or position >= covered:
            if _is_other(first) and out and _is_other(out[-1]):
                out[-1] += first
            else:
                out.extend(group)
            return position + max(map(len, group))
        return covered

    for token in tokens:
        starts_group = (
            not group
            or len(token) == 1
            or not _is_han(group[0])
            or not token.startswith(group[0])
        )
        if starts_group:
            covered = close(group, position, covered)
            position += len(group[0]) if group else 0
            group = [token]
        else:
            group.append(token)
    close(group, position, covered)
    return out


def _is_han(token):
    return "\u4e00" <= token[0] <= "\u9fd5"


# jieba's full mode keeps a run of these together ("》“"), rjieba splits it.
_OTHER = re.compile(r"[^\u4e00-\u9fd5a-zA-Z0-9+#\s]+")


def _is_other(token):
    return _OTHER.fullmatch(token) is not None


def _load_rjieba(user_words):
    """An rjieba segmenter with jieba's dictionary plus the user words."""
    import rjieba

    tokenizer = rjieba.Jieba()
    for word, freq, tag in user_words:
        tokenizer.add_word(word, freq, tag)
    return tokenizer


class _RjiebaCut:
    """rjieba's cut, its tokens split as jieba splits them: ``cut(text)`` gives
    the same tokens as jieba on 99.8 % of the THUCNews headlines."""

    def __init__(self, tokenizer, cut_mode, hmm):
        self.has_word = tokenizer.has_word
        self.full = cut_mode == "full"
        if cut_mode == "search":
            self.cut = partial(tokenizer.cut_for_search, hmm=hmm)
        elif cut_mode == "full":
            self.cut = tokenizer.cut_all
        else:
            self.cut = partial(tokenizer.cut, hmm=hmm)

    def __call__(self, text):
        tokens = self.cut(text)
        if self.full:
            tokens = _as_jieba_full(tokens)
        if "-" not in text:
            return tokens
        out = []
        for token in tokens:
            if len(token) > 1 and "-" in token and not self.has_word(token):
                out.extend(piece for piece in _HYPHEN.split(token) if piece)
            else:
                out.append(token)
        return out


def _load_tokenizer():
    # jieba logs its dictionary loading to stderr at DEBUG level; keep it quiet while
    # we load and give the user back their logging level.
    level = jieba.default_logger.level
    jieba.default_logger.setLevel(logging.WARNING)
    try:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
    finally:
        jieba.default_logger.setLevel(level)
    return tokenizer


def _add_user_words(base, user_words):
    """A new tokenizer: ``base``'s dictionary plus the user words."""
    # Copying the loaded prefix dictionary takes milliseconds, loading it again about
    # a second; ``initialize`` sets exactly these three attributes.
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word, freq, tag in user_words:
        tokenizer.add_word(word, freq, tag)
    return tokenizer


def _parse_user_dict_entry(line, where):
    match = _USERDICT_LINE.match(line)
    if match is None:
        raise ValueError(f"{where}: cannot read a user-dictionary entry from {line!r}")
    word, freq, tag = match.groups()
    return word, (int(freq) if freq is not None else None), tag


def _read_word_file(path, parameter):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise FileNotFoundError(
            f"{parameter}={os.fspath(path)!r} cannot be read: {exc.strerror}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(
            f"{parameter}={os.fspath(path)!r} is not UTF-8 (line {line}); "
            "save it as UTF-8"
        ) from None
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]


class JiebaSegmenter(
    RaggedOutputMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Segment Chinese documents into words with jieba.

    Turns raw documents into lists of tokens, ready for
    :class:`~sklearn_textnn.preprocessing.Vocabulary`. Unlike a ``jieba.Tokenizer``,
    the segmenter pickles, clones and runs inside ``GridSearchCV(n_jobs=2)``: the
    tokenizer is built lazily in each process and never stored in the pickle, while the
    user dictionary and stop words are read at ``fit`` and travel with the model.

    Parameters
    ----------
    cut_mode : {'accurate', 'full', 'search'}, default='accurate'
        jieba's cut mode. ``'accurate'`` gives one segmentation per sentence (the mode
        for classification), ``'full'`` every word the dictionary finds (overlapping),
        ``'search'`` accurate mode plus the shorter words inside long ones.
    hmm : bool, default=True
        Use jieba's hidden Markov model to find words that are not in the dictionary.
        Ignored in ``'full'`` mode.
    user_dict : str, path-like or list of str, default=None
        Extra words: the path of a UTF-8 file in jieba's format (one ``word [freq]
        [tag]`` per line) or a list of such entries. Read at ``fit``; the words are
        lowercased too when ``lowercase=True``, so that they still match.
    drop_whitespace : bool, default=True
        Drop tokens made only of whitespace (jieba returns spaces and newlines as
        tokens).
    stop_words : str, path-like or collection of str, default=None
        Tokens to drop: a collection of words, or the path of a UTF-8 file with one
        word per line. Compared after lowercasing.
    lowercase : bool, default=True
        Lowercase letters (Latin words such as ``iPhone`` in Chinese text) before
        segmenting.
    ngram_range : tuple (min_n, max_n), default=(1, 1)
        Emit every n-gram of ``min_n`` to ``max_n`` consecutive words (after stop words
        are dropped) as a token of its own, the words joined by a space. They are
        interleaved in text order: at each position the n-grams that start there,
        shortest first.
    n_jobs : int, default=None
        Number of processes that segment a large corpus in parallel. ``None`` means 1
        unless in a :func:`joblib.parallel_config` context; ``-1`` uses all cores.
        Starting the worker processes takes about 3 s (each imports this package
        and loads jieba's dictionary; later calls reuse them), while one process
        segments about 300,000 characters of Chinese a second. So an input of fewer
        than 3,000,000 characters in all (about 10 s of work in one process, 8 MB
        of UTF-8) is segmented in the calling process, as with ``n_jobs=1``; so is
        any input on one core, and inside a joblib worker or thread pool (jieba
        holds the GIL: threads segment no faster). ``n_jobs`` larger than the
        cores this process may use (its CPU affinity and container quota) is
        lowered to them, without an error; each process gets at least 200,000
        characters. The output does not depend on ``n_jobs``.
    backend : {'jieba', 'rjieba', 'auto'}, default='jieba'
        The segmenter that runs jieba's algorithm on jieba's dictionary:
        ``'jieba'``, the Python original; ``'rjieba'``, a compiled port
        (``pip install rjieba``, MIT licence, or the ``fast`` extra of this package)
        that segments 9 to 23 times as fast and gives the same tokens as jieba on
        99.8 % of the THUCNews headlines (99.96 % of the tokens; long documents
        differ in one token here and there, mostly around dots in Latin text such
        as ``s.h.e``); ``'auto'``, rjieba where it is installed and jieba
        otherwise. ``'rjieba'`` raises an ImportError where rjieba is missing. A
        model fitted with rjieba and used where only jieba is installed (through
        ``'auto'``) warns that the tokens may differ slightly. The user
        dictionary, cut modes and ``hmm`` work with both. With rjieba, ``n_jobs``
        only starts processes for inputs of 40 million characters or more.

    Attributes
    ----------
    user_words_ : tuple of (str, int or None, str or None)
        The user-dictionary entries read at ``fit``: word, frequency and tag.
    stop_words_ : frozenset of str
        The stop words read at ``fit``.
    backend_ : {'jieba', 'rjieba'}
        The segmenter ``fit`` found for ``backend`` on the machine it ran on.

    See Also
    --------
    TextTokenizer : Word or character tokens for space-delimited text, or characters
        of Chinese text.
    Vocabulary : Maps the tokens to integer ids.

    Notes
    -----
    A document can also be a list of texts (the sentences of
    :class:`SentenceSplitter`, or several texts of one sample): each is segmented on
    its own and the output keeps the nesting, one list of token lists per document.
    Every document must then be a list.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import JiebaSegmenter
    >>> segmenter = JiebaSegmenter(stop_words=["的"]).fit(["我爱北京天安门"])
    >>> segmenter.transform(["我爱北京天安门", "今天的天气 很好"])
    [['我', '爱', '北京', '天安门'], ['今天', '天气', '很', '好']]
    >>> segmenter.transform([["我爱北京。", "天气很好。"]])
    [[['我', '爱', '北京', '。'], ['天气', '很', '好', '。']]]
    """

    _parameter_constraints = {
        "cut_mode": [StrOptions({"accurate", "full", "search"})],
        "hmm": ["boolean"],
        "user_dict": [str, os.PathLike, list, tuple, None],
        "drop_whitespace": ["boolean"],
        "stop_words": [str, os.PathLike, list, tuple, set, frozenset, None],
        "lowercase": ["boolean"],
        "ngram_range": [tuple, list],
        "n_jobs": [
            Interval(Integral, 1, None, closed="left"),
            Interval(Integral, None, -1, closed="right"),
            None,
        ],
        "backend": [StrOptions({"jieba", "rjieba", "auto"})],
    }

    def __init__(
        self,
        *,
        cut_mode="accurate",
        hmm=True,
        user_dict=None,
        drop_whitespace=True,
        stop_words=None,
        lowercase=True,
        ngram_range=(1, 1),
        n_jobs=None,
        backend="jieba",
    ):
        self.cut_mode = cut_mode
        self.hmm = hmm
        self.user_dict = user_dict
        self.drop_whitespace = drop_whitespace
        self.stop_words = stop_words
        self.lowercase = lowercase
        self.ngram_range = ngram_range
        self.n_jobs = n_jobs
        self.backend = backend

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Read the user dictionary and stop words.

        Segmentation learns nothing from the documents; ``X`` is accepted so the
        segmenter fits in a :class:`~sklearn.pipeline.Pipeline`.

        Parameters
        ----------
        X : iterable of str or of lists of str, default=None
            Ignored (checked if given).
        y : None
            Ignored.

        Returns
        -------
        self : JiebaSegmenter
        """
        if X is not None:
            check_documents_or_sentences(X)
        check_ngram_range(self.ngram_range)
        self.backend_ = _resolve_backend(self.backend)
        self.user_words_ = self._read_user_dict()
        self.stop_words_ = self._read_stop_words()
        return self

    def _transform_backend(self):
        """The backend to segment with here: the fitted one, resolved again where
        the model moved to a machine without rjieba."""
        # Models fitted before the backend parameter existed segment with jieba.
        fitted = getattr(self, "backend_", "jieba")
        if fitted == "rjieba" and self.backend == "auto" and not rjieba_available():
            warnings.warn(
                "this JiebaSegmenter was fitted with rjieba, which is not installed "
                "here: segmenting with jieba, whose tokens differ on about 0.2 % of "
                "documents; pip install rjieba to segment as at fit",
                UserWarning,
                stacklevel=3,
            )
            return "jieba"
        if fitted == "rjieba":
            return _resolve_backend("rjieba")
        return fitted

    def _read_user_dict(self):
        if self.user_dict is None:
            return ()
        if isinstance(self.user_dict, (str, os.PathLike)):
            lines = _read_word_file(self.user_dict, "user_dict")
            where = f"user_dict file {os.fspath(self.user_dict)!r}, line {{}}"
        else:
            lines = list(enumerate(self.user_dict))
            where = "user_dict entry {}"
        entries = []
        for n, line in lines:
            if not isinstance(line, str):
                raise TypeError(
                    f"{where.format(n)} is {type(line).__name__}; expected a str "
                    "'word [freq] [tag]'"
                )
            line = line.strip()
            if line:
                word, freq, tag = _parse_user_dict_entry(line, where.format(n))
                if self.lowercase:
                    word = word.lower()
                entries.append((word, freq, tag))
        return tuple(entries)

    def _read_stop_words(self):
        if self.stop_words is None:
            return frozenset()
        if isinstance(self.stop_words, (str, os.PathLike)):
            words = [line for _, line in _read_word_file(self.stop_words, "stop_words")]
        else:
            words = list(self.stop_words)
            for i, word in enumerate(words):
                if not isinstance(word, str):
                    raise TypeError(
                        f"stop_words entry {i} is {type(word).__name__}; expected str"
                    )
        if self.lowercase:
            words = [w.lower() for w in words]
        return frozenset(w for w in words if w)

    def transform(self, X):
        """Segment documents into lists of tokens.

        Parameters
        ----------
        X : iterable of str, or iterable of lists of str
            Raw documents: a list, array, pandas Series or one-column DataFrame; or
            each document's sentences.

        Returns
        -------
        tokens : TokenLists (a list) of list of str
            One list of tokens per document (per sentence, nested in one list per
            document, when the documents are lists of sentences); an empty
            document gives ``[]``. Carries the row labels of a pandas input.
        """
        check_is_fitted(self)
        documents, n_sentences = check_documents_or_sentences(X)
        backend = self._transform_backend()
        n_jobs = _n_processes(self.n_jobs, documents, backend)
        if n_jobs == 1:
            tokens = self._segment(documents, backend)
        else:
            chunks = _split_balanced(documents, n_jobs * _CHUNKS_PER_JOB)
            packed = Parallel(n_jobs=n_jobs, return_as="generator")(
                delayed(_segment_packed)(self, chunk, backend) for chunk in chunks
            )
            tokens = [tokens for chunk in packed for tokens in _unpack(chunk)]
        tokens = ngram_token_lists(tokens, self.ngram_range, " ")
        if n_sentences is not None:
            tokens = group_sentences(tokens, n_sentences)
        return TokenLists(tokens, row_index=row_index_of(X))

    def _segment(self, documents, backend="jieba"):
        tokenizer = _get_tokenizer(self.user_words_, backend)
        if backend == "rjieba":
            cut = _RjiebaCut(tokenizer, self.cut_mode, self.hmm)
        elif self.cut_mode == "search":
            cut = partial(tokenizer.cut_for_search, HMM=self.hmm)
        else:
            cut = partial(tokenizer.cut, cut_all=self.cut_mode == "full", HMM=self.hmm)
        split_long_runs = self.hmm and self.cut_mode != "full"
        lowercase = self.lowercase
        drop = self.stop_words_
        drop_whitespace = self.drop_whitespace
        out = []
        for doc in documents:
            if lowercase:
                doc = doc.lower()
            if split_long_runs and len(doc) > _MAX_HAN_RUN:
                tokens = [t for piece in _split_long_runs(doc) for t in cut(piece)]
            else:
                tokens = cut(doc)
            # jieba's full mode yields an empty token at each space: never a word.
            tokens = [
                t
                for t in tokens
                if t and not (t in drop or (drop_whitespace and t.isspace()))
            ]
            out.append(tokens)
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.input_tags.one_d_array = True
        return tags


def _n_processes(n_jobs, documents, backend="jieba"):
    """How many processes pay off: the calling one alone below
    ``_MIN_CHARS_PARALLEL`` characters, on one core, or where joblib would run
    threads (jieba holds the GIL: threads segment no faster); else ``n_jobs``, at
    most one per core, per document and per ``_MIN_CHARS_PER_JOB`` characters."""
    n_jobs = min(effective_n_jobs(n_jobs), available_cores())
    if n_jobs < 2 or getattr(get_active_backend()[0], "uses_threads", False):
        return 1
    n_chars = sum(map(len, documents))
    minimum = _MIN_CHARS_PARALLEL_RJIEBA if backend == "rjieba" else _MIN_CHARS_PARALLEL
    if n_chars < minimum:
        return 1
    return max(1, min(n_jobs, n_chars // _MIN_CHARS_PER_JOB, len(documents)))


def _split_long_runs(doc):
    """Cut ``doc`` inside runs of Chinese characters longer than ``_MAX_HAN_RUN``."""
    cuts = [
        i
        for run in _LONG_HAN_RUN.finditer(doc)
        for i in range(run.start() + _MAX_HAN_RUN, run.end(), _MAX_HAN_RUN)
    ]
    if not cuts:
        return [doc]
    bounds = [0, *cuts, len(doc)]
    return [doc[start:end] for start, end in pairwise(bounds)]


def _segment_packed(segmenter, documents, backend="jieba"):
    """Segment in a worker process; return the tokens packed for the trip back."""
    token_lists = segmenter._segment(documents, backend)
    n_tokens = [len(tokens) for tokens in token_lists]
    text = _TOKEN_SEPARATOR.join([t for tokens in token_lists for t in tokens])
    if text.count(_TOKEN_SEPARATOR) != max(sum(n_tokens) - 1, 0):
        # A token holds the separator itself (the text had NUL characters).
        return token_lists
    return text, n_tokens


def _unpack(packed):
    """The token lists from :func:`_segment_packed`."""
    if isinstance(packed, list):
        return packed
    text, n_tokens = packed
    flat = text.split(_TOKEN_SEPARATOR) if sum(n_tokens) else []
    token_lists = []
    start = 0
    for n in n_tokens:
        token_lists.append(flat[start : start + n])
        start += n
    return token_lists


def _split_balanced(documents, n_chunks):
    """Split documents into ``n_chunks`` contiguous chunks of similar character size."""
    lengths = np.cumsum([len(d) + 1 for d in documents])
    bounds = np.searchsorted(lengths, lengths[-1] * np.arange(1, n_chunks) / n_chunks)
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(documents)]
    return [documents[s:e] for s, e in zip(starts, ends) if e > s]
