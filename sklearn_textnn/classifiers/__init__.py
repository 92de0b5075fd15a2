"""scikit-learn classifiers wrapping the torch modules of :mod:`sklearn_textnn.nn`."""

from ._base import BaseTextClassifier
from ._feature_merge_classifier import FeatureMergeClassifier
from ._lstm_classifier import LSTMClassifier
from ._textcnn_classifier import TextCNNClassifier

__all__ = [
    "BaseTextClassifier",
    "FeatureMergeClassifier",
    "LSTMClassifier",
    "TextCNNClassifier",
]
