"""Memory and time of reading a vocabulary's rows from a large word-vector file.

Writes a word2vec text file of at least 500 MiB (200,000 words x 300 dimensions by
default) into a temporary folder, then, each in a fresh Python process, measures:

- ``read_word_vectors``: streaming the file for the rows of a 1,000-token vocabulary;
- ``WordVectors(cache_dir=...).lookup``, first call: converts the file into the
  indexed cache, then looks the tokens up; the second call in the same process
  reads the cache only;
- the same lookup in a new process once the cache exists (what each worker of
  ``GridSearchCV(n_jobs=2)`` does).

Peak RSS growth is the process's peak resident size during the step (Linux's VmHWM,
reset just before the step) minus its resident size at the start of the step (after
the imports); ``ru_maxrss`` after minus before is reported beside it. The tracemalloc
peak (Python allocations, numpy arrays included) comes from a separate run of the same
step, as tracing slows it down. The target is a peak RSS growth under 100 MiB for the
streamed read.

Prints a table and writes ``results/embedding_memory.json`` and ``.md`` beside this
script. The temporary folder is deleted at the end unless ``--keep``.

Usage::

    python benchmarks/bench_embedding_memory.py [--n-words 200000] [--dim 300]
        [--vocab-size 1000] [--keep] [--dir DIR]
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MB = 100


def write_vector_file(path, n_words, dim, seed=0):
    """Write ``n_words`` random rows of ``dim`` values as word2vec text; return words.

    Values are printed with 8 characters (``-0.12345``, ``0.123456``), as word2vec
    and fastText print theirs; a third of the words are Chinese, to exercise decoding.
    """
    rng = np.random.default_rng(seed)
    pool = rng.uniform(-1, 1, 1 << 16)
    pool = np.array(
        [f"{v:.5f}" if v < 0 else f"{v:.6f}" for v in pool], dtype="S8"
    ).view(np.uint8)
    pool = pool.reshape(-1, 8)
    words = [
        f"{chr(0x4E00 + i % 20000)}{i}" if i % 3 == 0 else f"word{i}"
        for i in range(n_words)
    ]
    chunk = 5000
    with open(path, "wb") as f:
        f.write(f"{n_words} {dim}\n".encode())
        for start in range(0, n_words, chunk):
            k = min(chunk, n_words - start)
            cells = np.empty((k, dim, 9), dtype=np.uint8)
            cells[:, :, :8] = pool[rng.integers(0, len(pool), (k, dim))]
            cells[:, :, 8] = ord(" ")
            cells[:, -1, 8] = ord("\n")
            rows = cells.reshape(k, dim * 9)
            f.write(
                b"".join(
                    words[start + i].encode() + b" " + rows[i].tobytes()
                    for i in range(k)
                )
            )
    return words


def _status_mb(field):
    """A memory field of /proc/self/status (VmRSS, VmHWM) in MiB, or None."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 2**10
    except OSError:
        pass
    return None


def _reset_peak_rss():
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS, where possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _max_rss_mb():
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 2**10


def worker(step, path, tokens_file, cache_dir, trace, out):
    """Run one step in this (fresh) process; print its measures as JSON.

    ``ru_maxrss`` of a process started by ``subprocess`` can begin at its parent's
    peak (Linux carries it across ``exec``), which hides any smaller growth. Where
    Linux allows, the peak (VmHWM) is reset just before the step, and the growth is
    the new peak minus the RSS at that moment; ``ru_maxrss`` is reported beside it.
    """
    import tracemalloc

    from sklearn_textnn.embeddings import WordVectors, read_word_vectors

    tokens = json.loads(Path(tokens_file).read_text("utf-8"))
    wv = WordVectors(path, cache_dir=cache_dir)
    if step == "stream":

        def run():
            return read_word_vectors(path, tokens)

    else:

        def run():
            return wv.lookup(tokens)

    maxrss_before = _max_rss_mb()
    reset = _reset_peak_rss()
    rss_before = _status_mb("VmRSS")
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    vectors, found = run()
    seconds = time.perf_counter() - start
    result = {"seconds": seconds, "n_found": int(found.sum())}
    if trace:
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        result["maxrss_growth_mb"] = _max_rss_mb() - maxrss_before
        if reset and rss_before is not None:
            result["peak_rss_growth_mb"] = _status_mb("VmHWM") - rss_before
        else:
            result["peak_rss_growth_mb"] = result["maxrss_growth_mb"]
        result["peak_reset"] = reset
    if step == "cache_build" and not trace:
        start = time.perf_counter()
        again, _ = run()
        result["second_seconds"] = time.perf_counter() - start
        result["second_equal"] = bool(np.array_equal(again, vectors))
    np.save(out, vectors)
    print(json.dumps(result))


def run_worker(step, path, tokens_file, cache_dir, trace, out):
    command = [
        sys.executable,
        __file__,
        "--worker",
        step,
        "--file",
        str(path),
        "--tokens",
        str(tokens_file),
        "--cache-dir",
        str(cache_dir),
        "--out",
        str(out),
    ]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{step} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-words", type=int, default=200_000)
    parser.add_argument("--dim", type=int, default=300)
    parser.add_argument("--vocab-size", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the files")
    parser.add_argument("--dir", help="folder for the files (default: a temp dir)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--tokens", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(
            args.worker, args.file, args.tokens, args.cache_dir, args.trace, args.out
        )
        return

    folder = Path(args.dir or tempfile.mkdtemp(prefix="bench_embeddings_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        path = folder / "vectors.w2v.txt"
        start = time.perf_counter()
        words = write_vector_file(path, args.n_words, args.dim)
        write_seconds = time.perf_counter() - start
        file_mb = path.stat().st_size / 2**20
        print(
            f"wrote {path} ({file_mb:.0f} MiB, {args.n_words} x {args.dim}) in "
            f"{write_seconds:.1f} s"
        )
        rng = np.random.default_rng(1)
        n_absent = args.vocab_size // 10
        picked = rng.choice(len(words), args.vocab_size - n_absent, replace=False)
        tokens = [words[i] for i in picked] + [f"absent{i}" for i in range(n_absent)]
        tokens_file = folder / "tokens.json"
        tokens_file.write_text(json.dumps(tokens, ensure_ascii=False), "utf-8")

        def step(name, cache, trace=False):
            out = folder / f"{name}{'_traced' if trace else ''}.npy"
            result = run_worker(name, path, tokens_file, folder / cache, trace, out)
            print(f"  {name:<12} traced={trace!s:<5} {result}")
            return result, np.load(out)

        stream, stream_vectors = step("stream", "unused")
        stream_traced, _ = step("stream", "unused", trace=True)
        build, build_vectors = step("cache_build", "cache")
        reuse, reuse_vectors = step("cache_reuse", "cache")
        reuse_traced, _ = step("cache_reuse", "cache", trace=True)
        build_traced, _ = step("cache_build", "cache_traced", trace=True)
        cache_mb = sum(p.stat().st_size for p in (folder / "cache").iterdir()) / 2**20
        equal = bool(
            np.array_equal(stream_vectors, build_vectors)
            and np.array_equal(stream_vectors, reuse_vectors)
            and build["second_equal"]
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    rows = [
        {
            "step": "read_word_vectors (stream the file)",
            "seconds": stream["seconds"],
            "peak_rss_growth_mb": stream["peak_rss_growth_mb"],
            "maxrss_growth_mb": stream["maxrss_growth_mb"],
            "tracemalloc_peak_mb": stream_traced["tracemalloc_peak_mb"],
        },
        {
            "step": "WordVectors.lookup, 1st call (builds the cache)",
            "seconds": build["seconds"],
            "peak_rss_growth_mb": build["peak_rss_growth_mb"],
            "maxrss_growth_mb": build["maxrss_growth_mb"],
            "tracemalloc_peak_mb": build_traced["tracemalloc_peak_mb"],
        },
        {
            "step": "WordVectors.lookup, 2nd call (reads the cache)",
            "seconds": build["second_seconds"],
            "peak_rss_growth_mb": None,
            "maxrss_growth_mb": None,
            "tracemalloc_peak_mb": None,
        },
        {
            "step": "WordVectors.lookup, new process (reads the cache)",
            "seconds": reuse["seconds"],
            "peak_rss_growth_mb": reuse["peak_rss_growth_mb"],
            "maxrss_growth_mb": reuse["maxrss_growth_mb"],
            "tracemalloc_peak_mb": reuse_traced["tracemalloc_peak_mb"],
        },
    ]
    report = {
        "file": {
            "format": "word2vec text",
            "n_words": args.n_words,
            "dim": args.dim,
            "size_mb": round(file_mb, 1),
            "cache_size_mb": round(cache_mb, 1),
        },
        "vocabulary": {
            "n_tokens": len(tokens),
            "n_in_file": len(tokens) - n_absent,
            "n_found": stream["n_found"],
        },
        "results": rows,
        "all_lookups_equal": equal,
        "peak_rss_method": (
            "VmHWM reset before the step"
            if stream["peak_reset"]
            else "ru_maxrss after minus before"
        ),
        "target": {
            "stream_rss_growth_under_mb": TARGET_MB,
            "met": stream["peak_rss_growth_mb"] < TARGET_MB,
        },
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }
    table = render_table(report)
    print()
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "embedding_memory.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "embedding_memory.md").write_text(table + "\n")


def render_table(report):
    f, v = report["file"], report["vocabulary"]

    def fmt(value, digits):
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        "# Reading a vocabulary's rows from a large word-vector file",
        "",
        f"File: {f['format']}, {f['n_words']:,} words x {f['dim']} dimensions, "
        f"{f['size_mb']:.0f} MiB (cache: {f['cache_size_mb']:.0f} MiB). Vocabulary: "
        f"{v['n_tokens']:,} tokens, {v['n_in_file']:,} of them in the file "
        f"({v['n_found']:,} found). Each step runs in a fresh process.",
        "",
        "| step | time (s) | peak RSS growth (MiB) | ru_maxrss growth (MiB) "
        "| tracemalloc peak (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in report["results"]:
        lines.append(
            f"| {row['step']} | {fmt(row['seconds'], 3)} | "
            f"{fmt(row['peak_rss_growth_mb'], 1)} | {fmt(row['maxrss_growth_mb'], 1)} "
            f"| {fmt(row['tracemalloc_peak_mb'], 1)} |"
        )
    target = report["target"]
    lines += [
        "",
        f"Target: peak RSS growth of the streamed read under "
        f"{target['stream_rss_growth_under_mb']} MiB: "
        f"{'met' if target['met'] else 'NOT met'}. All lookups return the same "
        f"vectors: {report['all_lookups_equal']}.",
        f"Peak RSS growth: {report['peak_rss_method']}. ru_maxrss of a child process "
        "can start at its parent's peak, which hides smaller growth.",
        f"Machine: Python {report['machine']['python']}, numpy "
        f"{report['machine']['numpy']}, {report['machine']['cpus']} CPUs, "
        f"{report['machine']['platform']}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
