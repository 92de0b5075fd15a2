"""The ``sklearn-textnn`` command: train, evaluate and apply a text classifier.

Three subcommands, also run by ``python -m sklearn_textnn``::

    sklearn-textnn train DATA --model textcnn --tokenizer char --output model.joblib
    sklearn-textnn evaluate model.joblib TEST_DATA --misclassified 10
    sklearn-textnn predict model.joblib texts.txt       # or - for stdin

``DATA`` is a folder with one sub-folder per class and one file per document (read
by :func:`~sklearn_textnn.datasets.load_text_folders`), or a TSV or CSV file of
texts and labels (read by :func:`~sklearn_textnn.datasets.load_text_file`).
``train`` fits the pipeline tokenizer -> :class:`~sklearn_textnn.Vocabulary` ->
:class:`~sklearn_textnn.SequencePadder` -> classifier and saves it with joblib:
``joblib.load`` gives back the fitted :class:`~sklearn.pipeline.Pipeline`, whose
``predict`` takes raw texts and returns label names.

Security: a model file is a pickle, and loading one runs code stored in it. Only
load model files from sources you trust.

Errors the user can fix (a missing file, an empty folder, a file that is not a
model) print one line on stderr and exit with status 2.
"""

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

import joblib
import numpy as np
from sklearn.metrics import classification_report, confusion_matrix
from sklearn.pipeline import Pipeline

from . import __version__
from .classifiers import BaseTextClassifier, LSTMClassifier, TextCNNClassifier
from .classifiers._base import DEFAULT_EMBEDDING_DIM
from .datasets import load_text_file, load_text_folders
from .datasets._encoding import decode_text
from .inspection import misclassified
from .inspection._learning_curves import _restored_epoch
from .preprocessing import JiebaSegmenter, SequencePadder, TextTokenizer, Vocabulary

PROG = "sklearn-textnn"
TRUSTED_ONLY = (
    "Model files are pickles: loading one runs code stored in it. Only load model "
    "files from sources you trust."
)
MODELS = {"textcnn": TextCNNClassifier, "lstm": LSTMClassifier}
# Defaults of the training options, shown in --help; both classifiers share them.
DEFAULTS = TextCNNClassifier().get_params()
# Options of train given to the classifier as they are: option -> parameter.
CLASSIFIER_OPTIONS = {
    "epochs": "max_epochs",
    "batch_size": "batch_size",
    "lr": "lr",
    "patience": "patience",
    "class_weight": "class_weight",
    "random_state": "random_state",
    "embedding_dim": "embedding_dim",
}
# Options that shape one architecture only: option -> model.
ARCHITECTURE_OPTIONS = {"num_filters": "textcnn", "hidden_size": "lstm"}


class CommandError(Exception):
    """A mistake of the user, reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors fit on one line."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# ------------------------------------------------------------------ argument types
def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not >= 1")
    return value


def _min_freq(text):
    if re.fullmatch(r"[0-9]+", text):
        return _positive_int(text)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            f"{text} is neither a count (int >= 1) nor a share of documents in (0, 1]"
        )
    return value


def _fraction(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not in [0, 1)")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} is not > 0")
    return value


def _column(text):
    """A column index (digits) or a column name from the header."""
    return int(text) if re.fullmatch(r"[0-9]+", text) else text


# ----------------------------------------------------------------------- parser
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
        type=_column,
        default=0,
        metavar="COLUMN",
        help="index (from 0) or header name of the text column (default: 0)",
    )
    group.add_argument(
        "--label-column",
        type=_column,
        default=1,
        metavar="COLUMN",
        help="index or header name of the label column (default: 1)",
    )
    parser.add_argument(
        "--encoding",
        help="encoding of the data files, e.g. gbk (default: detect UTF-8, "
        "UTF-16/32 with a byte order mark, or GB18030)",
    )


def build_parser():
    """The argument parser of the ``sklearn-textnn`` command.

    Returns
    -------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> from sklearn_textnn.cli import build_parser
    >>> args = build_parser().parse_args(
    ...     ["train", "news/", "--model", "lstm", "--tokenizer", "jieba",
    ...      "--output", "news.joblib", "--epochs", "5"])
    >>> args.command, args.model, args.tokenizer, args.epochs
    ('train', 'lstm', 'jieba', 5)
    """
    parser = _Parser(
        prog=PROG,
        description="Train, evaluate and apply neural text classifiers "
        "(TextCNN, LSTM) built on scikit-learn and PyTorch.",
        epilog=TRUSTED_ONLY,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data_help = (
        "a folder with one sub-folder per class (one file per document), or a TSV "
        "or CSV file of texts and labels"
    )
    train = commands.add_parser(
        "train",
        help="train a classifier and save it",
        description="Train tokenizer -> vocabulary -> padding -> classifier on "
        "labelled texts and save the fitted pipeline with joblib.",
        epilog=TRUSTED_ONLY,
    )
    train.add_argument("data", metavar="DATA", help=data_help)
    train.add_argument(
        "--model",
        required=True,
        choices=list(MODELS),
        help="textcnn: convolutions over token windows (fast); lstm: a "
        "bidirectional LSTM",
    )
    train.add_argument(
        "--tokenizer",
        required=True,
        choices=["char", "word", "jieba"],
        help="char: characters and character bigrams (Chinese); word: words of "
        "space-delimited text; jieba: Chinese words segmented by jieba",
    )
    train.add_argument(
        "--output", "-o", required=True, metavar="MODEL.joblib", help="model file"
    )
    nets = train.add_argument_group("training")
    nets.add_argument(
        "--epochs",
        type=_positive_int,
        metavar="N",
        help=f"most epochs (default: {DEFAULTS['max_epochs']})",
    )
    nets.add_argument(
        "--batch-size",
        type=_positive_int,
        metavar="N",
        help=f"documents per step (default: {DEFAULTS['batch_size']})",
    )
    nets.add_argument(
        "--lr",
        type=_positive_float,
        help=f"learning rate (default: {DEFAULTS['lr']})",
    )
    nets.add_argument(
        "--validation-fraction",
        type=_fraction,
        metavar="F",
        help="share of the documents held out to report accuracy and stop early "
        f"(default: {DEFAULTS['validation_fraction']}; 0 trains on everything "
        "for --epochs epochs)",
    )
    nets.add_argument(
        "--patience",
        type=_positive_int,
        metavar="N",
        help="stop after N epochs without a lower validation loss and keep the "
        f"best epoch (default: {DEFAULTS['patience']})",
    )
    nets.add_argument(
        "--class-weight",
        choices=["balanced"],
        help="weigh classes inversely to their frequency (for skewed data)",
    )
    nets.add_argument(
        "--random-state", type=int, metavar="N", help="seed, for reproducible runs"
    )
    nets.add_argument(
        "--quiet", "-q", action="store_true", help="no per-epoch progress lines"
    )
    sizes = train.add_argument_group("text and network size")
    sizes.add_argument(
        "--max-length",
        type=_positive_int,
        metavar="N",
        help="tokens kept per document (default: the 99th percentile of the "
        "training lengths)",
    )
    sizes.add_argument(
        "--min-freq",
        type=_min_freq,
        default=1,
        metavar="N",
        help="keep tokens seen at least N times (or in a share N < 1 of the "
        "documents); the others read as unknown (default: 1)",
    )
    sizes.add_argument(
        "--embedding-dim",
        type=_positive_int,
        metavar="N",
        help=f"size of the token vectors (default: {DEFAULT_EMBEDDING_DIM})",
    )
    sizes.add_argument(
        "--num-filters",
        type=_positive_int,
        metavar="N",
        help="convolution filters per width, textcnn only (default: "
        f"{TextCNNClassifier().num_filters})",
    )
    sizes.add_argument(
        "--hidden-size",
        type=_positive_int,
        metavar="N",
        help="LSTM units per direction, lstm only (default: "
        f"{LSTMClassifier().hidden_size})",
    )
    _add_data_options(train)
    train.set_defaults(run=_train)

    evaluate = commands.add_parser(
        "evaluate",
        help="report the scores of a saved model on labelled data",
        description="Print the classification report and the confusion matrix of "
        "a saved model on labelled test data. " + TRUSTED_ONLY,
    )
    evaluate.add_argument("model", metavar="MODEL.joblib", help="a saved model")
    evaluate.add_argument("data", metavar="DATA", help=data_help)
    evaluate.add_argument(
        "--misclassified",
        type=int,
        default=0,
        metavar="N",
        help="also print the N most confidently wrong documents",
    )
    _add_data_options(evaluate)
    evaluate.set_defaults(run=_evaluate)

    predict = commands.add_parser(
        "predict",
        help="label new texts, one per line",
        description="Print the predicted label and its probability for each line "
        "of FILE (or of stdin): output line i belongs to input line i. " + TRUSTED_ONLY,
    )
    predict.add_argument("model", metavar="MODEL.joblib", help="a saved model")
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
    predict.set_defaults(run=_predict)
    return parser


# ------------------------------------------------------------------- data, model
def _load_data(args):
    """``(documents, labels, names)``: the texts, their labels, a name for each."""
    path = Path(args.data)
    if not path.exists():
        raise CommandError(f"{path}: no such file or folder")
    if path.is_dir():
        data = load_text_folders(path, encoding=args.encoding)
        names = [str(Path(f).relative_to(path)) for f in data.filenames]
    else:
        data = load_text_file(
            path,
            format=args.data_format,
            text_column=args.text_column,
            label_column=args.label_column,
            encoding=args.encoding,
        )
        names = [f"document {i}" for i in range(len(data.data))]
    labels = np.asarray(data.target_names, dtype=object)[data.target]
    return data.data, labels, names


def _load_model(path):
    path = Path(path)
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path} is a folder, not a model file")
    try:
        model = joblib.load(path)
    except Exception as exc:
        raise CommandError(
            f"{path} is not a sklearn-textnn model file (joblib cannot read it: "
            f"{type(exc).__name__})"
        ) from None
    if not (
        isinstance(model, Pipeline)
        and isinstance(model.steps[-1][1], BaseTextClassifier)
        and hasattr(model.steps[-1][1], "net_")
    ):
        raise CommandError(
            f"{path} holds a {type(model).__name__}, not a sklearn-textnn model (a "
            "fitted Pipeline ending with TextCNNClassifier or LSTMClassifier, as "
            f"'{PROG} train' saves)"
        )
    return model


def _build_pipeline(args):
    """The unfitted pipeline; options left out keep the classifier's defaults."""
    options = vars(args)
    params = {
        parameter: options[option]
        for option, parameter in CLASSIFIER_OPTIONS.items()
        if options[option] is not None
    }
    for option, model in ARCHITECTURE_OPTIONS.items():
        if options[option] is not None:
            if args.model != model:
                flag = "--" + option.replace("_", "-")
                raise CommandError(
                    f"{flag} applies to --model {model}, not --model {args.model}"
                )
            params[option] = options[option]
    if args.validation_fraction is not None:
        params["validation_fraction"] = args.validation_fraction or None
    classifier = MODELS[args.model](**params, verbose=0 if args.quiet else 1)
    if args.tokenizer == "jieba":
        tokenizer = JiebaSegmenter()
    else:
        tokenizer = TextTokenizer(level=args.tokenizer)
    return Pipeline(
        [
            ("tokenizer", tokenizer),
            ("vocabulary", Vocabulary(min_freq=args.min_freq)),
            ("padder", SequencePadder(maxlen=args.max_length)),
            ("classifier", classifier),
        ]
    )


# ---------------------------------------------------------------------- output
def _width(text):
    """Columns that ``text`` takes in a terminal (wide CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text, width, align="<"):
    fill = " " * max(width - _width(text), 0)
    return text + fill if align == "<" else fill + text


def _shorten(text, width):
    text = " ".join(text.split())
    if _width(text) <= width:
        return text
    out = ""
    for char in text:
        if _width(out + char) > width - 1:
            break
        out += char
    return out + "…"


def _table(rows, align):
    """Lines of a text table; ``align`` is '<' or '>' per column."""
    widths = [max(_width(row[j]) for row in rows) for j in range(len(align))]
    return [
        "  ".join(_pad(cell, w, a) for cell, w, a in zip(row, widths, align)).rstrip()
        for row in rows
    ]


def _class_counts(labels):
    names, counts = np.unique(labels.astype(str), return_counts=True)
    return ", ".join(f"{name} ({count})" for name, count in zip(names, counts))


def _validation_summary(classifier):
    """How the validation accuracy reads in the training summary."""
    history = classifier.history_
    accuracy = {row["epoch"]: row["valid_acc"] for row in history if "valid_acc" in row}
    if not accuracy:
        return "no validation set"
    last = history[-1, "epoch"]
    best = _restored_epoch(classifier, last)
    if best is not None:
        return f"validation accuracy {accuracy[best]:.3f} (best epoch {best}, restored)"
    return f"validation accuracy {accuracy[max(accuracy)]:.3f}"


# -------------------------------------------------------------------- commands
def _train(args):
    output = Path(args.output)
    if output.is_dir():
        raise CommandError(f"--output {output} is a folder; name a file to write")
    if not output.parent.is_dir():
        raise CommandError(f"--output {output}: folder {output.parent} does not exist")
    pipeline = _build_pipeline(args)
    documents, labels, _ = _load_data(args)
    n_classes = len(np.unique(labels))
    print(
        f"Read {len(documents)} documents in {n_classes} classes from {args.data}: "
        f"{_class_counts(labels)}"
    )
    print(f"Training {args.model} on {args.tokenizer} tokens", flush=True)
    start = time.perf_counter()
    pipeline.fit(documents, labels)
    elapsed = time.perf_counter() - start
    classifier = pipeline.named_steps["classifier"]
    vocabulary = pipeline.named_steps["vocabulary"]
    padder = pipeline.named_steps["padder"]
    print(
        f"Trained on {len(documents)} documents, {n_classes} classes: "
        f"{classifier.n_epochs_} epoch{'s' * (classifier.n_epochs_ != 1)}, "
        f"{_validation_summary(classifier)}, "
        f"{elapsed:.1f} s"
    )
    print(
        f"Vocabulary: {vocabulary.n_tokens_} tokens; documents cut or padded to "
        f"{padder.maxlen_} tokens ({padder.n_truncated_} cut)"
    )
    try:
        joblib.dump(pipeline, output)
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror}") from None
    print(f"Saved the model to {output}")
    return 0


def _evaluate(args):
    if args.misclassified < 0:
        raise CommandError(f"--misclassified {args.misclassified} is negative")
    model = _load_model(args.model)
    documents, labels, names = _load_data(args)
    classes = model.classes_
    unknown = sorted(set(labels.tolist()) - set(classes.tolist()), key=str)
    if unknown:
        raise CommandError(
            f"{args.data} has labels the model was not trained on: {unknown}; it "
            f"knows {classes.tolist()}"
        )
    # One pass over the data: every document not listed as wrong was predicted its
    # true label.
    wrong = misclassified(model, documents, labels, as_frame=False)
    predicted = labels.copy()
    for row in wrong:
        predicted[row["index"]] = row["predicted_label"]
    n = len(documents)
    accuracy = 1 - len(wrong) / n
    print(f"{n} documents from {args.data}: accuracy {accuracy:.3f}\n")
    print(
        classification_report(
            labels,
            predicted,
            labels=classes,
            target_names=[str(c) for c in classes],
            digits=3,
            zero_division=0,
        )
    )
    matrix = confusion_matrix(labels, predicted, labels=classes)
    names_of_classes = [str(c) for c in classes]
    rows = [["true \\ predicted", *names_of_classes]]
    rows += [
        [name, *map(str, counts)] for name, counts in zip(names_of_classes, matrix)
    ]
    print("Confusion matrix (rows: true label, columns: predicted label)")
    print("\n".join(_table(rows, "<" + ">" * len(classes))))
    if args.misclassified and wrong:
        shown = wrong[: args.misclassified]
        print(
            f"\nThe {len(shown)} most confidently wrong of {len(wrong)} "
            "misclassified documents:"
        )
        rows = [["document", "true", "predicted", "p(predicted)", "p(true)", "text"]]
        rows += [
            [
                names[row["index"]],
                str(row["true_label"]),
                str(row["predicted_label"]),
                f"{row['predicted_proba']:.3f}",
                f"{row['true_proba']:.3f}",
                _shorten(row["text"], 60),
            ]
            for row in shown
        ]
        print("\n".join(_table(rows, "<<<>><")))
    return 0


def _read_lines(source, encoding):
    if source == "-":
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        raw = stream.read() if stream is not None else sys.stdin.read().encode()
        where = "stdin"
    else:
        path = Path(source)
        if not path.is_file():
            what = "is a folder" if path.is_dir() else "no such file"
            raise CommandError(f"{path}: {what}")
        raw = path.read_bytes()
        where = str(path)
    try:
        text, _ = decode_text(raw, encoding)
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{where}: cannot decode byte {exc.start} ({exc.reason}); pass "
            "--encoding, e.g. --encoding gbk"
        ) from None
    return text.splitlines()


def _predict(args):
    model = _load_model(args.model)
    lines = _read_lines(args.input, args.encoding)
    classes = model.classes_.tolist()
    out = sys.stdout
    if args.proba and args.format == "tsv":
        out.write("\t".join(["label", *map(str, classes)]) + "\n")
    if not lines:
        return 0
    proba = model.predict_proba(lines)
    best = np.argmax(proba, axis=1)
    for row, column in zip(proba.tolist(), best.tolist()):
        label = classes[column]
        if args.format == "json":
            record = {"label": label}
            if args.proba:
                record["probabilities"] = {
                    str(c): round(p, 6) for c, p in zip(classes, row)
                }
            else:
                record["probability"] = round(row[column], 6)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif args.proba:
            out.write("\t".join([str(label), *(f"{p:.4f}" for p in row)]) + "\n")
        else:
            out.write(f"{label}\t{row[column]:.4f}\n")
    return 0


def main(argv=None):
    """Run the ``sklearn-textnn`` command.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments, without the program name. ``None`` reads ``sys.argv``.

    Returns
    -------
    status : int
        0 on success; 2 for a mistake of the user (a missing file, an empty folder,
        a file that is not a model...), reported in one line on stderr.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (CommandError, OSError, ValueError) as exc:
        message = " ".join(str(exc).split())
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
