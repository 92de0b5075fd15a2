"""DPCNN (Johnson and Zhang, 2017): a deep pyramid of convolutions."""

from numbers import Integral

from sklearn.utils._param_validation import Interval

from .._docstrings import fill_doc
from ._base import Network

DPCNN_PARAMETERS_DOC = """\
    num_filters : int, default=64
        Filters of every convolution: the width of the network and the size of
        the document vector. Johnson and Zhang use 250, on a GPU and millions of
        documents; the time of an epoch grows about as its square (on PCNews,
        2-core CPU: 13 s with 64, 88 s with 250)."""


@fill_doc(parameters=DPCNN_PARAMETERS_DOC)
class DPCNN(Network):
    """A deep pyramid of convolutions, the text halved block after block (DPCNN).

    A convolution of width 3 over the token vectors (the region embedding), two
    more with a shortcut, then blocks that halve the text (max-pooling of windows of
    3 at stride 2) and apply two convolutions with a shortcut, until one position is
    left: the document vector (Johnson and Zhang, 2017). Each convolution is
    preceded by a ReLU; the blocks share their weights, so the network takes texts
    of any length, one block deeper per doubling of the length. The features beyond
    each text are zeroed before each convolution and never win a max, so padding
    never changes the vectors.

    Parameters
    ----------
    {parameters}

    See Also
    --------
    sklearn_textnn.nn.DPCNNEncoder : The torch module it builds.
    sklearn_textnn.DPCNNClassifier : The classifier with these parameters.
    TextCNN : One layer of convolutions of several widths: shallower, faster.

    Examples
    --------
    >>> from sklearn_textnn.networks import DPCNN
    >>> DPCNN(num_filters=128)
    DPCNN(num_filters=128)
    """

    name = "dpcnn"
    # Early stopping on a tenth of a few hundred long documents, without class
    # weights, never predicted six of PCNews's twelve classes; all the data,
    # balanced classes and the mean of the last ten epochs' weights win on long
    # documents and headlines alike (docs/networks.rst).
    recommended_training = {
        "batch_size": 32,
        "max_epochs": 20,
        "validation_fraction": None,
        "average": "auto",
        "class_weight": "balanced",
    }

    _parameter_constraints = {
        "num_filters": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, *, num_filters=64):
        self.num_filters = num_filters

    def build(self, embedding, *, dropout, document_frequency=None):
        from ..nn import DPCNNEncoder

        return DPCNNEncoder(embedding, num_filters=self.num_filters)
