"""Training on a corpus read from disk in chunks: documents per second and peak
memory of ``partial_fit``, beside scikit-learn's own out-of-core pipeline.

Writes a corpus of ``--gigabytes`` of text (1 by default) to a file: the THUCNews
training headlines, ``label<TAB>headline`` per line, repeated in a new shuffled
order each time until the file is that large. Then streams it, in chunks of
``--chunk-lines`` lines (50,000), through each pipeline in a fresh process of its
own, so that each peak memory is that pipeline's alone:

* sklearn-textnn: ``TextTokenizer(level="char")`` (characters and bigrams) ->
  ``HashingVocabulary()`` -> ``FastTextClassifier.partial_fit`` (``batch_size=256``,
  ``class_weight=None``: a stream has no class counts to balance with);
* the scikit-learn reference: ``HashingVectorizer(analyzer="char",
  ngram_range=(1, 2), alternate_sign=False)`` -> ``SGDClassifier.partial_fit``
  (its defaults: hinge loss, ``alpha=1e-4``).

Neither holds more than one chunk of text. The table gives the time of the whole
stream (reading, tokenizing, hashing, training), documents and megabytes per
second, the resident memory after the first chunk and at its peak (``ru_maxrss``
of the process, imports included), and the test accuracy on the THUCNews test
split at the end. Torch trains with one thread, the reference runs in one.

Usage::

    python benchmarks/bench_streaming.py [--data ../shared/data] [--gigabytes 1]
        [--chunk-lines 50000] [--workdir DIR] [--keep] [--quick]

``--quick`` (20 MB, written as ``streaming_quick``) checks that the script runs.
Writes benchmarks/results/<output>.json and .md.
"""

import argparse
import itertools
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = 0

PIPELINES = {
    "textnn": "FastText (partial_fit, hashed characters and bigrams)",
    "sklearn": "HashingVectorizer + SGDClassifier (partial_fit)",
}


def read_split(path):
    """Headlines and integer labels of a THUCNews split (``text<TAB>label``)."""
    texts, labels = [], []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            text, _, label = line.rstrip("\n").rpartition("\t")
            if not text:
                raise ValueError(f"{path}, line {number}: no tab-separated label")
            texts.append(text)
            labels.append(int(label))
    return texts, np.asarray(labels)


def write_corpus(data, path, gigabytes):
    """Repeat the shuffled training headlines until ``path`` holds ``gigabytes``."""
    texts, labels = read_split(data / "thucnews" / "train.txt")
    lines = [f"{label}\t{text}\n".encode() for text, label in zip(texts, labels)]
    target = int(gigabytes * 1e9)
    rng = np.random.default_rng(SEED)
    written = n_lines = 0
    with open(path, "wb") as out:
        while written < target:
            for i in rng.permutation(len(lines)):
                out.write(lines[i])
                written += len(lines[i])
                n_lines += 1
                if written >= target:
                    break
    return written, n_lines


def chunks(path, chunk_lines):
    """``(texts, labels, n_bytes)`` of each chunk of the corpus file."""
    with open(path, encoding="utf-8") as lines:
        while True:
            block = list(itertools.islice(lines, chunk_lines))
            if not block:
                return
            labels, texts = zip(*(line.rstrip("\n").split("\t", 1) for line in block))
            n_bytes = sum(len(line.encode()) for line in block)
            yield list(texts), np.asarray(labels, dtype=np.int64), n_bytes


def rss_mb():
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def stream(pipeline, corpus, data, chunk_lines):
    """Stream ``corpus`` through ``pipeline`` in this process; the measurements."""
    test_texts, test_labels = read_split(data / "thucnews" / "test.txt")
    classes = np.arange(10)
    if pipeline == "textnn":
        import torch
        from sklearn.pipeline import make_pipeline

        from sklearn_textnn import FastTextClassifier, HashingVocabulary, TextTokenizer

        # Both steps are stateless: fitting one on a chunk learns nothing from it.
        ids = make_pipeline(TextTokenizer(level="char"), HashingVocabulary())
        clf = FastTextClassifier(batch_size=256, class_weight=None, random_state=SEED)
        features = ids.fit_transform
        torch.set_num_threads(1)
    else:
        from sklearn.feature_extraction.text import HashingVectorizer
        from sklearn.linear_model import SGDClassifier

        vectorizer = HashingVectorizer(
            analyzer="char", ngram_range=(1, 2), alternate_sign=False
        )
        clf = SGDClassifier(random_state=SEED)
        features = vectorizer.transform

    start = time.perf_counter()
    n_documents = n_bytes = n_chunks = 0
    rss_first = None
    for texts, labels, size in chunks(corpus, chunk_lines):
        clf.partial_fit(features(texts), labels, classes=classes)
        n_documents += len(texts)
        n_bytes += size
        n_chunks += 1
        if rss_first is None:
            rss_first = rss_mb()
        if n_chunks % 10 == 0:
            print(
                f"  {pipeline}: {n_bytes / 1e6:,.0f} MB, {n_documents:,} documents, "
                f"{time.perf_counter() - start:.0f} s, RSS {rss_mb():.0f} MB",
                file=sys.stderr,
                flush=True,
            )
    seconds = time.perf_counter() - start
    accuracy = float((clf.predict(features(test_texts)) == test_labels).mean())
    return {
        "pipeline": pipeline,
        "model": PIPELINES[pipeline],
        "documents": n_documents,
        "megabytes": n_bytes / 1e6,
        "chunks": n_chunks,
        "seconds": seconds,
        "documents_per_s": n_documents / seconds,
        "megabytes_per_s": n_bytes / 1e6 / seconds,
        "rss_after_first_chunk_mb": rss_first,
        "peak_rss_mb": peak_rss_mb(),
        "test_accuracy": accuracy,
    }


def write_table(rows, setup, output):
    RESULTS.mkdir(exist_ok=True)
    lines = [
        "# Streaming training: partial_fit over a corpus read in chunks",
        "",
        f"Command: `{setup['command']}`",
        "",
        f"{setup['machine']}, torch {setup['torch']}, one thread. Corpus: "
        f"{setup['corpus_mb']:,.0f} MB, {setup['corpus_lines']:,} THUCNews training "
        f"headlines repeated in shuffled order; chunks of {setup['chunk_lines']:,} "
        "lines. Test accuracy on the 10,000 THUCNews test headlines after the "
        "stream. Times from one run, one pipeline after the other.",
        "",
        "| pipeline | documents | time (s) | documents / s | MB / s "
        "| RSS after chunk 1 (MB) | peak RSS (MB) | test accuracy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['model']} | {row['documents']:,} | {row['seconds']:,.0f} | "
            f"{row['documents_per_s']:,.0f} | {row['megabytes_per_s']:.2f} | "
            f"{row['rss_after_first_chunk_mb']:,.0f} | {row['peak_rss_mb']:,.0f} | "
            f"{100 * row['test_accuracy']:.2f} % |"
        )
    text = "\n".join(lines) + "\n"
    (RESULTS / f"{output}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{output}.json").write_text(
        json.dumps({"setup": setup, "results": rows}, indent=2), encoding="utf-8"
    )
    print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--chunk-lines", type=int, default=50_000)
    parser.add_argument(
        "--pipelines", nargs="+", default=list(PIPELINES), choices=list(PIPELINES)
    )
    parser.add_argument("--workdir", default=None, help="default: a temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the corpus file")
    parser.add_argument("--output", default=None, help="default: streaming")
    parser.add_argument(
        "--quick", action="store_true", help="20 MB: check that the script runs"
    )
    # Internal: run one pipeline over an existing corpus, print its row as JSON.
    parser.add_argument("--worker", nargs=2, metavar=("PIPELINE", "CORPUS"))
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "thucnews" / "train.txt").is_file():
        sys.exit(f"error: {data / 'thucnews' / 'train.txt'} not found; pass --data DIR")
    if args.worker:
        pipeline, corpus = args.worker
        print(json.dumps(stream(pipeline, Path(corpus), data, args.chunk_lines)))
        return
    if args.quick:
        args.gigabytes = 0.02
    output = args.output or ("streaming_quick" if args.quick else "streaming")

    folder = Path(tempfile.mkdtemp(prefix="textnn-stream-", dir=args.workdir))
    corpus = folder / "corpus.tsv"
    start = time.perf_counter()
    n_bytes, n_lines = write_corpus(data, corpus, args.gigabytes)
    print(
        f"wrote {corpus}: {n_bytes / 1e6:,.0f} MB, {n_lines:,} lines in "
        f"{time.perf_counter() - start:.0f} s",
        flush=True,
    )
    rows = []
    try:
        for pipeline in args.pipelines:
            command = [
                sys.executable,
                __file__,
                "--data",
                str(data),
                "--chunk-lines",
                str(args.chunk_lines),
                "--worker",
                pipeline,
                str(corpus),
            ]
            done = subprocess.run(
                command, stdout=subprocess.PIPE, text=True, check=True
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(
                f"{pipeline}: {rows[-1]['seconds']:.0f} s, "
                f"peak RSS {rows[-1]['peak_rss_mb']:.0f} MB",
                flush=True,
            )
    finally:
        if args.keep:
            print(f"kept {corpus}")
        else:
            corpus.unlink()
            folder.rmdir()

    import torch

    setup = {
        "command": " ".join(
            ["python benchmarks/bench_streaming.py", *sys.argv[1:]]
        ).replace(str(data), "DATA"),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "torch": torch.__version__,
        "corpus_mb": n_bytes / 1e6,
        "corpus_lines": n_lines,
        "chunk_lines": args.chunk_lines,
    }
    write_table(rows, setup, output)


if __name__ == "__main__":
    main()
