"""How large a saved model is, for each network: a model file without pickles
(full and trimmed) and a joblib file (full and trimmed).

Each network's classifier keeps its defaults and trains for one epoch (the size
does not depend on the training) on the bundled THUCNews sample (3,000
headlines, characters and character bigrams: a vocabulary of ``--min-freq``
and more occurrences); HAN reads the headlines as documents of one sentence.

Usage::

    python benchmarks/bench_model_size.py [--min-freq 1] [--output model_size]

Prints a table and writes benchmarks/results/<output>.json and .md.
"""

import argparse
import json
import shlex
import sys
import tempfile
import warnings
from pathlib import Path

import joblib
from bench_defaults import RESULTS
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    AttentionLSTMClassifier,
    DPCNNClassifier,
    FastTextClassifier,
    HANClassifier,
    LSTMClassifier,
    RCNNClassifier,
    SentencePadder,
    SentenceSplitter,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample
from sklearn_textnn.persistence import save_model, trim

CLASSIFIERS = {
    "FastText": FastTextClassifier,
    "TextCNN": TextCNNClassifier,
    "LSTM": LSTMClassifier,
    "Attention BiLSTM": AttentionLSTMClassifier,
    "RCNN": RCNNClassifier,
    "DPCNN": DPCNNClassifier,
    "HAN": HANClassifier,
}


def pipeline(name, min_freq):
    classifier = CLASSIFIERS[name](max_epochs=1, random_state=0)
    if name == "HAN":
        steps = [SentenceSplitter(), TextTokenizer(level="char")]
        return make_pipeline(
            *steps, Vocabulary(min_freq=min_freq), SentencePadder(), classifier
        )
    steps = [TextTokenizer(level="char"), Vocabulary(min_freq=min_freq)]
    if name != "FastText":
        steps.append(SequencePadder())
    return make_pipeline(*steps, classifier)


def sizes(model, folder):
    tensors = model[-1].net_.module_.state_dict().values()
    weights = sum(t.numel() * t.element_size() for t in tensors)
    paths = {
        "tnn": save_model(model, folder / "model.tnn"),
        "tnn_trimmed": save_model(model, folder / "trimmed.tnn", trim=True),
    }
    joblib.dump(model, folder / "model.joblib")
    paths["joblib"] = folder / "model.joblib"
    joblib.dump(trim(model), folder / "trimmed.joblib")
    paths["joblib_trimmed"] = folder / "trimmed.joblib"
    return {"weights": weights, **{k: p.stat().st_size for k, p in paths.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-freq", type=int, default=1)
    parser.add_argument("--output", default="model_size")
    args = parser.parse_args()
    command = shlex.join(["python", "benchmarks/bench_model_size.py", *sys.argv[1:]])
    X, y = load_thucnews_sample(return_X_y=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in CLASSIFIERS:
            model = pipeline(name, args.min_freq)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.fit(X, y)
            row = {
                "network": name,
                "vocabulary": int(model.named_steps["vocabulary"].n_tokens_),
                **sizes(model, Path(tmp)),
            }
            print(json.dumps(row), flush=True)
            rows.append(row)
    mb = 1 << 20
    lines = [
        f"| {r['network']} | {r['vocabulary']:,} | {r['weights'] / mb:.1f} | "
        f"{r['tnn'] / mb:.1f} | {r['tnn_trimmed'] / mb:.1f} | "
        f"{r['joblib'] / mb:.1f} | {r['joblib_trimmed'] / mb:.1f} |"
        for r in rows
    ]
    text = (
        "# Size of a saved model\n\n"
        f"Command: `{command}`\n\nSizes in MiB.\n\n"
        "| network | vocabulary | weights | .tnn | .tnn trimmed | joblib | "
        "joblib trimmed |\n|---|---|---|---|---|---|---|\n" + "\n".join(lines) + "\n"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.output}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{args.output}.json").write_text(
        json.dumps({"command": command, "rows": rows}, indent=2), encoding="utf-8"
    )
    print(text)


if __name__ == "__main__":
    main()
