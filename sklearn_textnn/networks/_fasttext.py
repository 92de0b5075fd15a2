"""fastText: the mean of the token vectors, then a linear layer."""

from numbers import Integral, Real

import numpy as np
from scipy.special import xlogy
from sklearn.utils._param_validation import Interval, StrOptions

from .._docstrings import fill_doc
from ._base import Network

FASTTEXT_PARAMETERS_DOC = """\
    weighting : {'supervised', 'tfidf', 'mean'}, default='supervised'
        How the token vectors become one. ``'tfidf'`` sums them weighted as
        ``TfidfVectorizer(sublinear_tf=True)`` weighs features (``1 + log`` of the
        count times the inverse document frequency in the training data,
        L2-normalised). ``'supervised'`` also scales each token type's weight
        by what it tells of the class: the square root of one minus the
        entropy of the classes of the training documents that hold it (over its
        largest value; each class's count divided by the square root of the
        class's size, and smoothed by one document spread as the classes are), so
        tokens spread evenly over the classes weigh little in the L2 norm and
        in the sum. ``'mean'`` averages them, as fastText does. TF-IDF weights
        matter most on long documents, where the frequent tokens crowd a plain
        mean: on the PCNews set (500 characters a document) they lift test
        accuracy from 77 % to 80 %; the class entropy matters most where the
        classes share most of their vocabulary: on the Joke set it lifts
        cross-validated accuracy from 57.6 % to 59.3 % (mean of three seeds).
    hidden_size : int, default=0
        Width of a dense ReLU layer between the mean of the token vectors and the
        output layer; 0 (fastText's own design) goes straight to the output.
    token_dropout : float in [0, 1), default=0.3
        Probability of leaving out each token of a training document, drawn
        anew for every batch (word dropout, Iyyer et al., 2015); prediction reads
        every token. It makes a short text look like many shorter ones: it adds
        0.1 point of accuracy on SMS messages, 0.2 on 45,000 THUCNews headlines,
        0.3 on the long PCNews documents and 0.7 on the Joke set (mean of three
        seeds), and costs the short PCWeb documents 0.3. 0 reads every token in
        training too."""


@fill_doc(parameters=FASTTEXT_PARAMETERS_DOC)
class FastText(Network):
    """A bag of tokens: their vectors weighted by TF-IDF and what they tell of the
    class, by TF-IDF alone, or averaged (fastText).

    The order of the tokens is not read: give it n-grams (character bigrams, word
    bigrams) for local order. It trains in seconds where the convolutional and
    recurrent networks take minutes, and takes ragged id lists straight from a
    vocabulary, without padding.

    Parameters
    ----------
    {parameters}

    See Also
    --------
    sklearn_textnn.nn.FastTextEncoder : The torch module it builds.
    sklearn_textnn.FastTextClassifier : The classifier with these parameters.

    Examples
    --------
    >>> from sklearn_textnn.networks import FastText
    >>> FastText(weighting="mean")
    FastText(weighting='mean')
    """

    name = "fasttext"
    default_embedding_dim = 32
    recommended_training = {
        "optimizer": "adagrad",
        "lr": 0.1,
        "weight_decay": 1e-4,
        "batch_size": 32,
        "max_epochs": "auto",
        "validation_fraction": None,
        "dropout": 0.0,
        "class_weight": "balanced",
        "average": "auto",
    }
    uses_document_frequency = True
    # A mean of token vectors costs little per padding id; its tuned training
    # draws batches at random.
    bucket_by_length = False
    reads_order = False

    _parameter_constraints = {
        "weighting": [StrOptions({"supervised", "tfidf", "mean"})],
        "hidden_size": [Interval(Integral, 0, None, closed="left")],
        "token_dropout": [Interval(Real, 0, 1, closed="left")],
    }

    def __init__(self, *, weighting="supervised", hidden_size=0, token_dropout=0.3):
        self.weighting = weighting
        self.hidden_size = hidden_size
        self.token_dropout = token_dropout

    def build(self, embedding, *, dropout, document_frequency=None):
        from ..nn import FastTextEncoder

        idf = None
        if self.weighting != "mean":
            if document_frequency is None:
                raise ValueError(
                    f"weighting={self.weighting!r} needs the document frequencies"
                )
            idf = token_weights(document_frequency, self.weighting == "supervised")
        return FastTextEncoder(
            embedding,
            hidden_size=self.hidden_size,
            idf=idf,
            token_dropout=self.token_dropout,
        )


def token_weights(document_frequency, supervised):
    """The weight of each id from its document frequency in each class, shape
    ``(n_ids, n_classes)`` (row 0: the documents of each class).

    The inverse document frequency, smoothed as scikit-learn smooths it (an id
    never seen in training counts as seen in no document, not as infinitely
    rare). ``supervised`` multiplies it by the square root of what the id tells
    of the class: one minus the entropy of the classes of the training
    documents that hold it, over its largest value ``log(n_classes)``. Each
    class's count is divided by the square root of the class's size, halfway
    between the counts as seen (where a token spread over the classes as the
    documents are would tell something) and as if the classes were balanced
    (where a token of a small class would tell as much as one of a large
    class). One document more, spread over the classes as the training
    documents are, smooths the counts, so an id seen once tells only part of
    what a frequent one does.
    """
    counts = np.asarray(document_frequency, dtype=np.float64)
    per_id = counts.sum(axis=1)
    n_documents = per_id[0]
    idf = np.log((1 + n_documents) / (1 + per_id)) + 1
    n_classes = counts.shape[1]
    if not supervised or n_classes < 2:
        return idf
    sizes = counts[0]
    scaled = (counts + sizes / max(n_documents, 1)) / np.sqrt(np.maximum(sizes, 1))
    share = scaled / scaled.sum(axis=1, keepdims=True)
    entropy = -xlogy(share, share).sum(axis=1)
    told = np.clip(1 - entropy / np.log(n_classes), 0, 1)
    # A floor keeps the ids that tell nothing in the L2 norm of the document.
    return idf * np.sqrt(told + 1e-3)
