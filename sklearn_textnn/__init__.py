"""Neural text classification as scikit-learn estimators.

Raw text -> :mod:`sklearn_textnn.preprocessing` (segmentation, vocabulary, padding)
-> :mod:`sklearn_textnn.nn` (PyTorch modules) -> the scikit-learn classifiers in
:mod:`sklearn_textnn.classifiers`.
"""

from .classifiers import FeatureMergeClassifier, LSTMClassifier, TextCNNClassifier
from .preprocessing import (
    JiebaSegmenter,
    SequencePadder,
    TextStatistics,
    TextTokenizer,
    Vocabulary,
)

__version__ = "0.1.0"

__all__ = [
    "FeatureMergeClassifier",
    "JiebaSegmenter",
    "LSTMClassifier",
    "SequencePadder",
    "TextCNNClassifier",
    "TextStatistics",
    "TextTokenizer",
    "Vocabulary",
    "__version__",
]
