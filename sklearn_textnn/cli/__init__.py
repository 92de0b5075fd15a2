"""The ``sklearn-textnn`` command: train, evaluate and apply a text classifier.

Three subcommands, also run by ``python -m sklearn_textnn``::

    sklearn-textnn train DATA --model textcnn --tokenizer char --output model.tnn
    sklearn-textnn evaluate model.tnn TEST_DATA --misclassified 10
    sklearn-textnn predict model.tnn texts.txt       # or - for stdin

``DATA`` is a folder with one sub-folder per class and one file per document (read
by :func:`~sklearn_textnn.datasets.load_text_folders`), or a TSV or CSV file of
texts and labels (read by :func:`~sklearn_textnn.datasets.load_text_file`).
``train`` fits the pipeline tokenizer -> :class:`~sklearn_textnn.Vocabulary` ->
:class:`~sklearn_textnn.SequencePadder` ->
:class:`~sklearn_textnn.classifiers.TextClassifier` whose network is
``--model`` (any of :func:`~sklearn_textnn.networks.available_networks`), and saves
it as a model file without pickles:
:func:`~sklearn_textnn.persistence.load_model` gives back the fitted
:class:`~sklearn.pipeline.Pipeline`, whose ``predict`` takes raw texts and returns
label names, and runs no code from the file. An output name ending with
``.joblib``, ``.pkl`` or ``.pickle`` is written with joblib instead; such a file
runs the code it holds when loaded, so load it only from a source you trust.

Errors the user can fix (a missing file, an empty folder, a file that is not a
model) print one line on stderr and exit with status 2.

The modules, one concern each: ``_parser`` (the options and their help),
``_arguments`` (the types of their values), ``_loading`` (the files read and
written), ``_pipeline`` (the model built from the options), ``_output`` (tables),
``_commands`` (train, evaluate, predict), ``_main`` (the entry point).
"""

from ._main import main
from ._parser import build_parser

__all__ = ["build_parser", "main"]
