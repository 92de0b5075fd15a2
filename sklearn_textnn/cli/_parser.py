"""The command line's grammar: subcommands, options, their help and defaults.

Building the parser imports neither torch nor the classifiers: ``--help`` stays
fast. The choices of ``--model`` and the defaults of the network options come from
:func:`~sklearn_textnn.networks.available_networks` (which does not import torch);
the defaults of the training options are the classifier's, looked up only when
``train --help`` is printed.
"""

import argparse
import functools

from .. import __version__
from . import _arguments as types
from ._arguments import NETWORK_OPTIONS, TRAINING_OPTIONS, flag
from ._messages import PROG, TRUSTED_ONLY

# Each subcommand in one line, for the command's own help.
COMMANDS = {
    "train": "train a classifier and save it",
    "evaluate": "report the scores of a saved model on labelled data",
    "predict": "label new texts, one per line",
}
DATA_HELP = (
    "a folder with one sub-folder per class (one file per document), or a TSV or "
    "CSV file of texts and labels"
)
HEADER_HELP = (
    "whether line 1 of a DATA file holds column names (default: yes when "
    "--text-column or --label-column names a column; otherwise yes when the label "
    "of line 1 occurs on no other line and, for TSV, every other label occurs on at "
    "least two lines)"
)
# What each network option sets, in words; the networks that take it and its default
# are looked up.
NETWORK_OPTION_HELP = {
    "num_filters": "convolution filters (TextCNN: per width)",
    "hidden_size": "hidden units (recurrent networks: per direction; FastText: a "
    "layer after the bag, 0 for none)",
}


@functools.cache
def classifier_defaults():
    """The defaults of the classifier's parameters (imports it, and torch)."""
    from ..classifiers import TextClassifier
    from ..networks import available_networks

    defaults = TextClassifier().get_params(deep=False)
    # None means the size of pretrained vectors (which the command does not take),
    # else the network's own default.
    if defaults["embedding_dim"] is None:
        sizes = ", ".join(
            f"{name} {cls.default_embedding_dim}"
            for name, cls in available_networks().items()
        )
        defaults["embedding_dim"] = f"the network's own ({sizes})"
    return defaults


class _HelpFormatter(argparse.HelpFormatter):
    """Writes the classifier's default into the help of each training option.

    Those options default to None, so that an option left out keeps the
    classifier's default; the classifier is imported only to print this help.
    """

    def _get_help_string(self, action):
        parameter = TRAINING_OPTIONS.get(action.dest)
        if parameter is None or "%(default)s" not in action.help:
            return action.help
        value = str(classifier_defaults()[parameter]).replace("%", "%%")
        return action.help.replace("%(default)s", value)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors fit on one line."""

    def __init__(self, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**kwargs)

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _summary(network):
    """The first line of a network's docstring as a phrase, without its full stop."""
    lines = (network.__doc__ or "").strip().splitlines()
    if not lines:
        return network.__name__
    summary = lines[0].rstrip(".")
    # Lower the capital of a sentence ("A stacked"), not of a name ("LSTM", "TextCNN").
    if not any(char.isupper() for char in summary.split()[0][1:]):
        summary = summary[0].lower() + summary[1:]
    return summary


def _add_data_options(parser):
    group = parser.add_argument_group("data files (TSV/CSV)")
    group.add_argument(
        "--data-format",
        choices=["auto", "tsv", "csv"],
        default="auto",
        help="format of a DATA file (default: from the extension; .csv is CSV, "
        ".tsv and .txt are TSV)",
    )
    group.add_argument(
        "--text-column",
        type=types.column,
        default=0,
        metavar="COLUMN",
        help="index (from 0) or header name of the text column (default: 0)",
    )
    group.add_argument(
        "--label-column",
        type=types.column,
        default=1,
        metavar="COLUMN",
        help="index or header name of the label column (default: 1)",
    )
    group.add_argument(
        "--header", action=argparse.BooleanOptionalAction, help=HEADER_HELP
    )
    parser.add_argument(
        "--encoding",
        help="encoding of the data files, e.g. gbk (default: detect UTF-8, "
        "UTF-16/32 with a byte order mark, or GB18030)",
    )


def _add_model_option(train, networks):
    train.add_argument(
        "--model",
        default="fasttext",
        choices=sorted(networks),
        help="; ".join(
            f"{name}: {_summary(networks[name])}" for name in sorted(networks)
        )
        + " (default: %(default)s, trained with its recommended settings: "
        + "; ".join(
            f"{name}: "
            + ", ".join(
                f"{k}={v}" for k, v in networks[name].recommended_training.items()
            )
            for name in sorted(networks)
            if networks[name].recommended_training
        )
        + ")",
    )


def _add_network_options(train, networks):
    parameters = {name: network().get_params() for name, network in networks.items()}
    sizes = train.add_argument_group("text and network size")
    sizes.add_argument(
        "--max-length",
        type=types.positive_int,
        metavar="N",
        help="tokens kept per document (default: the 99th percentile of the "
        "training lengths)",
    )
    from ..preprocessing import Vocabulary

    min_freq = Vocabulary().min_freq
    sizes.add_argument(
        "--min-freq",
        type=types.min_freq,
        default=min_freq,
        metavar="N",
        help="keep tokens seen at least N times (or in a share N < 1 of the "
        f"documents); the others read as unknown (default: {min_freq})",
    )
    sizes.add_argument(
        "--embedding-dim",
        type=types.positive_int,
        metavar="N",
        help="size of the token vectors (default: %(default)s)",
    )
    for option in NETWORK_OPTIONS:
        owners = [name for name in sorted(networks) if option in parameters[name]]
        defaults = ", ".join(f"{name} {parameters[name][option]}" for name in owners)
        sizes.add_argument(
            flag(option),
            type=types.non_negative_int
            if option == "hidden_size"
            else types.positive_int,
            metavar="N",
            help=f"{NETWORK_OPTION_HELP[option]}, {' or '.join(owners)} only "
            f"(default: {defaults})",
        )
    listed = "; ".join(
        f"{name}: {', '.join(f'{p}={v!r}' for p, v in parameters[name].items())}"
        for name in sorted(networks)
    )
    sizes.add_argument(
        "--network-param",
        type=types.network_parameter,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set any parameter of the --model network, e.g. kernel_sizes=2,3 or "
        "pooling=mean; repeat for several. VALUE reads as a Python literal, else as "
        f"text. The parameters and their defaults: {listed}".replace("%", "%%"),
    )


def _add_training_options(train):
    group = train.add_argument_group("training")
    group.add_argument(
        "--epochs",
        type=types.positive_int,
        metavar="N",
        help="most epochs (default: %(default)s)",
    )
    group.add_argument(
        "--batch-size",
        type=types.positive_int,
        metavar="N",
        help="documents per step (default: %(default)s)",
    )
    group.add_argument(
        "--lr", type=types.positive_float, help="learning rate (default: %(default)s)"
    )
    group.add_argument(
        "--validation-fraction",
        type=types.fraction,
        metavar="F",
        help="share of the documents held out to report accuracy and stop early "
        "(default: %(default)s; 0 trains on everything for --epochs epochs)",
    )
    group.add_argument(
        "--patience",
        type=types.positive_int,
        metavar="N",
        help="stop after N epochs without a lower validation loss and keep the "
        "best epoch (default: %(default)s)",
    )
    group.add_argument(
        "--class-weight",
        choices=["balanced"],
        help="weigh classes inversely to their frequency (for skewed data)",
    )
    group.add_argument(
        "--random-state", type=int, metavar="N", help="seed, for reproducible runs"
    )
    group.add_argument(
        "--quiet", "-q", action="store_true", help="no per-epoch progress lines"
    )


def build_parser(*, commands_only=False):
    """The argument parser of the ``sklearn-textnn`` command.

    Parameters
    ----------
    commands_only : bool, default=False
        Only the subcommands' names and one-line help, not their options: enough
        for ``sklearn-textnn --help`` and ``--version``, and quick, since it
        imports neither scikit-learn nor torch.

    Returns
    -------
    parser : argparse.ArgumentParser
        ``parse_args`` gives the subcommand as ``command`` (``'train'``,
        ``'evaluate'`` or ``'predict'``) and its options.

    Examples
    --------
    >>> from sklearn_textnn.cli import build_parser
    >>> args = build_parser().parse_args(
    ...     ["train", "news/", "--model", "lstm", "--tokenizer", "jieba",
    ...      "--output", "news.joblib", "--epochs", "5",
    ...      "--network-param", "pooling=mean"])
    >>> args.command, args.model, args.tokenizer, args.epochs, args.network_param
    ('train', 'lstm', 'jieba', 5, [('pooling', 'mean')])
    """
    parser = _Parser(
        prog=PROG,
        description="Train, evaluate and apply neural text classifiers built on "
        "scikit-learn and PyTorch ('sklearn-textnn train --help' lists the "
        "networks).",
        epilog=TRUSTED_ONLY,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if commands_only:
        for name, help in COMMANDS.items():
            commands.add_parser(name, help=help)
        return parser
    from ..networks import available_networks

    networks = available_networks()
    train = commands.add_parser(
        "train",
        help=COMMANDS["train"],
        description="Train tokenizer -> vocabulary -> padding -> classifier on "
        "labelled texts and save the fitted pipeline.",
        epilog=TRUSTED_ONLY,
    )
    train.add_argument("data", metavar="DATA", help=DATA_HELP)
    _add_model_option(train, networks)
    train.add_argument(
        "--tokenizer",
        required=True,
        choices=["char", "word", "jieba"],
        help="char: characters and character bigrams (Chinese); word: words of "
        "space-delimited text; jieba: Chinese words segmented by jieba (its compiled "
        "port rjieba where installed: pip install rjieba)",
    )
    train.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="MODEL.tnn",
        help="model file (checked to be writable before training): a file that "
        "loads without running code, or a joblib pickle when the name ends with "
        ".joblib, .pkl or .pickle",
    )
    _add_network_options(train, networks)
    _add_training_options(train)
    _add_data_options(train)

    evaluate = commands.add_parser(
        "evaluate",
        help=COMMANDS["evaluate"],
        description="Print the classification report and the confusion matrix of "
        "a saved model on labelled test data. " + TRUSTED_ONLY,
    )
    evaluate.add_argument("model", metavar="MODEL", help="a saved model")
    evaluate.add_argument("data", metavar="DATA", help=DATA_HELP)
    evaluate.add_argument(
        "--misclassified",
        type=types.non_negative_int,
        default=0,
        metavar="N",
        help="also print the N most confidently wrong documents, with their line "
        "in a DATA file (from 1) or their file in a DATA folder",
    )
    _add_data_options(evaluate)

    predict = commands.add_parser(
        "predict",
        help=COMMANDS["predict"],
        description="Print the predicted label and its probability for each line "
        "of FILE (or of stdin): output line i belongs to input line i. A blank line "
        "gets a label too, with a warning on stderr. " + TRUSTED_ONLY,
    )
    predict.add_argument("model", metavar="MODEL", help="a saved model")
    predict.add_argument(
        "input",
        nargs="?",
        default="-",
        metavar="FILE",
        help="texts, one per line; - or nothing reads stdin",
    )
    predict.add_argument(
        "--proba",
        action="store_true",
        help="print the probability of every class, after a header line",
    )
    predict.add_argument(
        "--format",
        choices=["tsv", "json"],
        default="tsv",
        help="tsv: tab-separated columns; json: one JSON object per line "
        "(default: tsv)",
    )
    predict.add_argument("--encoding", help="encoding of FILE (default: detect)")
    return parser
