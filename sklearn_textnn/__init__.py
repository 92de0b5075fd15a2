"""Neural text classification as scikit-learn estimators.

Raw text -> :mod:`sklearn_textnn.preprocessing` (segmentation, vocabulary, padding)
-> :mod:`sklearn_textnn.nn` (PyTorch modules, described for the estimators in
:mod:`sklearn_textnn.networks`) -> one training core behind the scikit-learn
classifiers in :mod:`sklearn_textnn.classifiers`.
"""

import importlib

__version__ = "0.1.0"

# Everything loads on first use: the classifiers import torch (about a second) and
# the transformers scikit-learn, so the processes that only segment text
# (JiebaSegmenter(n_jobs=2) workers) and the command's --help start fast.
_LAZY = {
    "HashingVocabulary": ".preprocessing",
    "JiebaSegmenter": ".preprocessing",
    "SentencePadder": ".preprocessing",
    "SentenceSplitter": ".preprocessing",
    "SequencePadder": ".preprocessing",
    "TextStatistics": ".preprocessing",
    "TextTokenizer": ".preprocessing",
    "TokenUnion": ".preprocessing",
    "Vocabulary": ".preprocessing",
    "AttentionLSTMClassifier": ".classifiers",
    "DPCNNClassifier": ".classifiers",
    "FastTextClassifier": ".classifiers",
    "FeatureMergeClassifier": ".classifiers",
    "HANClassifier": ".classifiers",
    "LSTMClassifier": ".classifiers",
    "RCNNClassifier": ".classifiers",
    "TextCNNClassifier": ".classifiers",
    "TextClassifier": ".classifiers",
}

__all__ = [
    "AttentionLSTMClassifier",
    "DPCNNClassifier",
    "FastTextClassifier",
    "FeatureMergeClassifier",
    "HANClassifier",
    "HashingVocabulary",
    "JiebaSegmenter",
    "LSTMClassifier",
    "RCNNClassifier",
    "SentencePadder",
    "SentenceSplitter",
    "SequencePadder",
    "TextCNNClassifier",
    "TextClassifier",
    "TextStatistics",
    "TextTokenizer",
    "TokenUnion",
    "Vocabulary",
    "__version__",
]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
