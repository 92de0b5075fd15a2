"""Tests of the pretrained word-vector readers, cache and embedding matrix."""

import gzip
import os
import pickle
import re
import threading
from pathlib import Path

import numpy as np
import pytest

from sklearn_textnn.embeddings import (
    WordVectors,
    _vector_cache,
    build_embedding_matrix,
    read_word_vectors,
)
from sklearn_textnn.embeddings._formats import describe_file
from sklearn_textnn.preprocessing import Vocabulary

SHARED_EMBEDDINGS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SHARED_EMBEDDINGS = SHARED_EMBEDDINGS / "embeddings"

WORDS = ["the", "北京", "café", "of", "天安门"]
DIM = 4
VALUES = np.random.default_rng(0).standard_normal((len(WORDS), DIM)).astype(np.float32)
FORMATS = ["word2vec", "word2vec_binary", "glove", "fasttext"]


def _text_row(word, values, end="\n"):
    # repr of the float64 value of a float32 reads back to the same float32.
    return word + " " + " ".join(repr(float(v)) for v in values) + end


def write_vectors(path, format, words=WORDS, values=VALUES, encoding="utf-8"):
    """Write ``words`` and ``values`` to ``path`` in ``format``; return the path."""
    values = np.asarray(values, dtype=np.float32)
    header = f"{len(words)} {values.shape[1]}\n"
    if format == "word2vec_binary":
        with open(path, "wb") as f:
            f.write(header.encode("ascii"))
            for word, row in zip(words, values):
                f.write(word.encode(encoding) + b" " + row.astype("<f4").tobytes())
                f.write(b"\n")
        return path
    # fastText ends each row with a space, as its .vec files do.
    end = " \n" if format == "fasttext" else "\n"
    rows = "".join(_text_row(w, v, end) for w, v in zip(words, values))
    text = rows if format == "glove" else header + rows
    Path(path).write_bytes(text.encode(encoding))
    return path


def assert_error(exc_info, *fragments):
    message = str(exc_info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


# --- reading each format -------------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("given", ["explicit", "auto"])
def test_read_word_vectors_reads_each_format(tmp_path, format, given):
    path = write_vectors(tmp_path / f"vectors.{format}", format)
    tokens = ["天安门", "missing", "the", "北京", "the"]
    vectors, found = read_word_vectors(
        path, tokens, format=format if given == "explicit" else "auto"
    )
    assert vectors.dtype == np.float32
    assert vectors.shape == (5, DIM)
    np.testing.assert_array_equal(found, [True, False, True, True, True])
    np.testing.assert_array_equal(vectors[0], VALUES[4])
    np.testing.assert_array_equal(vectors[1], np.zeros(DIM))
    np.testing.assert_array_equal(vectors[2], VALUES[0])
    np.testing.assert_array_equal(vectors[3], VALUES[1])
    np.testing.assert_array_equal(vectors[4], VALUES[0])


@pytest.mark.parametrize(
    "format, detected",
    [
        ("word2vec", "word2vec"),
        ("fasttext", "word2vec"),
        ("word2vec_binary", "word2vec_binary"),
        ("glove", "glove"),
    ],
)
def test_read_word_vectors_auto_detects_format(tmp_path, format, detected):
    path = write_vectors(tmp_path / "vectors", format)
    vector_file = describe_file(path, "auto")
    assert vector_file.format == detected
    assert vector_file.dim == DIM
    assert vector_file.n_words == (None if format == "glove" else len(WORDS))


def test_read_word_vectors_binary_without_newlines(tmp_path):
    path = tmp_path / "vectors.bin"
    with open(path, "wb") as f:
        f.write(f"{len(WORDS)} {DIM}\n".encode())
        for word, row in zip(WORDS, VALUES):
            f.write(word.encode() + b" " + row.astype("<f4").tobytes())
    vectors, found = read_word_vectors(path, WORDS)
    assert found.all()
    np.testing.assert_array_equal(vectors, VALUES)


def test_read_word_vectors_empty_token_list_and_empty_file_of_vectors(tmp_path):
    path = write_vectors(tmp_path / "vectors.txt", "word2vec")
    vectors, found = read_word_vectors(path, [])
    assert vectors.shape == (0, DIM) and found.shape == (0,)
    empty = tmp_path / "empty.txt"
    empty.write_text("0 3\n")
    vectors, found = read_word_vectors(empty, ["the"])
    np.testing.assert_array_equal(vectors, np.zeros((1, 3)))
    assert not found.any()


def test_read_word_vectors_accepts_tabs_crlf_and_trailing_spaces(tmp_path):
    path = tmp_path / "vectors.txt"
    path.write_bytes(b"2 3\r\nab\t1 2 3 \r\ncd  4\t5 6\r\n")
    vectors, found = read_word_vectors(path, ["ab", "cd"])
    np.testing.assert_array_equal(vectors, [[1, 2, 3], [4, 5, 6]])
    assert found.all()


def test_read_word_vectors_glove_word_with_spaces(tmp_path):
    path = tmp_path / "glove.txt"
    path.write_text("the 1 2\nnew york 3 4\n. . . 5 6\n")
    vectors, found = read_word_vectors(path, ["new york", ". . .", "new"])
    np.testing.assert_array_equal(vectors, [[3, 4], [5, 6], [0, 0]])
    np.testing.assert_array_equal(found, [True, True, False])


def test_read_word_vectors_first_occurrence_wins(tmp_path):
    words = ["a", "b", "a", "c", "b"]
    values = np.arange(10, dtype=np.float32).reshape(5, 2)
    for format in FORMATS:
        path = write_vectors(tmp_path / format, format, words, values)
        vectors, found = read_word_vectors(path, ["b", "a", "c"])
        np.testing.assert_array_equal(vectors, [[2, 3], [0, 1], [6, 7]])
        assert found.all()


def test_read_word_vectors_chinese_in_other_encoding(tmp_path):
    path = write_vectors(tmp_path / "gbk.txt", "word2vec", encoding="gb18030")
    vectors, found = read_word_vectors(path, ["北京", "天安门"], encoding="gb18030")
    assert found.all()
    np.testing.assert_array_equal(vectors, VALUES[[1, 4]])
    with pytest.raises(ValueError, match="line 3") as exc_info:
        read_word_vectors(path, ["北京"])
    assert_error(exc_info, "gbk.txt", "not valid utf-8", "encoding=")


def test_read_word_vectors_skips_utf8_bom_and_reads_gzip(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"the 1 2\n")
    vectors, found = read_word_vectors(path, ["the"])
    np.testing.assert_array_equal(vectors, [[1, 2]])
    gz_path = tmp_path / "vectors.vec.gz"
    with gzip.open(gz_path, "wb") as f:
        f.write(write_vectors(tmp_path / "plain.vec", "fasttext").read_bytes())
    vectors, found = read_word_vectors(gz_path, WORDS)
    np.testing.assert_array_equal(vectors, VALUES)
    assert found.all()


# --- bad files -----------------------------------------------------------------------


def test_read_word_vectors_missing_file(tmp_path):
    path = tmp_path / "nowhere.vec"
    with pytest.raises(FileNotFoundError, match=re.escape(str(path))):
        read_word_vectors(path, ["the"])


def test_read_word_vectors_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="line 1: the file is empty"):
        read_word_vectors(path, ["the"])


def test_read_word_vectors_fewer_rows_than_header(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("4 2\na 1 2\nb 3 4\nc 5 6\n")
    with pytest.raises(ValueError, match="line 4") as exc_info:
        read_word_vectors(path, ["a"])
    assert_error(exc_info, "short.txt", "3 rows", "announces 4", "truncated")


def test_read_word_vectors_more_rows_than_header(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("2 2\na 1 2\nb 3 4\nc 5 6\n")
    with pytest.raises(ValueError, match="line 4") as exc_info:
        read_word_vectors(path, ["a"])
    assert_error(exc_info, "announces 2 words", "more rows")


@pytest.mark.parametrize("format", ["word2vec", "glove"])
def test_read_word_vectors_last_row_cut_short(tmp_path, format):
    path = tmp_path / "cut.txt"
    text = "a 1 2 3\nb 4 5 6\nc 7 8"
    path.write_text(text if format == "glove" else "3 3\n" + text)
    line = "line 3" if format == "glove" else "line 4"
    with pytest.raises(ValueError, match=line) as exc_info:
        read_word_vectors(path, ["a"], format=format)
    assert_error(exc_info, "2 values; expected 3", "cut short", "truncated")


def test_read_word_vectors_binary_truncated(tmp_path):
    path = write_vectors(tmp_path / "vectors.bin", "word2vec_binary")
    data = path.read_bytes()
    path.write_bytes(data[:-6])
    with pytest.raises(ValueError, match="record 5") as exc_info:
        read_word_vectors(path, ["the"])
    assert_error(exc_info, "vectors.bin", "of the 5", "truncated")


def test_read_word_vectors_binary_header_with_wrong_dimension(tmp_path):
    path = write_vectors(tmp_path / "vectors.bin", "word2vec_binary")
    data = path.read_bytes().replace(b"5 4\n", b"5 3\n", 1)
    path.write_bytes(data)
    with pytest.raises(ValueError, match="record") as exc_info:
        read_word_vectors(path, ["the"], format="word2vec_binary")
    assert_error(exc_info, "vectors.bin", "dimension (3)")


@pytest.mark.parametrize("format", ["word2vec", "glove"])
def test_read_word_vectors_row_with_wrong_number_of_values(tmp_path, format):
    path = tmp_path / "bad.txt"
    text = "a 1 2 3\nb 4 5\nc 7 8 9\n"
    path.write_text(text if format == "glove" else "3 3\n" + text)
    line = "line 2" if format == "glove" else "line 3"
    # Checked on every row, not only the rows looked up.
    with pytest.raises(ValueError, match=line) as exc_info:
        read_word_vectors(path, ["c"])
    assert_error(exc_info, "bad.txt", "2 values; expected 3")


def test_read_word_vectors_value_not_a_number(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("3 3\na 1 2 3\nb 4 x5 6\nc 7 8 9\n")
    with pytest.raises(ValueError, match="line 3") as exc_info:
        read_word_vectors(path, ["b"])
    assert_error(exc_info, "bad.txt", "value 2 of 'b'", "'x5'", "not a number")


@pytest.mark.parametrize("format", ["word2vec", "word2vec_binary"])
def test_read_word_vectors_value_not_finite(tmp_path, format):
    values = VALUES.copy()
    values[2, 1] = np.nan
    path = write_vectors(tmp_path / "nan", format, values=values)
    where = "line 4" if format == "word2vec" else "record 3"
    with pytest.raises(ValueError, match=where) as exc_info:
        read_word_vectors(path, ["café"])
    assert_error(exc_info, "value 2 of 'café' is nan", "finite")


def test_read_word_vectors_header_with_wrong_dimension(tmp_path):
    path = tmp_path / "liar.txt"
    path.write_text("2 5\na 1 2 3 4\nb 5 6 7 8\n")
    with pytest.raises(ValueError, match="line 2") as exc_info:
        read_word_vectors(path, ["a"])
    assert_error(exc_info, "4 values", "header on line 1", "dimension as 5", "wrong")


def test_read_word_vectors_encoding_error_names_the_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("a 1 2\nb 3 4\ncafé 5 6\n".encode("latin-1"))
    with pytest.raises(ValueError, match="line 3") as exc_info:
        read_word_vectors(path, ["a"])
    assert_error(exc_info, "latin1.txt", "not valid utf-8", "encoding=")
    vectors, found = read_word_vectors(path, ["café"], encoding="latin-1")
    np.testing.assert_array_equal(vectors, [[5, 6]])
    assert found.all()


@pytest.mark.parametrize(
    "suffix, kind", [(".gz", "gzip"), (".bz2", "bzip2"), (".xz", "xz")]
)
def test_read_word_vectors_compressed_name_but_plain_content(tmp_path, suffix, kind):
    path = tmp_path / f"vectors.vec{suffix}"
    path.write_bytes(write_vectors(tmp_path / "plain.vec", "fasttext").read_bytes())
    message = (
        re.escape(f"{str(path)!r}, line 1: cannot decompress the file as {kind} (")
        + r".+"
        + re.escape(
            f"): its name ends in '{suffix}' but its content is not {kind} data, or "
            f"it is corrupt. If it is not compressed, remove '{suffix}' from its name"
        )
    )
    with pytest.raises(ValueError, match=message):
        read_word_vectors(path, ["the"])
    with pytest.raises(ValueError, match=message):
        _ = WordVectors(path).dim


def test_read_word_vectors_truncated_gzip_names_the_line_reached(tmp_path):
    rows = "".join(_text_row(f"w{i}", np.full(3, i)) for i in range(5))
    path = tmp_path / "short.txt.gz"
    # Without its 8-byte trailer the stream has all the rows but no end.
    path.write_bytes(gzip.compress(f"5 3\n{rows}".encode())[:-8])
    with pytest.raises(
        ValueError,
        match=re.escape(
            f"{str(path)!r}, line 7: the gzip data ends before its end-of-stream "
            "marker: the file is truncated"
        ),
    ):
        read_word_vectors(path, ["w1"])


@pytest.mark.parametrize("format", ["fasttext", "word2vec_binary"])
def test_read_word_vectors_gzip_cut_in_half_names_the_place_reached(tmp_path, format):
    words = [f"w{i}" for i in range(3000)]
    values = np.random.default_rng(0).standard_normal((3000, 50))
    plain = write_vectors(tmp_path / "plain", format, words, values).read_bytes()
    path = tmp_path / "half.gz"
    compressed = gzip.compress(plain)
    path.write_bytes(compressed[: len(compressed) // 2])

    with pytest.raises(ValueError, match="the file is truncated") as exc_info:
        read_word_vectors(path, ["w1"])

    place = "line" if format == "fasttext" else "record"
    match = re.match(rf"'.*half\.gz', {place} (\d+)\b", str(exc_info.value))
    assert match, str(exc_info.value)
    # Half of the data was read, give or take a decompression block.
    assert 1000 < int(match[1]) < 2000


def test_word_vectors_cache_of_a_truncated_gzip_leaves_nothing(tmp_path):
    plain = write_vectors(tmp_path / "plain.vec", "word2vec").read_bytes()
    path = tmp_path / "vectors.vec.gz"
    path.write_bytes(gzip.compress(plain)[:-8])
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match=r"vectors.vec.gz', line 7: the gzip data"):
        WordVectors(path, cache_dir=cache).lookup(["the"])
    assert list(cache.iterdir()) == []


def test_read_word_vectors_binary_encoding_error_names_the_record(tmp_path):
    path = write_vectors(tmp_path / "gbk.bin", "word2vec_binary", encoding="gbk")
    with pytest.raises(ValueError, match="record 2") as exc_info:
        read_word_vectors(path, ["the"])
    assert_error(exc_info, "not valid utf-8", "encoding=")


@pytest.mark.parametrize(
    "file_format, format, message",
    [
        ("word2vec", "glove", "pass format='word2vec'"),
        ("glove", "word2vec", "format='glove'"),
        ("word2vec_binary", "word2vec", "pass format='word2vec_binary'"),
        ("word2vec", "word2vec_binary", "pass format='word2vec'"),
    ],
)
def test_read_word_vectors_wrong_format_says_which(
    tmp_path, file_format, format, message
):
    path = write_vectors(tmp_path / "vectors", file_format)
    with pytest.raises(ValueError, match=re.escape(message)):
        read_word_vectors(path, ["the"], format=format)


def test_read_word_vectors_bad_arguments(tmp_path):
    path = write_vectors(tmp_path / "vectors.txt", "word2vec")
    with pytest.raises(ValueError, match="format"):
        read_word_vectors(path, ["the"], format="bin")
    with pytest.raises(TypeError, match=re.escape("tokens[1] is int")):
        read_word_vectors(path, ["the", 3])
    with pytest.raises(ValueError, match="not a known text encoding"):
        read_word_vectors(path, ["the"], encoding="klingon")


# --- WordVectors and its cache -------------------------------------------------------


@pytest.mark.parametrize("format", FORMATS)
def test_word_vectors_dim_reads_only_the_first_line(tmp_path, format):
    path = write_vectors(tmp_path / "vectors", format)
    with open(path, "ab") as f:
        f.write(b"broken row\n")
    assert WordVectors(path).dim == DIM
    assert WordVectors(path, format=format).dim == DIM


def test_word_vectors_pickles_and_compares(tmp_path):
    path = write_vectors(tmp_path / "vectors.txt", "word2vec")
    wv = WordVectors(path, format="word2vec", cache_dir=tmp_path / "cache")
    copy = pickle.loads(pickle.dumps(wv))
    assert copy == wv and hash(copy) == hash(wv)
    assert copy != WordVectors(path)
    assert len(pickle.dumps(wv)) < 500
    assert repr(wv) == (
        f"WordVectors({str(path)!r}, format='word2vec', "
        f"cache_dir={str(tmp_path / 'cache')!r})"
    )
    vectors, found = copy.lookup(WORDS)
    np.testing.assert_array_equal(vectors, VALUES)
    assert found.all()


def test_word_vectors_checks_its_parameters(tmp_path):
    with pytest.raises(ValueError, match="format='txt'"):
        WordVectors(tmp_path / "v.txt", format="txt")
    with pytest.raises(TypeError, match="path is int"):
        WordVectors(3)
    with pytest.raises(TypeError, match="cache_dir is int"):
        WordVectors("v.txt", cache_dir=1)
    # The file is opened only when needed.
    wv = WordVectors(tmp_path / "v.txt")
    with pytest.raises(FileNotFoundError, match=r"v\.txt"):
        _ = wv.dim


@pytest.mark.parametrize("format", FORMATS)
def test_word_vectors_cache_matches_streaming(tmp_path, format):
    words = [*WORDS, "the"]
    values = np.vstack([VALUES, np.ones((1, DIM), dtype=np.float32)])
    path = write_vectors(tmp_path / f"vectors.{format}", format, words, values)
    tokens = ["天安门", "nope", "the", "café", "北京", "of"]
    expected = read_word_vectors(path, tokens)
    wv = WordVectors(path, format=format, cache_dir=tmp_path / "cache")
    for _ in range(2):
        vectors, found = wv.lookup(tokens)
        np.testing.assert_array_equal(vectors, expected[0])
        np.testing.assert_array_equal(found, expected[1])
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    stem = rf"vectors\.{format}\.[0-9a-f]{{16}}"
    assert re.fullmatch(rf"{stem}\.index\.npy", cached[0])
    assert re.fullmatch(rf"{stem}\.npy", cached[1])
    assert re.fullmatch(rf"{stem}\.words\.npy", cached[2])
    matrix_file = tmp_path / "cache" / cached[1]
    np.testing.assert_array_equal(np.load(matrix_file), values)


def test_word_vectors_cache_is_used_and_invalidated(tmp_path):
    path = write_vectors(tmp_path / "vectors.txt", "word2vec")
    cache_dir = tmp_path / "cache"
    wv = WordVectors(path, cache_dir=cache_dir)
    vectors, _ = wv.lookup(["北京"])
    stat = path.stat()
    # Same size and modification time: the cache answers, the text is not read.
    new_values = VALUES[::-1].copy()
    write_vectors(path, "word2vec", values=new_values)
    if path.stat().st_size != stat.st_size:
        pytest.skip("the rewritten file has another size")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    np.testing.assert_array_equal(wv.lookup(["北京"])[0], vectors)
    # A new modification time is a new file: the cache is rebuilt.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    np.testing.assert_array_equal(wv.lookup(["北京"])[0], new_values[[1]])
    assert len(list(cache_dir.glob("*.npy"))) == 6


def test_word_vectors_cache_survives_hash_collisions(tmp_path, monkeypatch):
    monkeypatch.setattr(_vector_cache, "_word_hash", lambda word_bytes: 7)
    words = ["a", "b", "a", "c"]
    values = np.arange(8, dtype=np.float32).reshape(4, 2)
    path = write_vectors(tmp_path / "vectors.txt", "glove", words, values)
    wv = WordVectors(path, cache_dir=tmp_path / "cache")
    vectors, found = wv.lookup(["c", "a", "d", "b"])
    np.testing.assert_array_equal(vectors, [[6, 7], [0, 1], [0, 0], [2, 3]])
    np.testing.assert_array_equal(found, [True, True, False, True])


def test_word_vectors_cache_build_checks_every_value(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("a 1 2\nb 3 4\nc 5 y\n")
    cache_dir = tmp_path / "cache"
    with pytest.raises(ValueError, match="line 3") as exc_info:
        WordVectors(path, cache_dir=cache_dir).lookup(["a"])
    assert_error(exc_info, "value 2 of 'c'", "not a number")
    assert list(cache_dir.iterdir()) == []


def test_word_vectors_cache_of_an_empty_file(tmp_path):
    path = tmp_path / "empty.vec"
    path.write_text("0 3\n")
    vectors, found = WordVectors(path, cache_dir=tmp_path / "c").lookup(["a", "b"])
    np.testing.assert_array_equal(vectors, np.zeros((2, 3)))
    assert not found.any()


def test_word_vectors_cache_built_by_two_threads_at_once(tmp_path):
    words = [f"w{i}" for i in range(3000)]
    values = np.random.default_rng(1).random((3000, 8)).astype(np.float32)
    path = write_vectors(tmp_path / "vectors.txt", "word2vec", words, values)
    cache_dir = tmp_path / "cache"
    results = [None, None]

    def lookup(i):
        results[i] = WordVectors(path, cache_dir=cache_dir).lookup(["w2999", "w0"])

    threads = [threading.Thread(target=lookup, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for vectors, found in results:
        np.testing.assert_array_equal(vectors, values[[2999, 0]])
        assert found.all()
    assert len(list(cache_dir.iterdir())) == 3


# --- build_embedding_matrix ----------------------------------------------------------


def test_build_embedding_matrix_rows_and_coverage(tmp_path):
    tokens = ["<pad>", "<unk>", "the", "nope", "北京", "zzz"]
    counts = [0, 0, 10, 5, 3, 2]
    path = write_vectors(tmp_path / "vectors.txt", "word2vec")
    matrix, coverage = build_embedding_matrix(
        path, tokens, counts, oov_init="zeros", embedding_dim=DIM
    )
    expected = np.zeros((6, DIM), dtype=np.float32)
    expected[[2, 4]] = VALUES[[0, 1]]
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.dtype == np.float32
    assert coverage == {
        "n_tokens": 4,
        "n_found": 2,
        "vocabulary_coverage": 0.5,
        "token_coverage": 13 / 20,
    }
    for vectors in (WordVectors(path, cache_dir=tmp_path / "c"), str(path)):
        again, _ = build_embedding_matrix(vectors, tokens, oov_init="zeros")
        np.testing.assert_array_equal(again, expected)
    as_dict = dict(zip(WORDS, VALUES))
    again, coverage = build_embedding_matrix(as_dict, tokens, oov_init="zeros")
    np.testing.assert_array_equal(again, expected)
    assert coverage["token_coverage"] is None


def test_build_embedding_matrix_never_looks_up_reserved_ids():
    vectors = {"<pad>": [1.0, 1.0], "<unk>": [2.0, 2.0], "a": [3.0, 3.0]}
    matrix, coverage = build_embedding_matrix(
        vectors, ["<pad>", "<unk>", "a"], oov_init="zeros"
    )
    np.testing.assert_array_equal(matrix, [[0, 0], [0, 0], [3, 3]])
    assert coverage["n_tokens"] == 1 and coverage["vocabulary_coverage"] == 1.0


def test_build_embedding_matrix_random_rows_follow_found_std():
    rng = np.random.default_rng(0)
    found = rng.standard_normal((500, 2)) * [0.01, 5.0]
    vectors = {f"w{i}": v for i, v in enumerate(found)}
    tokens = ["<pad>", "<unk>", *vectors, *(f"oov{i}" for i in range(3000))]
    matrix, coverage = build_embedding_matrix(vectors, tokens, random_state=0)
    assert coverage["n_found"] == 500
    np.testing.assert_array_equal(matrix[0], [0, 0])
    np.testing.assert_array_equal(matrix[2:502], found.astype(np.float32))
    random_rows = matrix[[1, *range(502, 3502)]]
    np.testing.assert_allclose(random_rows.mean(axis=0), [0, 0], atol=0.2)
    np.testing.assert_allclose(random_rows.std(axis=0), found.std(axis=0), rtol=0.05)
    again, _ = build_embedding_matrix(vectors, tokens, random_state=0)
    np.testing.assert_array_equal(again, matrix)
    other, _ = build_embedding_matrix(vectors, tokens, random_state=1)
    assert not np.array_equal(other[1], matrix[1])


def test_build_embedding_matrix_warns_when_nothing_is_found():
    with pytest.warns(UserWarning, match="none of the 2 tokens"):
        matrix, coverage = build_embedding_matrix(
            {"x": [1.0, 2.0, 3.0]}, ["<pad>", "<unk>", "a", "b"], random_state=0
        )
    assert coverage["n_found"] == 0 and coverage["vocabulary_coverage"] == 0.0
    assert np.all(matrix[1:] != 0)


def test_build_embedding_matrix_dimension_mismatch(tmp_path):
    path = write_vectors(tmp_path / "vectors.txt", "word2vec")
    with pytest.raises(ValueError, match="embedding_dim=300") as exc_info:
        build_embedding_matrix(path, ["<pad>", "<unk>", "the"], embedding_dim=300)
    assert_error(exc_info, f"have {DIM} dimensions", f"set embedding_dim={DIM}", "None")
    with pytest.raises(ValueError, match="embedding_dim=3 but"):
        build_embedding_matrix(
            {"a": [1.0, 2.0]}, ["<pad>", "<unk>", "a"], embedding_dim=3
        )


def test_build_embedding_matrix_bad_arguments():
    vectors = {"a": [1.0, 2.0], "b": [1.0]}
    with pytest.raises(ValueError, match="at least one token"):
        build_embedding_matrix(vectors, ["<pad>", "<unk>"])
    with pytest.raises(ValueError, match="counts has shape"):
        build_embedding_matrix(vectors, ["<pad>", "<unk>", "a"], [1, 2])
    with pytest.raises(ValueError, match=re.escape("vectors['b'] has shape (1,)")):
        build_embedding_matrix(vectors, ["<pad>", "<unk>", "b"])
    with pytest.raises(ValueError, match="oov_init"):
        build_embedding_matrix(vectors, ["<pad>", "<unk>", "a"], oov_init="normal")
    with pytest.raises(TypeError, match="vectors"):
        build_embedding_matrix([1, 2], ["<pad>", "<unk>", "a"])


def test_build_embedding_matrix_from_fitted_vocabulary(tmp_path):
    docs = [["北京", "天安门", "the"], ["北京", "雨"], ["the", "the"]]
    vocab = Vocabulary(min_freq=1).fit(docs)
    path = write_vectors(tmp_path / "vectors.bin", "word2vec_binary")
    matrix, coverage = build_embedding_matrix(
        path, vocab.get_feature_names_out(), vocab.counts_, random_state=0
    )
    assert matrix.shape == (vocab.n_tokens_, DIM)
    ids = vocab.vocabulary_
    np.testing.assert_array_equal(matrix[ids["北京"]], VALUES[1])
    np.testing.assert_array_equal(matrix[ids["天安门"]], VALUES[4])
    assert coverage["n_found"] == 3 and coverage["n_tokens"] == 4
    assert coverage["token_coverage"] == 6 / 7


# --- real files ----------------------------------------------------------------------


def _shared_file(name):
    path = SHARED_EMBEDDINGS / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def test_read_word_vectors_gensim_glove_sample(tmp_path):
    path = _shared_file("gensim_test_glove_sample.txt")
    rows = [line.split(" ") for line in path.read_text("utf-8").splitlines()]
    words = [row[0] for row in rows]
    expected = np.array([row[1:] for row in rows], dtype=np.float64)
    assert describe_file(path).format == "glove"
    assert WordVectors(path).dim == 50
    vectors, found = read_word_vectors(path, [*words, "absent"])
    assert found[:-1].all() and not found[-1]
    np.testing.assert_array_equal(vectors[:-1], expected.astype(np.float32))
    cached, _ = WordVectors(path, cache_dir=tmp_path).lookup(words)
    np.testing.assert_array_equal(cached, vectors[:-1])


def test_read_word_vectors_tencent_sample_as_binary(tmp_path):
    path = _shared_file("tencent_char200d.w2v.txt")
    tokens = ["北", "京", "的", "不存在的词"]
    vectors, found = read_word_vectors(path, tokens, format="word2vec")
    np.testing.assert_array_equal(found, [True, True, True, False])
    assert vectors.shape == (4, 200)
    # The first 500 rows hold the three characters.
    lines = path.read_text("utf-8").splitlines()[1:501]
    words = [line.split(" ", 1)[0] for line in lines]
    values = np.array([line.split(" ")[1:] for line in lines], dtype=np.float64)
    binary = write_vectors(tmp_path / "tencent.bin", "word2vec_binary", words, values)
    from_binary, _ = read_word_vectors(binary, tokens)
    np.testing.assert_array_equal(from_binary, vectors)
