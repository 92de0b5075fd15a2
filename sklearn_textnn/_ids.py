"""The reserved token ids, shared by the vocabularies, the padder and the networks.

This module imports nothing, so that the pure torch modules of
:mod:`sklearn_textnn.nn` and the scikit-learn transformers of
:mod:`sklearn_textnn.preprocessing` read the same two numbers.
"""

#: Id of padding: fills the rows of an id matrix behind (or before) the text, has a
#: zero vector that is never trained, and is ignored by every network.
PAD_ID = 0

#: Id of a token that the vocabulary does not keep (unseen, rare, or out of range).
UNK_ID = 1
