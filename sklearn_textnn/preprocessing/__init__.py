"""Raw text to a padded id matrix: segmentation, tokenization, vocabulary, padding."""

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
    "PAD_ID",
    "UNK_ID",
    "HashingVocabulary",
    "IdSequences",
    "JiebaSegmenter",
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
