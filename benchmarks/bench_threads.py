"""GridSearchCV(n_jobs=2) against n_jobs=1 on the same grid: what parallel fits
save when each trains on its share of the cores.

For each model (a small FastText and a small TextCNN pipeline), one grid of 4
candidates times 3 folds on a seeded, stratified sample of THUCNews training
headlines (``--documents``, 4,000 by default), searched three ways in turns, the
median over ``--rounds`` rounds:

* ``n_jobs=1``: one process, torch on every core it may use;
* ``n_jobs=2``, cold: two joblib (loky) worker processes, started within the timed
  call (Python, imports, torch), each training with cores // 2 torch threads (joblib
  sets ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` for its workers);
* ``n_jobs=2``, warm: the same workers, still running, as in every later search of
  a session.

Every fit records the torch threads it trained with; the table gives them beside
the times. Searches run with ``refit=False``: the refit of the best candidate runs
in the calling process whatever ``n_jobs`` is.

Usage::

    python benchmarks/bench_threads.py [--data ../shared/data] [--models ...]
        [--documents 4000] [--epochs 3] [--rounds 3] [--quick]

``--quick`` (200 documents, 1 epoch, 1 round, written as ``threads_quick``) checks
that the script runs. Writes benchmarks/results/<output>.json and .md.
"""

import argparse
import json
import os
import platform
import shlex
import statistics
import sys
import time
from pathlib import Path

import joblib
import numpy as np
import torch
from bench_defaults import DATASETS, RESULTS, ROOT, SEED
from bench_segmentation import two_process_capacity
from joblib.externals.loky import get_reusable_executor
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from skorch.callbacks import Callback

from sklearn_textnn import (
    FastTextClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn._cores import available_cores

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


class TorchThreads(Callback):
    """Records the torch threads of the first training batch of a fit."""

    def on_train_begin(self, net, **kwargs):
        self.threads_ = None

    def on_batch_begin(self, net, training=False, **kwargs):
        if training and self.threads_ is None:
            self.threads_ = torch.get_num_threads()


def torch_threads(pipeline, X, y):
    """A scorer: the torch threads the pipeline's classifier trained with."""
    return dict(pipeline[-1].net_.callbacks_)["threads"].threads_


def fasttext(epochs):
    return make_pipeline(
        TextTokenizer(level="char", ngram_range=(1, 2)),
        Vocabulary(min_freq=1),
        FastTextClassifier(
            max_epochs=epochs,
            random_state=SEED,
            callbacks=[("threads", TorchThreads())],
        ),
    ), {
        "fasttextclassifier__embedding_dim": [32, 64],
        "fasttextclassifier__lr": [0.1, 0.3],
    }


def textcnn(epochs):
    return make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(),
        TextCNNClassifier(
            embedding_dim=64,
            max_epochs=epochs,
            validation_fraction=None,
            random_state=SEED,
            callbacks=[("threads", TorchThreads())],
        ),
    ), {
        "textcnnclassifier__num_filters": [32, 64],
        "textcnnclassifier__dropout": [0.3, 0.5],
    }


MODELS = {
    "fasttext": ("FastText, char 1-2-grams", fasttext),
    "textcnn": ("TextCNN, chars, 32-64 filters", textcnn),
}
WAYS = ("n_jobs=1", "n_jobs=2, cold", "n_jobs=2, warm")


def sample(data, n_documents):
    """A seeded sample of the THUCNews training headlines, stratified by label."""
    texts, labels = DATASETS["thucnews"](data)["splits"][0][0]
    texts, _, labels, _ = train_test_split(
        texts, labels, train_size=n_documents, stratify=labels, random_state=SEED
    )
    return texts, labels


def search(model, epochs, n_jobs, X, y):
    """Seconds of one search, its mean test accuracies, and the torch threads of
    each fit."""
    pipeline, grid = MODELS[model][1](epochs)
    searcher = GridSearchCV(
        pipeline,
        grid,
        cv=3,
        scoring={"accuracy": "accuracy", "threads": torch_threads},
        refit=False,
        n_jobs=n_jobs,
    )
    start = time.perf_counter()
    searcher.fit(X, y)
    seconds = time.perf_counter() - start
    results = searcher.cv_results_
    threads = sorted(
        {int(results[f"split{i}_test_threads"][c]) for i in range(3) for c in range(4)}
    )
    return seconds, results["mean_test_accuracy"], threads


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--models", nargs="+", default=list(MODELS), choices=list(MODELS)
    )
    parser.add_argument("--documents", type=int, default=4_000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", default=None, help="default: threads")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="200 documents, 1 epoch, 1 round: check that the script runs",
    )
    args = parser.parse_args()
    if args.quick:
        args.documents, args.epochs, args.rounds = 200, 1, 1
    output = args.output or ("threads_quick" if args.quick else "threads")
    data = Path(args.data)
    if not (data / "thucnews" / "train.txt").is_file():
        sys.exit(f"error: {data / 'thucnews' / 'train.txt'} not found; pass --data DIR")

    preset = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    if any(preset.values()):
        print(
            f"warning: {preset} is set: joblib passes it to its workers as it is, "
            "and torch in this process reads it: unset it to measure the defaults",
            file=sys.stderr,
        )
    X, y = sample(data, args.documents)
    cores = available_cores()
    print(
        f"{len(X):,} THUCNews headlines, 4 candidates x 3 folds, {args.epochs} "
        f"epoch(s); {cores} cores, torch {torch.get_num_threads()} threads here",
        flush=True,
    )

    load_before = os.getloadavg()
    seconds = {(m, w): [] for m in args.models for w in WAYS}
    threads, accuracy, capacity = {}, {}, []
    for round_ in range(args.rounds):
        for model in args.models:
            for way in WAYS:
                if way == "n_jobs=2, cold":
                    get_reusable_executor().shutdown(wait=True)
                n_jobs = 1 if way == "n_jobs=1" else 2
                took, scores, seen = search(model, args.epochs, n_jobs, X, y)
                seconds[model, way].append(took)
                threads[model, way] = sorted({*threads.get((model, way), []), *seen})
                accuracy[model, way] = scores
                print(
                    f"round {round_ + 1}/{args.rounds} {model} {way}: {took:.1f} s, "
                    f"torch threads {seen}",
                    flush=True,
                )
        capacity.append(two_process_capacity())
    load_after = os.getloadavg()
    get_reusable_executor().shutdown(wait=True)

    rows = []
    for model in args.models:
        serial = statistics.median(seconds[model, "n_jobs=1"])
        for way in WAYS:
            median = statistics.median(seconds[model, way])
            rows.append(
                {
                    "model": MODELS[model][0],
                    "search": way,
                    "torch_threads_per_fit": threads[model, way],
                    "seconds_median": round(median, 2),
                    "seconds_all": [round(s, 2) for s in seconds[model, way]],
                    "speed_vs_n_jobs_1": round(serial / median, 3),
                    "best_mean_accuracy": round(float(np.max(accuracy[model, way])), 4),
                    "max_accuracy_difference_vs_n_jobs_1": float(
                        np.max(
                            np.abs(accuracy[model, way] - accuracy[model, "n_jobs=1"])
                        )
                    ),
                }
            )

    lines = [
        "| model | search | torch threads a fit | seconds (median) | "
        "speed vs n_jobs=1 | best mean accuracy |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['model']} | {row['search']} | "
            f"{', '.join(map(str, row['torch_threads_per_fit']))} | "
            f"{row['seconds_median']:.1f} | {row['speed_vs_n_jobs_1']:.2f}x | "
            f"{100 * row['best_mean_accuracy']:.2f} % |"
        )
    table = "\n".join(lines)
    difference = max(r["max_accuracy_difference_vs_n_jobs_1"] for r in rows)
    notes = (
        f"Largest difference of a candidate's mean accuracy from n_jobs=1: "
        f"{difference:.4f} (a different number of torch threads sums in another "
        "order). Two-process capacity of the machine after each round (two "
        "processes against one on a pure Python loop; 2 is the ideal): "
        + ", ".join(f"{c:.2f}x" for c in capacity)
        + "."
    )
    print()
    print(table)
    print(notes)

    command = shlex.join(["python", "benchmarks/bench_threads.py", *sys.argv[1:]])
    setup = {
        "command": command,
        "corpus": "THUCNews train.txt headlines, stratified sample",
        "documents": len(X),
        "grid": "4 candidates x 3 folds, refit=False",
        "epochs": args.epochs,
        "rounds": args.rounds,
        "cores": cores,
        "joblib_cpu_count": joblib.cpu_count(),
        "thread_variables_set": preset,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "two_process_capacity": [round(c, 3) for c in capacity],
        "python": platform.python_version(),
        "torch": torch.__version__,
        "joblib": joblib.__version__,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    RESULTS.joinpath(f"{output}.json").write_text(
        json.dumps({"setup": setup, "results": rows}, indent=2, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    RESULTS.joinpath(f"{output}.md").write_text(
        "# GridSearchCV(n_jobs=2) against n_jobs=1\n\n"
        f"{len(X):,} THUCNews headlines, 4 candidates x 3 folds, {args.epochs} "
        f"epoch(s) a fit, refit=False; {args.rounds} round(s) in one run, the "
        f"methods taking turns; {cores} cores, load average {load_before[0]:.2f} "
        f"before and {load_after[0]:.2f} after. Cold: the two worker processes are "
        "started within the timed search; warm: they are already running.\n\n"
        f"{table}\n\n{notes}\n\n"
        f"Written by `{command}`.\n",
        encoding="utf-8",
    )
    print(f"\nwrote {RESULTS / output}.json and .md")


if __name__ == "__main__":
    main()
