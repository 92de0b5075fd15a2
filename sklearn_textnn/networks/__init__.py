"""The networks a classifier can train, as scikit-learn-style descriptions.

Each network is one torch module in :mod:`sklearn_textnn.nn` and one small object
here that holds its hyperparameters and builds the module at ``fit``. Pass one to a
classifier (``TextClassifier(encoder=LSTM(hidden_size=64))``,
``FeatureMergeClassifier(encoder=TextCNN())``) and grid-search its parameters as
``encoder__<name>``.
"""

from ._attention_lstm import AttentionLSTM
from ._base import Network, available_networks, make_network
from ._dpcnn import DPCNN
from ._fasttext import FastText
from ._han import HAN
from ._lstm import LSTM
from ._rcnn import RCNN
from ._textcnn import TextCNN

__all__ = [
    "DPCNN",
    "HAN",
    "LSTM",
    "RCNN",
    "AttentionLSTM",
    "FastText",
    "Network",
    "TextCNN",
    "available_networks",
    "make_network",
]
