"""Segmentation throughput of JiebaSegmenter against plain ``jieba.lcut`` in a loop.

Usage::

    python benchmarks/bench_segmentation.py [DATA_DIR] [--min-mb 10] [--rounds 3]

``DATA_DIR`` holds ``thucnews/train.txt`` (``headline<TAB>label`` lines) and defaults
to ``../shared/data`` next to the repository. The headlines are repeated to reach at
least ``--min-mb`` MB of UTF-8 text, and every method segments that whole corpus once
per round, the methods taking turns; the table gives the median over the rounds.

jieba's dictionary is loaded before any timing: loading is not segmentation. The
``n_jobs=2`` segmenter is timed twice per round: "cold", right after its worker
processes were shut down, so that starting them (Python, imports, jieba's dictionary)
is included, and "warm", with the workers of the previous call still alive, as in
every call after the first in a session. Where rjieba is installed (the ``fast``
extra), ``JiebaSegmenter(backend="rjieba")`` takes a turn too, and a second table
gives, on each Chinese data set (THUCNews train split, the three sets of
``tseng_zh``), its speed against jieba's and the share of documents it segments
exactly as jieba does.

Writes ``benchmarks/results/segmentation.json`` and ``segmentation.md``.
"""

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import jieba
from joblib import Parallel, delayed
from joblib.externals.loky import get_reusable_executor

from sklearn_textnn.preprocessing import JiebaSegmenter
from sklearn_textnn.preprocessing._jieba_segmenter import rjieba_available

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
RJIEBA = "JiebaSegmenter(backend='rjieba')"
COLD = "JiebaSegmenter(n_jobs=2), cold: with worker start-up"
WARM = "JiebaSegmenter(n_jobs=2), warm: workers running"


def load_corpus(data_dir, min_bytes):
    """The THUCNews training headlines, repeated to at least ``min_bytes`` bytes."""
    path = data_dir / "thucnews" / "train.txt"
    if not path.is_file():
        sys.exit(
            f"error: {path} not found. Pass the folder that holds thucnews/train.txt: "
            "python benchmarks/bench_segmentation.py PATH/TO/DATA"
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    headlines = [line.rsplit("\t", 1)[0] for line in lines if line.strip()]
    n_bytes = sum(len(h.encode("utf-8")) for h in headlines)
    repeats = -(-min_bytes // n_bytes)
    return headlines * repeats, n_bytes * repeats, len(headlines)


def backend_identity(data_dir):
    """rjieba against jieba on each Chinese data set: speed, and the share of
    documents (and of tokens) segmented identically."""
    from difflib import SequenceMatcher

    sets = {"THUCNews train (headlines)": ("thucnews/train.txt", False)}
    for name in ("PCNews", "Joke", "PCWeb"):
        sets[f"{name} train (zh-Hant)"] = (f"tseng_zh/{name}_train.txt", True)
    jieba_segmenter = JiebaSegmenter().fit(None)
    rjieba_segmenter = JiebaSegmenter(backend="rjieba").fit(None)
    rows = []
    for name, (path, label_first) in sets.items():
        if not (data_dir / path).is_file():
            continue
        docs = []
        for line in (data_dir / path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                _, _, second = line.partition("\t")
                docs.append(second if label_first else line.rsplit("\t", 1)[0])
        n_bytes = sum(len(d.encode("utf-8")) for d in docs)
        start = time.perf_counter()
        expected = jieba_segmenter.transform(docs)
        jieba_seconds = time.perf_counter() - start
        start = time.perf_counter()
        got = rjieba_segmenter.transform(docs)
        rjieba_seconds = time.perf_counter() - start
        same_tokens = 0
        for a, b in zip(expected, got):
            if a == b:
                same_tokens += len(a)
            else:
                matcher = SequenceMatcher(None, a, b, autojunk=False)
                same_tokens += sum(m.size for m in matcher.get_matching_blocks())
        rows.append(
            {
                "dataset": name,
                "documents": len(docs),
                "megabytes": n_bytes / 1e6,
                "jieba_mb_per_s": n_bytes / 1e6 / jieba_seconds,
                "rjieba_mb_per_s": n_bytes / 1e6 / rjieba_seconds,
                "speed_up": jieba_seconds / rjieba_seconds,
                "identical_documents": sum(a == b for a, b in zip(expected, got))
                / len(docs),
                "identical_tokens": same_tokens / sum(map(len, expected)),
            }
        )
    return rows


def shut_down_workers():
    get_reusable_executor().shutdown(wait=True)


def plain_jieba(docs):
    return [jieba.lcut(doc) for doc in docs]


def spin(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def two_process_capacity(n=10_000_000):
    """Speed-up of two worker processes over this one on pure Python work, now.

    About 2 on an idle machine with two free cores; less when other programs take
    CPU time. It bounds what ``n_jobs=2`` can reach in the same round.
    """
    start = time.perf_counter()
    spin(n)
    one = time.perf_counter() - start
    start = time.perf_counter()
    Parallel(n_jobs=2)(delayed(spin)(n) for _ in range(2))
    return 2 * one / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="folder with thucnews/train.txt (default: ../shared/data)",
    )
    parser.add_argument("--min-mb", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    docs, n_bytes, n_headlines = load_corpus(args.data_dir, int(args.min_mb * 1e6))
    print(
        f"corpus: {n_headlines:,} THUCNews headlines repeated to {len(docs):,} "
        f"documents, {n_bytes / 1e6:.1f} MB of UTF-8, {sum(map(len, docs)):,} "
        f"characters; {os.cpu_count()} CPUs"
    )

    # Load jieba's dictionary in this process before timing anything.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    serial = JiebaSegmenter(n_jobs=1).fit(None)
    parallel = JiebaSegmenter(n_jobs=2).fit(None)
    serial.transform(["预热"])

    def parallel_cold(docs):
        shut_down_workers()
        return parallel.transform(docs)

    methods = {
        "jieba.lcut loop": plain_jieba,
        "JiebaSegmenter(n_jobs=1)": serial.transform,
        COLD: parallel_cold,
        WARM: parallel.transform,
    }
    if rjieba_available():
        fast = JiebaSegmenter(backend="rjieba").fit(None)
        fast.transform(["预热"])
        methods[RJIEBA] = fast.transform
    # In this order the warm run comes right after the cold one and finds its workers.
    seconds = {name: [] for name in methods}
    load_before = os.getloadavg()
    capacity = []
    for round_ in range(args.rounds):
        outputs = {}
        for name, segment in methods.items():
            start = time.perf_counter()
            outputs[name] = segment(docs)
            seconds[name].append(time.perf_counter() - start)
        # Right after the warm run, with the same two workers.
        capacity.append(two_process_capacity())
        print(
            f"round {round_ + 1}/{args.rounds}: "
            + ", ".join(f"{s[-1]:.2f} s" for s in seconds.values())
            + f"; two-process capacity {capacity[-1]:.2f}x",
            flush=True,
        )
        same = all(
            outputs[n] == outputs["JiebaSegmenter(n_jobs=1)"] for n in (COLD, WARM)
        )
        if not same:
            sys.exit("error: n_jobs=2 gave a different output than n_jobs=1")
        del outputs
    load_after = os.getloadavg()
    shut_down_workers()

    plain = statistics.median(seconds["jieba.lcut loop"])
    rows = []
    for name, times in seconds.items():
        median = statistics.median(times)
        rows.append(
            {
                "method": name,
                "seconds_median": round(median, 3),
                "seconds_all": [round(t, 3) for t in times],
                "mb_per_s": round(n_bytes / 1e6 / median, 3),
                "speed_vs_plain_jieba": round(plain / median, 3),
            }
        )

    identity = backend_identity(args.data_dir) if rjieba_available() else []
    header = "| method | seconds (median) | MB/s | speed vs plain jieba |"
    lines = [header, "|---|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row['method']} | {row['seconds_median']:.2f} | "
            f"{row['mb_per_s']:.2f} | {row['speed_vs_plain_jieba']:.2f}x |"
        )
    table = "\n".join(lines)
    cold = statistics.median(seconds[COLD])
    warm = statistics.median(seconds[WARM])
    startup = (
        f"Worker start-up, the cold minus the warm median: {cold - warm:.2f} s "
        f"(one-off: later calls in the same session find the workers running). "
        f"Two-process capacity of the machine during the rounds (two processes "
        f"against one on a pure Python loop; 2 is the ideal): "
        + ", ".join(f"{c:.2f}x" for c in capacity)
        + "."
    )
    identity_table = ""
    if identity:
        identity_lines = [
            "| data set | documents | MB | jieba MB/s | rjieba MB/s | speed-up "
            "| identical documents | identical tokens |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in identity:
            identity_lines.append(
                f"| {row['dataset']} | {row['documents']:,} | {row['megabytes']:.1f} | "
                f"{row['jieba_mb_per_s']:.2f} | {row['rjieba_mb_per_s']:.2f} | "
                f"{row['speed_up']:.1f}x | {100 * row['identical_documents']:.2f} % | "
                f"{100 * row['identical_tokens']:.2f} % |"
            )
        identity_table = "\n".join(identity_lines)
    print()
    print(table)
    print(startup)
    print(identity_table)

    setup = {
        "corpus": "THUCNews train.txt headlines, repeated",
        "documents": len(docs),
        "megabytes_utf8": round(n_bytes / 1e6, 3),
        "characters": sum(map(len, docs)),
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "python": platform.python_version(),
        "jieba": jieba.__version__,
        "segmenter": "JiebaSegmenter defaults (accurate, hmm, lowercase, "
        "drop_whitespace)",
        "check": "n_jobs=2 output identical to n_jobs=1 in every round",
        "worker_startup_seconds": round(cold - warm, 3),
        "two_process_capacity": [round(c, 3) for c in capacity],
        "rjieba_identity": identity,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    RESULTS.joinpath("segmentation.json").write_text(
        json.dumps({"setup": setup, "results": rows}, indent=2, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    RESULTS.joinpath("segmentation.md").write_text(
        "# Segmentation throughput\n\n"
        f"{setup['megabytes_utf8']:.1f} MB of THUCNews headlines "
        f"({setup['documents']:,} documents), {args.rounds} rounds in one run, "
        f"{setup['cpus']} CPUs, load average {load_before[0]:.2f} before and "
        f"{load_after[0]:.2f} after. Cold: the two worker processes are started "
        "within the timed call (Python, imports, jieba's dictionary); warm: they "
        "are already running. The n_jobs=2 output equals the n_jobs=1 output.\n\n"
        f"{table}\n\n{startup}\n\n"
        + (
            "rjieba against jieba on each Chinese data set (accurate mode with "
            "the HMM, the defaults), one timing each:\n\n"
            f"{identity_table}\n\n"
            if identity
            else ""
        )
        + "Written by `python benchmarks/bench_segmentation.py`.\n",
        encoding="utf-8",
    )
    print(f"\nwrote {RESULTS / 'segmentation.json'} and segmentation.md")


if __name__ == "__main__":
    main()
