"""Rebuild the samples bundled in ``sklearn_textnn/datasets/data`` from the full data.

Usage: python scripts/make_bundled_samples.py [path/to/shared/data]

The full corpora are not shipped; this script documents exactly how the bundled
samples were drawn from them, so that they can be rebuilt and checked.
"""

import random
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sklearn_textnn" / "datasets" / "data"
PER_CLASS = 300
SEED = 0


def make_thucnews_sample(data):
    folder = data / "thucnews"
    names = folder.joinpath("class.txt").read_text(encoding="utf-8").split()
    by_class = defaultdict(list)
    for line in folder.joinpath("train.txt").read_text(encoding="utf-8").splitlines():
        text, label = line.rsplit("\t", 1)
        by_class[int(label)].append(text)
    rng = random.Random(SEED)
    rows = []
    for label in range(len(names)):
        rows += [
            (text, names[label]) for text in rng.sample(by_class[label], PER_CLASS)
        ]
    rng.shuffle(rows)
    with open(OUT / "thucnews_sample.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("text\tlabel\n")
        for text, name in rows:
            f.write(f"{text}\t{name}\n")
    print(f"thucnews_sample.tsv: {len(rows)} headlines, {PER_CLASS} per class")


if __name__ == "__main__":
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    make_thucnews_sample(data)
