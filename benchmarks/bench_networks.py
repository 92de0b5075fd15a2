"""Every network beside TF-IDF + LinearSVC and the recommended default, on long
documents and on headlines.

One run, one table: accuracy, macro-F1 and fit time of each network with its
classifier's defaults, on

* PCNews (Traditional Chinese, 644 training documents of ~500 characters,
  skewed; its own test split);
* BBC News (English, 2,225 articles of ~400 words, 5 classes; one seeded
  stratified 80/20 split, not the 5 folds of ``bench_defaults.py``, to keep the
  recurrent networks' run short);
* THUCNews headlines (Simplified Chinese, 10 classes): the first ``--thucnews-train``
  training headlines (10,000 by default; the recurrent networks take minutes per
  epoch on all 45,000 on a CPU), tested on the full 10,000-headline test split.

Pipelines: Chinese is read as characters and character bigrams, English as
words. ``tfidf`` and ``fasttext`` are those of ``bench_defaults.py``. The sequence
networks (``textcnn``, ``lstm``, ``attention_lstm``, ``rcnn``, ``dpcnn``) read
``TextTokenizer -> Vocabulary -> SequencePadder``; ``han`` reads
``SentenceSplitter -> TextTokenizer -> Vocabulary -> SentencePadder`` (Chinese as
character unigrams only: the word-level GRU steps through every token;
``han-words`` reads jieba words; ``han-early-stopping`` stops early on a 10 %
validation split instead of HAN's default 20 epochs on all the data with the
weights of the last ones averaged). Each classifier keeps its defaults (early
stopping on a 10 % validation split, except FastText's and HAN's).

Usage::

    python benchmarks/bench_networks.py [--data ../shared/data] [--datasets ...]
        [--models ...] [--thucnews-train 10000] [--params "token_dropout=0.5"]
        [--seeds 1] [--threads 1] [--output networks]

``--seeds N`` fits each network N times (``random_state`` 0 to N-1) and shows the
means; the JSON file keeps each seed's accuracy.

Prints a table and writes benchmarks/results/<output>.json and .md.
"""

import argparse
import json
import shlex
import sys
from pathlib import Path

import numpy as np
import torch
from bench_defaults import (
    DATASETS,
    SEED,
    fasttext,
    fit_and_score,
    tfidf,
    write_table,
)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    AttentionLSTMClassifier,
    DPCNNClassifier,
    HANClassifier,
    JiebaSegmenter,
    LSTMClassifier,
    RCNNClassifier,
    SentencePadder,
    SentenceSplitter,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)

ROOT = Path(__file__).resolve().parents[1]


def _tokenizer(language):
    return TextTokenizer(level="char") if language == "zh" else TextTokenizer()


def _sequence(classifier):
    def build(language, seed, **params):
        return make_pipeline(
            _tokenizer(language),
            Vocabulary(),
            SequencePadder(),
            classifier(random_state=seed, **params),
        )

    return build


def _han(language, seed, words=False, **params):
    # Character unigrams: the word-level GRU steps through every token of a
    # sentence, and bigrams would double them. jieba words are fewer still.
    if language != "zh":
        tokenizer = TextTokenizer()
    elif words:
        tokenizer = JiebaSegmenter()
    else:
        tokenizer = TextTokenizer(level="char", ngram_range=(1, 1))
    return make_pipeline(
        SentenceSplitter(),
        tokenizer,
        Vocabulary(),
        SentencePadder(),
        HANClassifier(random_state=seed, **params),
    )


MODELS = {
    "tfidf": ("TF-IDF + LinearSVC", lambda language, seed, **params: tfidf(language)),
    "fasttext": (
        "FastText (recommended default)",
        lambda language, seed, **params: fasttext(
            language, {"random_state": seed, **params}
        ),
    ),
    "textcnn": ("TextCNN", _sequence(TextCNNClassifier)),
    "lstm": ("LSTM (max-pooled BiLSTM)", _sequence(LSTMClassifier)),
    "attention_lstm": ("Attention BiLSTM", _sequence(AttentionLSTMClassifier)),
    "rcnn": ("RCNN", _sequence(RCNNClassifier)),
    "dpcnn": ("DPCNN", _sequence(DPCNNClassifier)),
    "han": ("HAN (sentences)", _han),
    "han-words": (
        "HAN (sentences of jieba words)",
        lambda language, seed, **params: _han(language, seed, words=True, **params),
    ),
    # HAN's earlier default: early stopping on a 10 % validation split.
    "han-early-stopping": (
        "HAN (sentences), early stopping",
        lambda language, seed, **params: _han(
            language, seed, **{"validation_fraction": 0.1, "max_epochs": 20, **params}
        ),
    ),
}


def load(name, data, thucnews_train):
    dataset = DATASETS[name](data)
    if name == "thucnews":
        (X_train, y_train), test = dataset["splits"][0]
        dataset["splits"] = [
            ((X_train[:thucnews_train], y_train[:thucnews_train]), test)
        ]
        dataset["name"] = f"THUCNews (zh, first {thucnews_train:,} training headlines)"
    elif name == "bbc_news":
        # One seeded 80/20 split of the whole set.
        (a, ya), (b, yb) = dataset["splits"][0]
        texts = np.asarray(a + b, dtype=object)
        labels = np.concatenate([ya, yb])
        X_train, X_test, y_train, y_test = train_test_split(
            texts, labels, test_size=0.2, stratify=labels, random_state=SEED
        )
        dataset["splits"] = [((list(X_train), y_train), (list(X_test), y_test))]
        dataset["name"] = "BBC News (en, long; one 80/20 split)"
    return dataset


def evaluate(dataset, model, seeds=1, params=None):
    label, factory = MODELS[model]
    (X_train, y_train), (X_test, y_test) = dataset["splits"][0]
    if model == "tfidf":
        seeds = 1
    accuracy, macro_f1, fit_s = [], [], []
    for seed in range(SEED, SEED + seeds):
        pipeline = factory(dataset["language"], seed, **(params or {}))
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
        "epochs": int(getattr(pipeline[-1], "n_epochs_", 0)),
        "per_seed_accuracy": [float(a) for a in accuracy],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--datasets",
        nargs="+",
        default=["pcnews", "bbc_news", "thucnews"],
        choices=["pcnews", "bbc_news", "thucnews"],
    )
    parser.add_argument(
        "--models", nargs="+", default=list(MODELS), choices=list(MODELS)
    )
    parser.add_argument("--thucnews-train", type=int, default=10_000)
    parser.add_argument(
        "--params",
        default="",
        help="parameters of every network's classifier, as Python keywords "
        '(e.g. "token_dropout=0.5")',
    )
    parser.add_argument(
        "--seeds",
        type=int,
        default=1,
        help="fits of each network (random_state 0 to N-1); the table shows means",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--output", default="networks")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = Path(args.data)
    if not data.is_dir():
        sys.exit(f"data not found at {data}; pass --data DIR")
    command = shlex.join(["python", "benchmarks/bench_networks.py", *sys.argv[1:]])
    params = eval(f"dict({args.params})")  # a benchmark's own command line
    rows = []
    for name in args.datasets:
        dataset = load(name, data, args.thucnews_train)
        for model in args.models:
            row = evaluate(dataset, model, args.seeds, params)
            print(json.dumps(row), flush=True)
            rows.append(row)
            # The table so far: a long run stopped midway keeps its rows.
            write_table(
                rows,
                args.output,
                command,
                title="Every network beside TF-IDF + LinearSVC and the recommended "
                "default",
            )


if __name__ == "__main__":
    main()
