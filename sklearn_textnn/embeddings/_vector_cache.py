"""An indexed copy of a word-vector file, converted once and shared by processes.

A cache is three ``.npy`` files in the cache folder, named after the vector file and a
hash of its path, size, modification time, format and encoding (so an edited file gets
a new cache):

- ``<name>.<key>.npy``: the vectors, ``float32`` of shape ``(n_rows, dim)``, in file
  order;
- ``<name>.<key>.words.npy``: the words, UTF-8, one after the other (``uint8``);
- ``<name>.<key>.index.npy``: ``uint64`` of shape ``(4, n_rows)``: a 64-bit hash of
  each word, sorted, then the word's row and the start and end of its bytes in the
  words file.

A lookup memory-maps the index and the words, finds each token by binary search on
the hashes, confirms it by comparing its bytes, and reads only the rows found. Those
rows are read at their offsets rather than through a memory map: mapping the vectors
maps whole large pages around every row touched (900 random rows of a 240 MB cache
mapped 208 MB into the process), while reading copies about the rows' own size. Either
way the file's pages live once in the operating system's page cache, shared by every
process that looks up the same file.

The files are written under temporary names and renamed into place, the vectors last,
so a process never sees a half-written cache, and two processes building the same
cache at once both succeed.
"""

import contextlib
import hashlib
import os
import tempfile
from array import array

import numpy as np

from ._formats import iter_records, parse_many

# Bump when the layout of the files changes, so that old caches are not read.
_LAYOUT_VERSION = 1
# Rows parsed and written at a time while building.
_BATCH_ROWS = 2048


def cache_paths(vector_file, cache_dir):
    """The vectors, words and index paths of the cache of ``vector_file``."""
    stat = os.stat(vector_file.path)
    key = "\0".join(
        map(
            str,
            (
                os.path.abspath(vector_file.path),
                stat.st_size,
                stat.st_mtime_ns,
                vector_file.format,
                vector_file.encoding,
                _LAYOUT_VERSION,
            ),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = os.path.join(
        os.fspath(cache_dir), f"{os.path.basename(vector_file.path)}.{digest}"
    )
    return f"{stem}.npy", f"{stem}.words.npy", f"{stem}.index.npy"


def ensure_cache(vector_file, cache_dir):
    """Build the cache of ``vector_file`` unless it exists; return its paths."""
    paths = cache_paths(vector_file, cache_dir)
    if not all(os.path.exists(p) for p in paths):
        os.makedirs(cache_dir, exist_ok=True)
        _build(vector_file, paths)
    return paths


def lookup_cache(paths, tokens, dim):
    """``(vectors, found)`` of ``tokens`` from a cache built by :func:`ensure_cache`."""
    vectors = np.zeros((len(tokens), dim), dtype=np.float32)
    found = np.zeros(len(tokens), dtype=bool)
    vectors_path, words_path, index_path = paths
    index = _open(index_path)
    n_rows = index.shape[1]
    if n_rows == 0 or not tokens:
        return vectors, found
    words = _open(words_path)
    keys = index[0]
    encoded = [token.encode("utf-8", "surrogatepass") for token in tokens]
    hashes = np.fromiter(map(_word_hash, encoded), dtype=np.uint64, count=len(tokens))
    rows = np.full(len(tokens), -1, dtype=np.int64)
    for i, j in enumerate(np.searchsorted(keys, hashes).tolist()):
        # Equal hashes sit in file order (a stable sort), so the first match is the
        # word's first occurrence; comparing the bytes rules out a hash collision.
        while j < n_rows and keys[j] == hashes[i]:
            start, end = int(index[2, j]), int(index[3, j])
            if words[start:end].tobytes() == encoded[i]:
                rows[i] = index[1, j]
                break
            j += 1
    found = rows >= 0
    _read_rows(vectors_path, rows, vectors)
    return vectors, found


def _read_rows(path, rows, out):
    """Read row ``rows[i]`` of the ``.npy`` matrix at ``path`` into ``out[i]``.

    Rows are read in file order; ``rows[i] < 0`` leaves ``out[i]`` as it is.
    """
    with open(path, "rb", buffering=0) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(f)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(f)
        if dtype != out.dtype or shape[1:] != out.shape[1:]:
            raise ValueError(
                f"the cache {path!r} holds {dtype} rows of shape {shape[1:]}; "
                f"expected {out.dtype} rows of shape {out.shape[1:]}: delete it"
            )
        start = f.tell()
        row_bytes = out.dtype.itemsize * out.shape[1]
        for i in np.argsort(rows, kind="stable").tolist():
            if rows[i] < 0:
                continue
            f.seek(start + int(rows[i]) * row_bytes)
            if f.readinto(memoryview(out[i]).cast("B")) != row_bytes:
                raise ValueError(f"the cache {path!r} is truncated: delete it")


def _word_hash(word_bytes):
    return int.from_bytes(hashlib.blake2b(word_bytes, digest_size=8).digest(), "little")


def _open(path):
    try:
        return np.load(path, mmap_mode="r")
    except ValueError:
        # Older numpy cannot memory-map an empty array.
        return np.load(path)


def _build(vector_file, paths):
    cache_dir = os.path.dirname(paths[0])
    prefix = "." + os.path.basename(paths[0]) + "."
    temporary = []
    try:
        for _ in paths:
            fd, name = tempfile.mkstemp(dir=cache_dir, prefix=prefix, suffix=".tmp")
            os.close(fd)
            temporary.append(name)
            # mkstemp makes files only their owner can read; a cache is shared.
            os.chmod(name, 0o644)
        vectors_tmp, words_tmp, index_tmp = temporary
        hashes = array("Q")
        offsets = array("Q", [0])
        with open(vectors_tmp, "wb") as fv, open(words_tmp, "wb") as fw:
            vectors_start = _write_npy_header(fv, "<f4", (0, vector_file.dim))
            words_start = _write_npy_header(fw, "|u1", (0,))
            batch = []
            for record in iter_records(vector_file):
                word = record[1].encode("utf-8", "surrogatepass")
                fw.write(word)
                offsets.append(offsets[-1] + len(word))
                hashes.append(_word_hash(word))
                batch.append(record)
                if len(batch) == _BATCH_ROWS:
                    fv.write(parse_many(vector_file, batch).tobytes())
                    batch.clear()
            fv.write(parse_many(vector_file, batch).tobytes())
            shape = (len(hashes), vector_file.dim)
            _write_npy_header(fv, "<f4", shape, vectors_start)
            _write_npy_header(fw, "|u1", (offsets[-1],), words_start)
        keys = np.asarray(hashes, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        starts = np.asarray(offsets, dtype=np.uint64)
        index = np.stack(
            [keys[order], order.astype(np.uint64), starts[order], starts[order + 1]]
        )
        with open(index_tmp, "wb") as f:
            np.save(f, index)
        # The vectors go last: their presence marks a complete cache.
        for tmp, path in (
            (words_tmp, paths[1]),
            (index_tmp, paths[2]),
            (vectors_tmp, paths[0]),
        ):
            _replace(tmp, path)
    finally:
        for name in temporary:
            with contextlib.suppress(FileNotFoundError):
                os.remove(name)


def _replace(tmp, path):
    try:
        os.replace(tmp, path)
    except PermissionError:
        # Windows refuses to replace a file another process has mapped; that file is
        # the same cache, built by that process.
        if not os.path.exists(path):
            raise


def _write_npy_header(f, descr, shape, data_start=None):
    """Write an ``.npy`` header at the start of ``f``; return where the data starts.

    numpy pads the header so that the row count can grow to 21 digits without moving
    the data: a header for ``(0, dim)`` written first is overwritten in place by the
    one for the final shape (pass ``data_start``) once the rows are written, and
    ``f`` is left at its end.
    """
    end = f.tell()
    f.seek(0)
    np.lib.format.write_array_header_1_0(
        f, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    if data_start is not None:
        if f.tell() != data_start:
            raise RuntimeError(f"the .npy header of {f.name!r} changed size")
        f.seek(end)
    return f.tell()
