"""Pretrained character vectors on THUCNews: random init, frozen, fine-tuned; one run.

TextCNNClassifier and LSTMClassifier (default hyperparameters, single characters) are
trained on the 45,000-headline train split three ways: embeddings initialised at
random, initialised from the Tencent AI Lab character vectors in
``../shared/data/embeddings`` and frozen, and initialised from them and fine-tuned.

Usage::

    python benchmarks/bench_pretrained.py [--data ../shared/data] [--models ...]

Prints a table and writes benchmarks/results/pretrained.json and pretrained.md.
"""

import argparse
import json
import sys
from pathlib import Path

import torch
from bench_thucnews import RESULTS, ROOT, SEED, read_split, run_pipeline, tokenizer

from sklearn_textnn import LSTMClassifier, SequencePadder, TextCNNClassifier, Vocabulary

CLASSIFIERS = {"textcnn": TextCNNClassifier, "lstm": LSTMClassifier}
VARIANTS = {
    "random": {},
    "frozen": {"freeze_embedding": True},
    "fine-tuned": {"freeze_embedding": False},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--models", nargs="+", default=list(CLASSIFIERS), choices=list(CLASSIFIERS)
    )
    args = parser.parse_args()
    data_dir = Path(args.data)
    vectors = data_dir / "embeddings" / "tencent_char200d.w2v.txt"
    if not vectors.is_file():
        sys.exit(f"{vectors} not found; pass --data DIR")
    folder = data_dir / "thucnews"
    data = tuple(read_split(folder, name) for name in ("train", "dev", "test"))
    rows = []
    for model in args.models:
        for variant, params in VARIANTS.items():
            if variant != "random":
                params = {**params, "pretrained_vectors": str(vectors)}
            clf = CLASSIFIERS[model](random_state=SEED, **params)
            steps = [tokenizer("char-unigram"), Vocabulary(), SequencePadder(), clf]
            row = run_pipeline(f"{type(clf).__name__}, {variant}", steps, data)
            row["coverage"] = clf.embedding_coverage_
            print(json.dumps(row), flush=True)
            rows.append(row)

    lines = [
        "| model | embeddings | dev acc | test acc | vs random (points) | epochs | "
        "fit (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        name, variant = row["model"].split(", ")
        random_acc = next(
            r["test_acc"] for r in rows if r["model"] == f"{name}, random"
        )
        lines.append(
            f"| {name} | {variant} | {100 * row['dev_acc']:.2f} % | "
            f"{100 * row['test_acc']:.2f} % | "
            f"{100 * (row['test_acc'] - random_acc):+.2f} | {row['epochs']} | "
            f"{row['fit_s']:.0f} |"
        )
    coverage = next((r["coverage"] for r in rows if r["coverage"]), None)
    text = "\n".join(
        [
            "# THUCNews with pretrained character vectors (Tencent AI Lab, 200-d)",
            "",
            "Command: `python benchmarks/bench_pretrained.py`",
            f"torch {torch.__version__}, {torch.get_num_threads()} threads.",
            "",
            *lines,
            "",
            f"Coverage of the character vocabulary: {coverage}",
            "",
        ]
    )
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pretrained.md").write_text(text, encoding="utf-8")
    (RESULTS / "pretrained.json").write_text(json.dumps(rows, indent=2), "utf-8")


if __name__ == "__main__":
    main()
