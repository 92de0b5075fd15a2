"""Pure PyTorch modules: text encoders and classification heads.

Nothing here imports scikit-learn; the estimators in :mod:`sklearn_textnn.classifiers`
build these modules at ``fit``.
"""

from ._attention import AttentionPooling
from ._attention_lstm import AttentionLSTMEncoder
from ._dpcnn import DPCNNEncoder
from ._embedding import HashEmbedding, compressed_embedding, token_embedding
from ._fasttext import FastTextEncoder
from ._han import HANEncoder
from ._heads import FeatureMergeNet, TextClassifierNet
from ._lstm import LSTMEncoder, left_align
from ._rcnn import RCNNEncoder
from ._recurrent import VariableLengthGRU, VariableLengthLSTM
from ._textcnn import TextCNNEncoder

__all__ = [
    "AttentionLSTMEncoder",
    "AttentionPooling",
    "DPCNNEncoder",
    "FastTextEncoder",
    "FeatureMergeNet",
    "HANEncoder",
    "HashEmbedding",
    "LSTMEncoder",
    "RCNNEncoder",
    "TextCNNEncoder",
    "TextClassifierNet",
    "VariableLengthGRU",
    "VariableLengthLSTM",
    "compressed_embedding",
    "left_align",
    "token_embedding",
]
