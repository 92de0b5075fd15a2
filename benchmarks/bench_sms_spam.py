"""SMS spam (13 % spam): text only, hand-made features only, and both merged.

Stratified 5-fold cross-validation on the 5,574 messages of the UCI SMS Spam
Collection, each model a scikit-learn Pipeline on a DataFrame with one ``text``
column, fitted without and with ``class_weight='balanced'``:

* TF-IDF word 1-2-grams + LogisticRegression (the baseline a user would otherwise
  pick);
* text only: TextTokenizer -> Vocabulary -> SequencePadder -> TextCNNClassifier;
* features only: TextStatistics -> StandardScaler -> LogisticRegression;
* merged: a ColumnTransformer (the text pipeline, and TextStatistics ->
  StandardScaler, on the same column) -> FeatureMergeClassifier.

The neural classifiers keep their default hyperparameters (``random_state`` set).
Scores: F1 of the spam class and balanced accuracy, mean and standard deviation over
the folds.

Usage::

    python benchmarks/bench_sms_spam.py [--data ../shared/data] [--models ...]
        [--folds 5] [--n-jobs 2] [--threads 1]

Prints a table and writes benchmarks/results/sms_spam.json and sms_spam.md.
"""

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_textnn import (
    FeatureMergeClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextStatistics,
    TextTokenizer,
    Vocabulary,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = 0


def read_sms_spam(folder):
    """The messages as a one-column DataFrame, and their labels ('ham', 'spam')."""
    path = folder / "sms_spam" / "SMSSpamCollection"
    if not path.is_file():
        sys.exit(
            f"SMS Spam Collection not found at {path}: this benchmark reads the "
            "shared data folder beside the checkout (../shared/data); pass --data DIR"
        )
    labels, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, text = line.split("\t", 1)
        labels.append(label)
        texts.append(text)
    return pd.DataFrame({"text": texts}), np.array(labels)


def text_ids():
    return make_pipeline(TextTokenizer(), Vocabulary(), SequencePadder())


def tfidf_logreg(class_weight):
    return make_pipeline(
        ColumnTransformer([("tfidf", TfidfVectorizer(ngram_range=(1, 2)), "text")]),
        LogisticRegression(max_iter=1000, class_weight=class_weight),
    )


def text_only(class_weight):
    return make_pipeline(
        ColumnTransformer([("text", text_ids(), "text")]),
        TextCNNClassifier(class_weight=class_weight, random_state=SEED),
    )


def features_only(class_weight):
    return make_pipeline(
        ColumnTransformer([("stats", TextStatistics(), "text")]),
        StandardScaler(),
        LogisticRegression(max_iter=1000, class_weight=class_weight),
    )


def merged(class_weight):
    columns = ColumnTransformer(
        [
            ("text", text_ids(), "text"),
            ("stats", make_pipeline(TextStatistics(), StandardScaler()), "text"),
        ]
    ).set_output(transform="pandas")
    return make_pipeline(
        columns, FeatureMergeClassifier(class_weight=class_weight, random_state=SEED)
    )


MODELS = {
    "tfidf": ("TF-IDF 1-2-grams + LogisticRegression", tfidf_logreg),
    "text": ("text only: TextCNNClassifier", text_only),
    "features": ("features only: TextStatistics + LogisticRegression", features_only),
    "merged": ("merged: FeatureMergeClassifier (TextCNN + TextStatistics)", merged),
}

SCORING = {
    "f1_spam": make_scorer(f1_score, pos_label="spam"),
    "balanced_accuracy": "balanced_accuracy",
}


def evaluate(key, class_weight, frame, y, folds, n_jobs):
    name, build = MODELS[key]
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    start = time.perf_counter()
    scores = cross_validate(
        build(class_weight),
        frame,
        y,
        cv=cv,
        scoring=SCORING,
        return_estimator=True,
        error_score="raise",
        n_jobs=n_jobs,
    )
    row = {
        "model": name,
        "key": key,
        "class_weight": class_weight,
        "wall_s": time.perf_counter() - start,
        "fit_s": float(np.mean(scores["fit_time"])),
    }
    for metric in SCORING:
        values = scores[f"test_{metric}"]
        row[metric] = float(values.mean())
        row[f"{metric}_std"] = float(values.std())
        row[f"{metric}_folds"] = values.tolist()
    epochs = [getattr(est[-1], "n_epochs_", None) for est in scores["estimator"]]
    if epochs[0] is not None:
        row["epochs"] = epochs
    return row


def write_table(rows, n_messages, n_spam, folds):
    lines = [
        "| model | class_weight | F1 spam | balanced accuracy | fit (s) | epochs |",
        "|---|---|---|---|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['model']} | {r['class_weight']} "
            f"| {r['f1_spam']:.3f} ± {r['f1_spam_std']:.3f} "
            f"| {r['balanced_accuracy']:.3f} ± {r['balanced_accuracy_std']:.3f} "
            f"| {r['fit_s']:.1f} | {', '.join(map(str, r.get('epochs', [])))} |"
        )
    notes = []
    for weight in (None, "balanced"):
        ours = [r for r in rows if r["key"] != "tfidf" and r["class_weight"] == weight]
        if len(ours) > 1:
            best = max(ours, key=lambda r: r["f1_spam"])
            notes.append(
                f"Best of ours by F1 spam, class_weight={weight}: {best['model']}."
            )
    machine = (
        f"{platform.machine()}, {torch.get_num_threads()} torch thread(s), "
        f"torch {torch.__version__}"
    )
    command = f"python benchmarks/bench_sms_spam.py {' '.join(sys.argv[1:])}".rstrip()
    text = "\n".join(
        [
            f"# SMS spam ({n_messages:,} messages, {n_spam} spam: "
            f"{100 * n_spam / n_messages:.1f} %)",
            "",
            f"Stratified {folds}-fold cross-validation (shuffled, seed {SEED}); mean "
            "± standard deviation over the folds. Fit time: mean seconds per fold, "
            "one run (compare ratios, not absolute times).",
            "",
            f"Command: `{command}`",
            f"Machine: {machine}.",
            "",
            *lines,
            "",
            *notes,
            "",
        ]
    )
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "sms_spam.md").write_text(text, encoding="utf-8")
    (RESULTS / "sms_spam.json").write_text(
        json.dumps(
            {
                "n_messages": n_messages,
                "n_spam": n_spam,
                "folds": folds,
                "machine": machine,
                "rows": rows,
                "notes": notes,
            },
            indent=2,
        ),
        encoding="utf-8",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--models", nargs="+", default=list(MODELS), choices=list(MODELS)
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--n-jobs", type=int, default=2, help="folds fitted in parallel processes"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads per process (one is fastest for these networks on a "
        "busy CPU; parallel folds get one each)",
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    frame, y = read_sms_spam(Path(args.data))
    rows = []
    for key in args.models:
        for class_weight in (None, "balanced"):
            row = evaluate(key, class_weight, frame, y, args.folds, args.n_jobs)
            print(
                json.dumps({k: v for k, v in row.items() if "folds" not in k}),
                flush=True,
            )
            rows.append(row)
    write_table(rows, len(y), int(np.sum(y == "spam")), args.folds)


if __name__ == "__main__":
    main()
