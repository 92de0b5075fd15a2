"""Chinese word segmentation with jieba as a picklable scikit-learn transformer."""

import logging
import os
import re
import threading

import jieba
import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from ._validation import check_documents

# jieba's Tokenizer holds a lock and a large prefix dictionary: it cannot be pickled and
# takes about a second to load. One initialised tokenizer per user dictionary is kept
# per process and shared by every segmenter (and every clone) in that process.
_TOKENIZERS = {}
_TOKENIZERS_LOCK = threading.Lock()

# Below this many characters a process pool costs more than it saves.
_MIN_CHARS_PER_JOB = 200_000

_USERDICT_LINE = re.compile(r"^(.+?)(?:\s+(\d+))?(?:\s+([a-z]+))?$", re.UNICODE)


def _get_tokenizer(user_words):
    with _TOKENIZERS_LOCK:
        tokenizer = _TOKENIZERS.get(user_words)
        if tokenizer is None:
            # jieba logs its dictionary loading to stderr at DEBUG level; keep it quiet
            # while we load and give the user back their logging level.
            level = jieba.default_logger.level
            jieba.default_logger.setLevel(logging.WARNING)
            try:
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word, freq, tag in user_words:
                    tokenizer.add_word(word, freq, tag)
            finally:
                jieba.default_logger.setLevel(level)
            _TOKENIZERS[user_words] = tokenizer
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


class JiebaSegmenter(TransformerMixin, BaseEstimator):
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
        [tag]`` per line) or a list of such entries. Read at ``fit``.
    drop_whitespace : bool, default=True
        Drop tokens made only of whitespace (jieba returns spaces and newlines as
        tokens).
    stop_words : str, path-like or collection of str, default=None
        Tokens to drop: a collection of words, or the path of a UTF-8 file with one
        word per line. Compared after lowercasing.
    lowercase : bool, default=True
        Lowercase letters (Latin words such as ``iPhone`` in Chinese text) before
        segmenting.
    n_jobs : int, default=None
        Number of processes that segment a large corpus in parallel. ``None`` means 1
        unless in a :func:`joblib.parallel_backend` context; ``-1`` uses all cores.
        Corpora under about 200,000 characters per process are segmented in the
        calling process, where a pool would cost more than it saves.

    Attributes
    ----------
    user_words_ : tuple of (str, int or None, str or None)
        The user-dictionary entries read at ``fit``: word, frequency and tag.
    stop_words_ : frozenset of str
        The stop words read at ``fit``.

    See Also
    --------
    TextTokenizer : Word or character tokens for space-delimited text, or characters
        of Chinese text.
    Vocabulary : Maps the tokens to integer ids.

    Examples
    --------
    >>> from sklearn_textnn.preprocessing import JiebaSegmenter
    >>> segmenter = JiebaSegmenter(stop_words=["的"]).fit(["我爱北京天安门"])
    >>> segmenter.transform(["我爱北京天安门", "今天的天气 很好"])
    [['我', '爱', '北京', '天安门'], ['今天', '天气', '很', '好']]
    """

    _parameter_constraints = {
        "cut_mode": [StrOptions({"accurate", "full", "search"})],
        "hmm": ["boolean"],
        "user_dict": [str, os.PathLike, list, tuple, None],
        "drop_whitespace": ["boolean"],
        "stop_words": [str, os.PathLike, list, tuple, set, frozenset, None],
        "lowercase": ["boolean"],
        "n_jobs": [int, None],
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
        n_jobs=None,
    ):
        self.cut_mode = cut_mode
        self.hmm = hmm
        self.user_dict = user_dict
        self.drop_whitespace = drop_whitespace
        self.stop_words = stop_words
        self.lowercase = lowercase
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X=None, y=None):
        """Read the user dictionary and stop words.

        Segmentation learns nothing from the documents; ``X`` is accepted so the
        segmenter fits in a :class:`~sklearn.pipeline.Pipeline`.

        Parameters
        ----------
        X : iterable of str, default=None
            Ignored (checked if given).
        y : None
            Ignored.

        Returns
        -------
        self : JiebaSegmenter
        """
        if X is not None:
            check_documents(X)
        self.user_words_ = self._read_user_dict()
        self.stop_words_ = self._read_stop_words()
        return self

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
                entries.append(_parse_user_dict_entry(line, where.format(n)))
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
        X : iterable of str
            Raw documents: a list, array, pandas Series or one-column DataFrame.

        Returns
        -------
        tokens : list of list of str
            One list of tokens per document; an empty document gives ``[]``.
        """
        check_is_fitted(self)
        documents = check_documents(X)
        n_jobs = effective_n_jobs(self.n_jobs)
        n_chars = sum(map(len, documents))
        n_jobs = max(1, min(n_jobs, n_chars // _MIN_CHARS_PER_JOB, len(documents)))
        if n_jobs == 1:
            return self._segment(documents)
        chunks = _split_balanced(documents, n_jobs)
        results = Parallel(n_jobs=n_jobs)(
            delayed(self._segment)(chunk) for chunk in chunks
        )
        return [tokens for chunk in results for tokens in chunk]

    def _segment(self, documents):
        tokenizer = _get_tokenizer(self.user_words_)
        if self.cut_mode == "search":
            cut = tokenizer.cut_for_search
            kwargs = {"HMM": self.hmm}
        else:
            cut = tokenizer.cut
            kwargs = {"cut_all": self.cut_mode == "full", "HMM": self.hmm}
        drop = self.stop_words_
        lowercase = self.lowercase
        out = []
        if self.drop_whitespace:
            for doc in documents:
                if lowercase:
                    doc = doc.lower()
                out.append(
                    [t for t in cut(doc, **kwargs) if t not in drop and not t.isspace()]
                )
        else:
            for doc in documents:
                if lowercase:
                    doc = doc.lower()
                out.append([t for t in cut(doc, **kwargs) if t not in drop])
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.input_tags.one_d_array = True
        return tags


def _split_balanced(documents, n_chunks):
    """Split documents into ``n_chunks`` contiguous chunks of similar character size."""
    lengths = np.cumsum([len(d) + 1 for d in documents])
    bounds = np.searchsorted(lengths, lengths[-1] * np.arange(1, n_chunks) / n_chunks)
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(documents)]
    return [documents[s:e] for s, e in zip(starts, ends) if e > s]
