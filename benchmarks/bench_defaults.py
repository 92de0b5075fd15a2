"""The recommended pipelines against TF-IDF + LinearSVC on every shared data set.

One run, one table: accuracy, macro-F1 and fit time of each pipeline beside the
baseline a user would otherwise pick (TF-IDF + LinearSVC: character 1-2-grams for
Chinese, word 1-2-grams for English), on data of every shape:

* THUCNews headlines (Simplified Chinese, 10 balanced classes, 45,000 train /
  10,000 test);
* PCNews, Joke, PCWeb (Traditional Chinese, skewed classes, long to short
  documents; their own train/test files);
* SMS spam (English, short, 13 % spam) and BBC News (English, long, 5 classes):
  stratified 5-fold cross-validation, seeded.

Pipelines (``--models``):

* ``tfidf``: the baseline;
* ``tfidf-tokens``: TF-IDF + LinearSVC on the recommended default's tokens (the
  same features as the network, read by the baseline's linear model): the
  baseline's character analyzer also reads whitespace (a space between two
  sentences makes bigrams), which the recommended tokenizer drops;
* ``tfidf-tokens-balanced`` and ``tfidf-tokens-logreg``: the same features read by
  LinearSVC with the network's class weights (``class_weight='balanced'``), and
  by a multinomial logistic regression with them (the network's loss,
  cross-entropy, solved to convergence; ``C=30`` was the best of 10, 30 and 100
  on Joke): where the network trails the baseline, they tell the features, the
  class weights and the loss apart;
* ``fasttext``: the recommended default. Chinese: characters and character bigrams
  (``TextTokenizer(level='char')``); English: words and word bigrams
  (``TextTokenizer(ngram_range=(1, 2))``). Then ``Vocabulary(min_freq=1)`` and
  ``FastTextClassifier()`` with its defaults;
* ``fasttext-words`` (Chinese only): characters and bigrams plus jieba words and
  word bigrams, joined by ``TokenUnion``;
* ``fasttext-vote``: the recommended default's tokens and vocabulary, then a soft
  vote (:class:`~sklearn.ensemble.VotingClassifier`) of five FastText seeds;
* ``textcnn``: the previous default, ``TextTokenizer -> Vocabulary ->
  SequencePadder -> TextCNNClassifier()``.

Usage::

    python benchmarks/bench_defaults.py [--data ../shared/data] [--datasets ...]
        [--models ...] [--params "token_dropout=0.0"] [--seeds 1] [--cv K] [--threads 1]
        [--output defaults]

``--seeds N`` fits each network N times (``random_state`` 0 to N-1) on every
split and reports the means: on the small skewed sets one fit moves by a point
or more with the seed.

``--cv K`` pools the train and test files of the sets that come split (THUCNews,
PCNews, Joke, PCWeb) and scores stratified, seeded K-fold cross-validation
instead: every document is tested once, so a set of 500 test documents, where one
document is 0.2 point, gives a steadier comparison. SMS spam and BBC News are
cross-validated (5 folds) either way.

Prints a table and writes benchmarks/results/<output>.json and .md.
"""

import argparse
import json
import platform
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from sklearn_textnn import (
    FastTextClassifier,
    JiebaSegmenter,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    TokenUnion,
    Vocabulary,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = 0


# ------------------------------------------------------------------------ data sets
def _read_tsv(path, label_first):
    texts, labels = [], []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            first, _, second = line.partition("\t")
            label, text = (first, second) if label_first else (second, first)
            texts.append(text)
            labels.append(label)
    return texts, np.asarray(labels)


def _split(name, language, train, test):
    return {"name": name, "language": language, "splits": [(train, test)]}


def _folds(name, language, texts, labels, n_folds=5):
    texts = np.asarray(texts, dtype=object)
    labels = np.asarray(labels)
    cv = StratifiedKFold(n_folds, shuffle=True, random_state=SEED)
    splits = [
        ((list(texts[a]), labels[a]), (list(texts[b]), labels[b]))
        for a, b in cv.split(texts, labels)
    ]
    return {"name": name, "language": language, "splits": splits}


def thucnews(data):
    folder = data / "thucnews"
    return _split(
        "THUCNews (zh, 45k headlines)",
        "zh",
        _read_tsv(folder / "train.txt", label_first=False),
        _read_tsv(folder / "test.txt", label_first=False),
    )


def tseng(set_name, description):
    def load(data):
        folder = data / "tseng_zh"
        return _split(
            f"{set_name} (zh-Hant, {description})",
            "zh",
            _read_tsv(folder / f"{set_name}_train.txt", label_first=True),
            _read_tsv(folder / f"{set_name}_test.txt", label_first=True),
        )

    return load


def sms_spam(data):
    texts, labels = _read_tsv(data / "sms_spam" / "SMSSpamCollection", True)
    return _folds("SMS spam (en, short, skewed; 5-fold)", "en", texts, labels)


def bbc_news(data):
    # One file of the set is Latin-1: name its encoding for that file alone.
    folder = data / "bbc_news"
    texts, labels = [], []
    for class_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
        for file in sorted(class_folder.glob("*.txt")):
            raw = file.read_bytes()
            try:
                texts.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                texts.append(raw.decode("latin-1"))
            labels.append(class_folder.name)
    return _folds("BBC News (en, long; 5-fold)", "en", texts, np.asarray(labels))


def pooled(dataset, n_folds):
    """``dataset`` with its train and test files pooled, then cut in ``n_folds``
    stratified folds; a set that is cross-validated already stays as it is."""
    if len(dataset["splits"]) > 1:
        return dataset
    (X_train, y_train), (X_test, y_test) = dataset["splits"][0]
    return _folds(
        f"{dataset['name']}, {n_folds}-fold on train + test",
        dataset["language"],
        list(X_train) + list(X_test),
        np.concatenate([y_train, y_test]),
        n_folds,
    )


DATASETS = {
    "thucnews": thucnews,
    "pcnews": tseng("PCNews", "long, skewed"),
    "joke": tseng("Joke", "medium, skewed"),
    "pcweb": tseng("PCWeb", "short, skewed"),
    "sms_spam": sms_spam,
    "bbc_news": bbc_news,
}


# ------------------------------------------------------------------------ pipelines
def tfidf(language):
    if language == "zh":
        vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=(1, 2), sublinear_tf=True
        )
    else:
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    return make_pipeline(vectorizer, LinearSVC())


def _token_list(tokens):
    return tokens


def tfidf_tokens(language, classifier=None):
    return make_pipeline(
        tokens(language, words=False),
        TfidfVectorizer(analyzer=_token_list, sublinear_tf=True),
        LinearSVC() if classifier is None else classifier,
    )


def tokens(language, words=True):
    """The recommended tokenization: n-grams of characters (+ jieba words), or of
    words for English."""
    if language == "en":
        return TextTokenizer(ngram_range=(1, 2))
    chars = TextTokenizer(level="char", ngram_range=(1, 2))
    if not words:
        return chars
    return TokenUnion([("char", chars), ("word", JiebaSegmenter(ngram_range=(1, 2)))])


def fasttext(language, params):
    return make_pipeline(
        tokens(language, words=False),
        Vocabulary(min_freq=1),
        FastTextClassifier(**{"random_state": SEED, **params}),
    )


def fasttext_words(language, params):
    return make_pipeline(
        tokens(language, words=True),
        Vocabulary(min_freq=1),
        FastTextClassifier(**{"random_state": SEED, **params}),
    )


def fasttext_vote(language, params):
    first = params.pop("random_state", 0)
    members = [
        (f"seed{i}", FastTextClassifier(random_state=i, **params))
        for i in range(first, first + 5)
    ]
    return make_pipeline(
        tokens(language, words=False),
        Vocabulary(min_freq=1),
        VotingClassifier(members, voting="soft"),
    )


def textcnn(language, params):
    tokenizer = TextTokenizer(level="char") if language == "zh" else TextTokenizer()
    return make_pipeline(
        tokenizer,
        Vocabulary(),
        SequencePadder(),
        TextCNNClassifier(random_state=params.get("random_state", SEED)),
    )


MODELS = {
    "tfidf": ("TF-IDF + LinearSVC", lambda language, params: tfidf(language)),
    "tfidf-tokens": (
        "TF-IDF + LinearSVC on the default's tokens",
        lambda language, params: tfidf_tokens(language),
    ),
    "tfidf-tokens-balanced": (
        "TF-IDF + LinearSVC(class_weight='balanced') on the default's tokens",
        lambda language, params: tfidf_tokens(
            language, LinearSVC(class_weight="balanced")
        ),
    ),
    "tfidf-tokens-logreg": (
        "TF-IDF + LogisticRegression(C=30, class_weight='balanced') on the "
        "default's tokens",
        lambda language, params: tfidf_tokens(
            language,
            LogisticRegression(C=30, class_weight="balanced", max_iter=3000),
        ),
    ),
    "fasttext": ("FastText (recommended default)", fasttext),
    "fasttext-words": ("FastText, + jieba words and bigrams", fasttext_words),
    "fasttext-vote": ("FastText, soft vote of 5 seeds", fasttext_vote),
    "textcnn": ("TextCNN (previous default)", textcnn),
}


def fit_and_score(pipeline, X_train, y_train, X_test, y_test):
    """Test accuracy, macro-F1 and the seconds the fit took."""
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipeline.fit(X_train, y_train)
    fit_s = time.perf_counter() - start
    predicted = pipeline.predict(X_test)
    return (
        accuracy_score(y_test, predicted),
        f1_score(y_test, predicted, average="macro"),
        fit_s,
    )


def evaluate(dataset, model, params, seeds=1):
    label, factory = MODELS[model]
    if model == "fasttext-words" and dataset["language"] != "zh":
        return None
    if model.startswith("tfidf"):
        seeds = 1
    accuracy, macro_f1, fit_s = [], [], []
    for (X_train, y_train), (X_test, y_test) in dataset["splits"]:
        for seed in range(SEED, SEED + seeds):
            pipeline = factory(dataset["language"], {**params, "random_state": seed})
            scores = fit_and_score(pipeline, X_train, y_train, X_test, y_test)
            for values, value in zip((accuracy, macro_f1, fit_s), scores):
                values.append(value)
    if seeds > 1:
        label = f"{label}, mean of {seeds} seeds"
    return {
        "dataset": dataset["name"],
        "model": label,
        "key": model,
        "accuracy": float(np.mean(accuracy)),
        "macro_f1": float(np.mean(macro_f1)),
        "fit_s": float(np.mean(fit_s)),
    }


def write_table(
    rows, output, command, title="Recommended pipelines against TF-IDF + LinearSVC"
):
    RESULTS.mkdir(exist_ok=True)
    header = (
        f"# {title}\n\n"
        f"Command: `{command}`\n"
        f"{platform.machine()}, {torch.get_num_threads()} torch threads, "
        f"torch {torch.__version__}. Fit time: mean per fold; ratios within a row "
        "come from one run.\n\n"
        "| data set | model | accuracy | macro-F1 | fit (s) | vs TF-IDF acc | "
        "vs TF-IDF F1 | fit / TF-IDF fit |\n|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for row in rows:
        base = next(
            (r for r in rows if r["dataset"] == row["dataset"] and r["key"] == "tfidf"),
            None,
        )
        if base is None:
            versus = ("", "", "")
        else:
            versus = (
                f"{100 * (row['accuracy'] - base['accuracy']):+.2f}",
                f"{100 * (row['macro_f1'] - base['macro_f1']):+.2f}",
                f"{row['fit_s'] / base['fit_s']:.1f}",
            )
        lines.append(
            f"| {row['dataset']} | {row['model']} | {100 * row['accuracy']:.2f} % | "
            f"{100 * row['macro_f1']:.2f} % | {row['fit_s']:.1f} | "
            + " | ".join(versus)
            + " |"
        )
    text = header + "\n".join(lines) + "\n"
    (RESULTS / f"{output}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{output}.json").write_text(
        json.dumps({"command": command, "rows": rows}, indent=2), encoding="utf-8"
    )
    print(text)


def _at_least_two(text):
    folds = int(text)
    if folds < 2:
        raise argparse.ArgumentTypeError(f"needs 2 folds or more, got {folds}")
    return folds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--datasets", nargs="+", default=list(DATASETS), choices=list(DATASETS)
    )
    parser.add_argument(
        "--models",
        nargs="+",
        default=["tfidf", "fasttext", "fasttext-words"],
        choices=list(MODELS),
    )
    parser.add_argument(
        "--params",
        default="",
        help="FastTextClassifier parameters to try, as Python keywords "
        '(e.g. "lr=0.3, embedding_dim=64")',
    )
    parser.add_argument(
        "--seeds", type=int, default=1, help="fits of each network per split"
    )
    parser.add_argument(
        "--cv",
        type=_at_least_two,
        default=None,
        metavar="K",
        help="pool the train and test files of a split set and cross-validate "
        "it in K stratified folds",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--output", default="defaults")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = Path(args.data)
    if not data.is_dir():
        sys.exit(f"data not found at {data}; pass --data DIR")
    params = eval(f"dict({args.params})")  # a benchmark's own command line
    rows = []
    for name in args.datasets:
        dataset = DATASETS[name](data)
        if args.cv:
            dataset = pooled(dataset, args.cv)
        for model in args.models:
            row = evaluate(dataset, model, params, args.seeds)
            if row is not None:
                print(json.dumps(row), flush=True)
                rows.append(row)
    command = shlex.join(["python", "benchmarks/bench_defaults.py", *sys.argv[1:]])
    write_table(rows, args.output, command)


if __name__ == "__main__":
    main()
