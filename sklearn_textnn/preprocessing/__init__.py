"""Raw text to a padded id matrix: segmentation, tokenization, vocabulary, padding.

Documents can also be split into sentences, kept as a list per document by every
step, and padded into a 3-D array (documents x sentences x tokens).
"""

from .._ids import PAD_ID, UNK_ID
from ._hashing_vocabulary import HashingVocabulary
from ._id_sequences import (
    IdSequences,
    TokenIdArray,
    TokenLists,
    row_index_of,
    vocabulary_fingerprint,
    vocabulary_of,
)
from ._jieba_segmenter import JiebaSegmenter
from ._sentence_padder import SentencePadder
from ._sentence_splitter import ENGLISH_ABBREVIATIONS, SentenceSplitter
from ._sequence_padder import SequencePadder
from ._text_statistics import TextStatistics
from ._text_tokenizer import TextTokenizer
from ._token_union import TokenUnion
from ._validation import (
    check_documents,
    check_id_lists,
    check_id_matrix,
    check_token_lists,
)
from ._vocabulary import Vocabulary

__all__ = [
    "ENGLISH_ABBREVIATIONS",
    "PAD_ID",
    "UNK_ID",
    "HashingVocabulary",
    "IdSequences",
    "JiebaSegmenter",
    "SentencePadder",
    "SentenceSplitter",
    "SequencePadder",
    "TextStatistics",
    "TextTokenizer",
    "TokenIdArray",
    "TokenLists",
    "TokenUnion",
    "Vocabulary",
    "check_documents",
    "check_id_lists",
    "check_id_matrix",
    "check_token_lists",
    "row_index_of",
    "vocabulary_fingerprint",
    "vocabulary_of",
]
