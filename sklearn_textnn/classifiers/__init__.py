"""scikit-learn classifiers that train the networks of :mod:`sklearn_textnn.networks`.

All of them go through one training core: :class:`BaseTextClassifier` builds the
token vectors, the network and a head at ``fit`` and trains them with skorch.
"""

from ._base import BaseTextClassifier
from ._fasttext_classifier import FastTextClassifier
from ._feature_merge_classifier import FeatureMergeClassifier
from ._lstm_classifier import LSTMClassifier
from ._text_classifier import TextClassifier
from ._textcnn_classifier import TextCNNClassifier

__all__ = [
    "BaseTextClassifier",
    "FastTextClassifier",
    "FeatureMergeClassifier",
    "LSTMClassifier",
    "TextCNNClassifier",
    "TextClassifier",
]
