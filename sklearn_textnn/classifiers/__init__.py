"""scikit-learn classifiers that train the networks of :mod:`sklearn_textnn.networks`.

All of them go through one training core: :class:`BaseTextClassifier` builds the
token vectors, the network and a head at ``fit`` and trains them with skorch.
"""

from ._attention_lstm_classifier import AttentionLSTMClassifier
from ._base import BaseTextClassifier
from ._dpcnn_classifier import DPCNNClassifier
from ._fasttext_classifier import FastTextClassifier
from ._feature_merge_classifier import FeatureMergeClassifier
from ._han_classifier import HANClassifier
from ._lstm_classifier import LSTMClassifier
from ._rcnn_classifier import RCNNClassifier
from ._text_classifier import TextClassifier
from ._textcnn_classifier import TextCNNClassifier

__all__ = [
    "AttentionLSTMClassifier",
    "BaseTextClassifier",
    "DPCNNClassifier",
    "FastTextClassifier",
    "FeatureMergeClassifier",
    "HANClassifier",
    "LSTMClassifier",
    "RCNNClassifier",
    "TextCNNClassifier",
    "TextClassifier",
]
