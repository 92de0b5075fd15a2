"""Prediction speed: latency of one document and throughput of a batch, through
the whole pipeline (tokenization included), beside TF-IDF + LinearSVC.

Three shapes of text:

* ``headlines``: THUCNews test headlines (Chinese, ~20 characters);
* ``paragraphs``: the paragraphs of BBC News articles (English, ~40 words);
* ``documents``: PCNews documents (Traditional Chinese, ~500 characters).

Pipelines: ``tfidf`` (TF-IDF + LinearSVC), ``fasttext`` (the recommended default:
character or word unigrams and bigrams -> Vocabulary -> FastTextClassifier) and
``textcnn`` (characters and bigrams or words -> Vocabulary -> SequencePadder ->
TextCNNClassifier), each fitted on the set's training texts (the networks for
one epoch: their speed does not depend on how well they are trained); with
onnxruntime installed, the two networks also through ONNX
(:func:`sklearn_textnn.serving.onnx_pipeline`).

Latency: the median (and 90th percentile) of ``predict([text])`` over
``--repeats`` texts after a warm-up. Throughput: documents per second of one
``predict(texts)`` over ``--batch`` texts, the best of three runs.

Usage::

    python benchmarks/bench_predict.py [--data ../shared/data] [--threads 1]
        [--batch 10000] [--repeats 300] [--output predict]

Prints a table and writes benchmarks/results/<output>.json and .md.
"""

import argparse
import json
import platform
import re
import shlex
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from bench_defaults import DATASETS, RESULTS, SEED, fasttext, tfidf
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)

ROOT = Path(__file__).resolve().parents[1]


def textcnn(language):
    tokenizer = TextTokenizer(level="char") if language == "zh" else TextTokenizer()
    return make_pipeline(
        tokenizer,
        Vocabulary(),
        SequencePadder(),
        TextCNNClassifier(max_epochs=1, random_state=SEED),
    )


PIPELINES = {
    "tfidf": ("TF-IDF + LinearSVC", tfidf),
    "fasttext": (
        "FastText (recommended default)",
        lambda language: fasttext(language, {"max_epochs": 1}),
    ),
    "textcnn": ("TextCNN", textcnn),
}


def paragraphs(data):
    """The paragraphs of the BBC News articles (their first lines are titles)."""
    (X_train, y_train), (X_test, _) = DATASETS["bbc_news"](data)["splits"][0]

    def split(texts):
        return [
            p.strip()
            for text in texts
            for p in re.split(r"\n\s*\n", text)[1:]
            if len(p.split()) >= 5
        ]

    train = [(p, y) for text, y in zip(X_train, y_train) for p in split([text])]
    texts, labels = zip(*train)
    return list(texts), np.asarray(labels), split(X_test)


def load(name, data):
    if name == "paragraphs":
        X_train, y_train, X_test = paragraphs(data)
        return "BBC News paragraphs (en)", "en", X_train, y_train, X_test
    key, label = {
        "headlines": ("thucnews", "THUCNews headlines (zh)"),
        "documents": ("pcnews", "PCNews documents (zh-Hant)"),
    }[name]
    (X_train, y_train), (X_test, _) = DATASETS[key](data)["splits"][0]
    return label, "zh", list(X_train), np.asarray(y_train), list(X_test)


def batch_of(texts, n):
    """``n`` texts, the test texts repeated as often as needed."""
    return [texts[i % len(texts)] for i in range(n)]


def measure(pipeline, texts, batch, repeats):
    for text in texts[:20]:
        pipeline.predict([text])
    latencies = []
    for text in batch_of(texts, repeats):
        start = time.perf_counter()
        pipeline.predict([text])
        latencies.append(time.perf_counter() - start)
    documents = batch_of(texts, batch)
    best = min(_timed(pipeline.predict, documents) for _ in range(3))
    return {
        "p50_ms": 1000 * statistics.median(latencies),
        "p90_ms": 1000 * float(np.percentile(latencies, 90)),
        "docs_per_s": len(documents) / best,
    }


def _timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def onnx_version(pipeline):
    """The pipeline with its network run by onnxruntime, or None without it."""
    try:
        from sklearn_textnn.serving import onnx_pipeline
    except ImportError:
        return None
    try:
        return onnx_pipeline(pipeline)
    except ImportError:
        return None


def write_table(rows, output, command):
    RESULTS.mkdir(exist_ok=True)
    header = (
        "# Prediction speed through the whole pipeline\n\n"
        f"Command: `{command}`\n"
        f"{platform.machine()}, {torch.get_num_threads()} torch threads, "
        f"torch {torch.__version__}. Ratios within a data set come from one run.\n\n"
        "| data set | model | tokens / doc | p50 latency (ms) | p90 (ms) | docs / s | "
        "docs / s vs TF-IDF |\n|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for row in rows:
        base = next(
            r for r in rows if r["dataset"] == row["dataset"] and r["key"] == "tfidf"
        )
        lines.append(
            f"| {row['dataset']} | {row['model']} | {row['tokens']:.0f} | "
            f"{row['p50_ms']:.2f} | {row['p90_ms']:.2f} | "
            f"{row['docs_per_s']:,.0f} | "
            f"{row['docs_per_s'] / base['docs_per_s']:.2f} |"
        )
    text = header + "\n".join(lines) + "\n"
    (RESULTS / f"{output}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{output}.json").write_text(
        json.dumps({"command": command, "rows": rows}, indent=2), encoding="utf-8"
    )
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--datasets",
        nargs="+",
        default=["headlines", "paragraphs", "documents"],
        choices=["headlines", "paragraphs", "documents"],
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--output", default="predict")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = Path(args.data)
    if not data.is_dir():
        sys.exit(f"data not found at {data}; pass --data DIR")
    command = shlex.join(["python", "benchmarks/bench_predict.py", *sys.argv[1:]])
    rows = []
    for name in args.datasets:
        label, language, X_train, y_train, X_test = load(name, data)
        for key, (model, factory) in PIPELINES.items():
            pipeline = factory(language)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pipeline.fit(X_train, y_train)
            if key == "tfidf":
                tokens = np.mean(
                    [len(pipeline[0].build_analyzer()(t)) for t in X_test[:500]]
                )
            else:
                tokens = np.mean([len(t) for t in pipeline[:2].transform(X_test[:500])])
            versions = [(key, model, pipeline)]
            if key != "tfidf":
                served = onnx_version(pipeline)
                if served is not None:
                    versions.append((f"{key}-onnx", f"{model}, ONNX", served))
            for version_key, version_label, version in versions:
                row = {
                    "dataset": label,
                    "model": version_label,
                    "key": version_key,
                    "tokens": float(tokens),
                    **measure(version, X_test, args.batch, args.repeats),
                }
                print(json.dumps(row), flush=True)
                rows.append(row)
        write_table(rows, args.output, command)


if __name__ == "__main__":
    main()
