"""Pure PyTorch modules: text encoders and classification heads.

Nothing here imports scikit-learn; the estimators in :mod:`sklearn_textnn.classifiers`
build these modules at ``fit``.
"""

from ._embedding import token_embedding
from ._heads import FeatureMergeNet, TextClassifierNet
from ._lstm import LSTMEncoder, left_align
from ._textcnn import TextCNNEncoder

__all__ = [
    "FeatureMergeNet",
    "LSTMEncoder",
    "TextCNNEncoder",
    "TextClassifierNet",
    "left_align",
    "token_embedding",
]
