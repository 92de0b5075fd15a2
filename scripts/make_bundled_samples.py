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
SMS_SIZE = 2000
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


def make_sms_spam_sample(data):
    folder = data / "sms_spam"
    by_class = defaultdict(list)
    raw = folder.joinpath("SMSSpamCollection").read_text(encoding="utf-8")
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line:
            continue
        label, text = line.split("\t", 1)
        # The bundled TSV is read without quoting, so a tab or line break inside a
        # message would split it; the collection has none, and must stay so.
        if "\t" in text or "\r" in text:
            raise ValueError(f"SMSSpamCollection line {number}: tab or CR in text")
        by_class[label].append(text)
    total = sum(len(texts) for texts in by_class.values())
    n_spam = round(SMS_SIZE * len(by_class["spam"]) / total)
    rng = random.Random(SEED)
    rows = [(text, "ham") for text in rng.sample(by_class["ham"], SMS_SIZE - n_spam)]
    rows += [(text, "spam") for text in rng.sample(by_class["spam"], n_spam)]
    rng.shuffle(rows)
    with open(OUT / "sms_spam_sample.tsv", "w", encoding="utf-8", newline="\n") as f:
        f.write("text\tlabel\n")
        for text, label in rows:
            f.write(f"{text}\t{label}\n")
    # The collection's terms (copyright notice and disclaimer) travel with the
    # sample; the original readme is Latin-1, the copy UTF-8 like the other files.
    readme = folder.joinpath("readme").read_text(encoding="latin-1")
    OUT.joinpath("sms_spam_readme.txt").write_text(readme, encoding="utf-8")
    print(f"sms_spam_sample.tsv: {len(rows)} messages, {n_spam} spam")


if __name__ == "__main__":
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    make_thucnews_sample(data)
    make_sms_spam_sample(data)
