"""Pure PyTorch modules: text encoders and classification heads.

Nothing here imports scikit-learn; the estimators in :mod:`sklearn_textnn.classifiers`
build these modules at ``fit``.
"""

from ._embedding import HashEmbedding, compressed_embedding, token_embedding
from ._fasttext import FastTextEncoder
from ._heads import FeatureMergeNet, TextClassifierNet
from ._lstm import LSTMEncoder, left_align
from ._textcnn import TextCNNEncoder

__all__ = [
    "FastTextEncoder",
    "FeatureMergeNet",
    "HashEmbedding",
    "LSTMEncoder",
    "TextCNNEncoder",
    "TextClassifierNet",
    "compressed_embedding",
    "left_align",
    "token_embedding",
]
