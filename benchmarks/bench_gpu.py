"""GPU against CPU: time per epoch of TextCNN and FastText on THUCNews headlines.

Trains each model on the 45,000-headline train split (characters and character
bigrams, the classifiers' defaults) on the CPU (``--cpu-threads`` torch threads,
``--cpu-epochs`` epochs: an epoch there takes minutes), and on the GPU in float32
and with ``mixed_precision=True`` (bfloat16 autocast), for ``max_epochs`` of the
defaults. The table gives the mean time per epoch, the speed-up over the CPU and
the test accuracy of each GPU fit (and of the CPU one).

Usage::

    python benchmarks/bench_gpu.py [--data ../shared/data] [--models textcnn fasttext]
        [--cpu-epochs 1] [--cpu-threads N]

Needs a CUDA GPU (exits with a message without one). Writes
benchmarks/results/gpu.json and gpu.md.
"""

import argparse
import json
import os
import platform
import sys
from pathlib import Path

import numpy as np
import torch
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    FastTextClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = 0

MODELS = {
    "textcnn": ("TextCNN", TextCNNClassifier(random_state=SEED), True),
    "fasttext": ("FastText", FastTextClassifier(random_state=SEED), False),
}


def read_split(path):
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, label = line.rsplit("\t", 1)
        texts.append(text)
        labels.append(int(label))
    return texts, np.asarray(labels)


def fit(model, padded, X, y, X_test, y_test, **params):
    steps = [TextTokenizer(level="char"), Vocabulary()]
    pipeline = make_pipeline(
        *steps,
        *([SequencePadder()] if padded else []),
        clone(model).set_params(**params),
    )
    pipeline.fit(X, y)
    history = pipeline[-1].history_
    epoch_seconds = float(np.mean([epoch["dur"] for epoch in history]))
    accuracy = float((pipeline.predict(X_test) == y_test).mean())
    return epoch_seconds, len(history), accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    parser.add_argument("--cpu-epochs", type=int, default=1)
    parser.add_argument("--cpu-threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit(
            "error: torch finds no CUDA GPU; this benchmark compares one with the CPU"
        )
    folder = Path(args.data) / "thucnews"
    X, y = read_split(folder / "train.txt")
    X_test, y_test = read_split(folder / "test.txt")
    torch.set_num_threads(args.cpu_threads)
    gpu = torch.cuda.get_device_name()
    rows = []
    for key in args.models:
        name, model, padded = MODELS[key]
        cpu = fit(model, padded, X, y, X_test, y_test, max_epochs=args.cpu_epochs)
        runs = {"CPU": cpu}
        runs["GPU, float32"] = fit(model, padded, X, y, X_test, y_test, device="cuda")
        if torch.cuda.is_bf16_supported():
            runs["GPU, mixed precision"] = fit(
                model, padded, X, y, X_test, y_test, device="cuda", mixed_precision=True
            )
        for where, (seconds, epochs, accuracy) in runs.items():
            rows.append(
                {
                    "model": name,
                    "where": where,
                    "epoch_seconds": seconds,
                    "epochs": epochs,
                    "speed_up": cpu[0] / seconds,
                    "test_accuracy": accuracy,
                }
            )
            print(f"{name}, {where}: {seconds:.2f} s/epoch, {100 * accuracy:.2f} %")
    lines = [
        "# GPU against CPU on THUCNews headlines",
        "",
        f"Command: `python benchmarks/bench_gpu.py {' '.join(sys.argv[1:])}`",
        "",
        f"GPU: {gpu}; CPU: {platform.machine()}, {args.cpu_threads} torch threads; "
        f"torch {torch.__version__}. Time per epoch: mean over the epochs of one fit "
        f"(the CPU trained {args.cpu_epochs} epoch(s), so its accuracy is lower).",
        "",
        "| model | device | s / epoch | epochs | speed-up vs CPU | test accuracy |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['model']} | {row['where']} | {row['epoch_seconds']:.2f} | "
            f"{row['epochs']} | {row['speed_up']:.1f}x | "
            f"{100 * row['test_accuracy']:.2f} % |"
        )
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gpu.md").write_text(text, encoding="utf-8")
    (RESULTS / "gpu.json").write_text(
        json.dumps({"gpu": gpu, "rows": rows}, indent=2), encoding="utf-8"
    )
    print(text)


if __name__ == "__main__":
    main()
