"""The three subcommands: ``train``, ``evaluate`` and ``predict``.

Each takes the parsed arguments, prints its results on stdout, warnings on stderr,
and returns the exit status; a mistake of the user raises
:class:`~sklearn_textnn.cli._messages.CommandError`.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import classification_report, confusion_matrix

from ..inspection import misclassified
from ._loading import check_output, iter_lines, load_data, load_model, save_model
from ._messages import PROG, CommandError, numbered, warn
from ._output import class_counts, shorten, table
from ._pipeline import build_pipeline


def train(args):
    output = Path(args.output)
    check_output(output)
    pipeline = build_pipeline(args)
    data = load_data(args)
    documents, labels = data.documents, data.labels
    n_classes = len(np.unique(labels))
    print(
        f"Read {len(documents)} documents in {n_classes} classes from {args.data}: "
        f"{class_counts(labels)}",
        flush=True,
    )
    classifier = pipeline.named_steps["classifier"]
    _warn_small_classes(data, classifier.validation_fraction, args.data)
    print(f"Training {args.model} on {args.tokenizer} tokens", flush=True)
    start = time.perf_counter()
    pipeline.fit(documents, labels)
    elapsed = time.perf_counter() - start
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
    save_model(pipeline, output)
    print(f"Saved the model to {output}")
    return 0


def _warn_small_classes(data, validation_fraction, source):
    """Warn about classes too small for a stratified validation split.

    The classifier holds out a validation set stratified by class only when every
    class has at least 2 documents and the set can hold one of each; otherwise it
    holds out documents at random, and a small class may be missing from training
    or from validation.
    """
    if validation_fraction is None:
        return
    names, counts = np.unique(data.labels.astype(str), return_counts=True)
    single = [repr(str(name)) for name, count in zip(names, counts) if count < 2]
    n_valid = int(np.ceil(validation_fraction * len(data.labels)))
    if single:
        which = (
            f"class {single[0]} has 1 document"
            if len(single) == 1
            else f"classes {numbered(single)} have 1 document each"
        )
        hint = ""
        if data.header is False and repr(str(data.labels[0])) in single:
            hint = f"; if line 1 of {source} holds column names, pass --header"
        warn(
            f"{which}: a stratified validation split needs at least 2 documents of "
            "each class, so the documents held out are drawn at random and such a "
            "class may be missing from training (add documents, or pass "
            f"--validation-fraction 0){hint}"
        )
    elif n_valid < len(names):
        warn(
            f"the validation split holds out {n_valid} document{'s' * (n_valid != 1)}, "
            f"fewer than the {len(names)} classes: it cannot hold one of each, so it "
            "is drawn at random (raise --validation-fraction)"
        )


def _validation_summary(classifier):
    """How the validation accuracy reads in the training summary."""
    history = classifier.history_
    accuracy = {row["epoch"]: row["valid_acc"] for row in history if "valid_acc" in row}
    if not accuracy:
        return "no validation set"
    best, last = classifier.best_epoch_, history[-1, "epoch"]
    if best != last and best in accuracy:
        return f"validation accuracy {accuracy[best]:.3f} (best epoch {best}, restored)"
    return f"validation accuracy {accuracy[max(accuracy)]:.3f}"


def evaluate(args):
    model = load_model(args.model)
    data = load_data(args, with_origins=args.misclassified > 0)
    documents, labels = data.documents, data.labels
    classes = model.classes_
    unknown = sorted(set(labels.tolist()) - set(classes.tolist()), key=str)
    if unknown:
        hint = ""
        if data.header is False and labels[0] in unknown:
            hint = f"; is line 1 of {args.data} a header? pass --header"
        raise CommandError(
            f"{args.data} has labels the model was not trained on: {unknown}; it "
            f"knows {classes.tolist()}{hint}"
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
    print("\n".join(table(rows, "<" + ">" * len(classes))))
    if args.misclassified and wrong:
        _print_misclassified(wrong[: args.misclassified], len(wrong), data, args.data)
    return 0


def _print_misclassified(shown, n_wrong, data, source):
    if data.origins is None:
        where, origins = "document", [str(i + 1) for i in range(len(data.documents))]
        said = " (document: its number in the file, from 1)"
    elif data.origin == "line":
        where, origins = "line", [str(line) for line in data.origins]
        said = f" (line: its line in {source}, from 1)"
    else:
        where, origins, said = "file", data.origins, ""
    print(
        f"\nThe {len(shown)} most confidently wrong of {n_wrong} misclassified "
        f"documents{said}:"
    )
    rows = [[where, "true", "predicted", "p(predicted)", "p(true)", "text"]]
    rows += [
        [
            origins[row["index"]],
            str(row["true_label"]),
            str(row["predicted_label"]),
            f"{row['predicted_proba']:.3f}",
            f"{row['true_proba']:.3f}",
            shorten(row["text"], 60),
        ]
        for row in shown
    ]
    print("\n".join(table(rows, "<<<>><")))


def predict(args):
    model = load_model(args.model)
    chunks, where = iter_lines(args.input, args.encoding)
    classes = model.classes_.tolist()
    out = sys.stdout
    if args.proba and args.format == "tsv":
        out.write("\t".join(["label", *map(str, classes)]) + "\n")
    blank = []
    done = 0
    start = time.perf_counter()
    for lines in chunks:
        blank.extend(done + n for n, line in enumerate(lines, 1) if not line.strip())
        _write_predictions(out, model.predict_proba(lines), classes, args)
        done += len(lines)
        if done > len(lines):  # a long input: say how far it is
            rate = done / (time.perf_counter() - start)
            print(f"{PROG}: {done:,} lines predicted ({rate:,.0f}/s)", file=sys.stderr)
    _warn_blank_lines(blank, where)
    return 0


def _write_predictions(out, proba, classes, args):
    best = np.argmax(proba, axis=1)
    rows = []
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
            rows.append(json.dumps(record, ensure_ascii=False))
        elif args.proba:
            rows.append("\t".join([str(label), *(f"{p:.4f}" for p in row)]))
        else:
            rows.append(f"{label}\t{row[column]:.4f}")
    if rows:
        out.write("\n".join(rows) + "\n")
    out.flush()


def _warn_blank_lines(blank, where):
    """Warn that blank lines (their numbers, from 1) got a label all the same: the
    output stays aligned."""
    if len(blank) == 1:
        warn(
            f"line {blank[0]} of {where} is blank; its label is the model's guess "
            "for an empty text"
        )
    elif blank:
        warn(
            f"lines {numbered(blank)} of {where} are blank; their labels are the "
            "model's guess for an empty text"
        )
