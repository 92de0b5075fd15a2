"""Pretrained word vectors: read the rows of a vocabulary from multi-GB files.

Only the rows of the tokens asked for are kept in memory, whatever the size of the
file: :func:`read_word_vectors` streams a file, :class:`WordVectors` describes one
(and can keep an indexed copy shared by processes) and
:func:`build_embedding_matrix` turns the vectors of a fitted vocabulary into the
initial weights of an embedding layer.
"""

from ._embedding_matrix import build_embedding_matrix
from ._read_word_vectors import read_word_vectors
from ._word_vectors import WordVectors

__all__ = ["WordVectors", "build_embedding_matrix", "read_word_vectors"]
