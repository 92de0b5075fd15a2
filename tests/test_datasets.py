"""Tests of the bundled samples and of the folder and file loaders."""

import re
import warnings
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from sklearn_textnn.datasets import (
    load_sms_spam_sample,
    load_text_file,
    load_text_folders,
    load_thucnews_sample,
)

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _write(root, relative, content, encoding="utf-8"):
    file = Path(root, relative)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(
        content if isinstance(content, bytes) else content.encode(encoding)
    )
    return file


# Bundled samples


def test_load_thucnews_sample_is_balanced():
    news = load_thucnews_sample()
    assert len(news.data) == 3000
    assert news.target.dtype == np.int64
    assert np.bincount(news.target).tolist() == [300] * 10
    assert news.target_names == [
        "finance",
        "realty",
        "stocks",
        "education",
        "science",
        "society",
        "politics",
        "sports",
        "game",
        "entertainment",
    ]
    assert news.DESCR.startswith("Load 3,000 Chinese news headlines")


def test_load_sms_spam_sample_keeps_the_skew():
    sms = load_sms_spam_sample()
    assert len(sms.data) == 2000
    assert sms.target_names == ["ham", "spam"]
    assert sms.target.dtype == np.int64
    assert np.bincount(sms.target).tolist() == [1732, 268]
    # The full collection has 747 spam out of 5,574 messages: 13.4 %.
    assert sms.target.mean() == pytest.approx(747 / 5574, abs=0.001)
    assert all(isinstance(text, str) and text.strip() for text in sms.data)
    assert sms.data[0] == "My sister going to earn more than me da."
    assert sms.DESCR.startswith("Load 2,000 English SMS messages")


def test_load_sms_spam_sample_keeps_quotes_and_spaces():
    texts = load_sms_spam_sample().data
    assert texts[61] == (
        '"Hi darlin i cantdo anythingtomorrow as myparents aretaking me outfor a '
        'meal. when are u free? Katexxx"'
    )
    assert sum('"' in text for text in texts) == 55
    assert sum(text.endswith(" ") for text in texts) == 55
    assert not any("\t" in text or "\n" in text for text in texts)


def test_load_sms_spam_sample_return_X_y():
    data, target = load_sms_spam_sample(return_X_y=True)
    sms = load_sms_spam_sample()
    assert data == sms.data
    np.testing.assert_array_equal(target, sms.target)


def test_sms_spam_sample_ships_its_terms():
    data = resources.files("sklearn_textnn.datasets").joinpath("data")
    terms = data.joinpath("sms_spam_readme.txt").read_text(encoding="utf-8")
    assert "José María Gómez Hidalgo hold the copyrigth" in terms
    assert "sms_spam_sample.tsv" in data.joinpath("README.md").read_text("utf-8")


@pytest.mark.skipif(
    not (SHARED_DATA / "sms_spam").is_dir(), reason="full SMS collection not present"
)
def test_sms_spam_sample_is_drawn_from_the_collection():
    full = load_text_file(
        SHARED_DATA / "sms_spam" / "SMSSpamCollection",
        format="tsv",
        text_column=1,
        label_column=0,
    )
    assert np.bincount(full.target).tolist() == [4827, 747]
    collection = Counter(
        (text, full.target_names[label]) for text, label in zip(full.data, full.target)
    )
    sms = load_sms_spam_sample()
    sample = Counter(
        (text, sms.target_names[label]) for text, label in zip(sms.data, sms.target)
    )
    assert not sample - collection


# load_text_folders


def test_load_text_folders_detects_each_file_encoding(tmp_path):
    _write(tmp_path, "sports/a.txt", "主队三比一获胜")
    _write(tmp_path, "sports/b.txt", "客队逆转", encoding="utf-8-sig")
    _write(tmp_path, "finance/a.txt", "央行下调存款准备金率", encoding="gbk")
    _write(tmp_path, "finance/b.txt", "股市收涨 stocks up", encoding="utf-16")
    _write(tmp_path, "finance/c.txt", "two\r\nlines")

    corpus = load_text_folders(tmp_path)

    assert corpus.target_names == ["finance", "sports"]
    assert corpus.data == [
        "央行下调存款准备金率",
        "股市收涨 stocks up",
        "two\nlines",
        "主队三比一获胜",
        "客队逆转",
    ]
    assert corpus.target.tolist() == [0, 0, 0, 1, 1]
    assert corpus.target.dtype == np.int64
    assert [
        Path(name).relative_to(tmp_path).as_posix() for name in corpus.filenames
    ] == [
        "finance/a.txt",
        "finance/b.txt",
        "finance/c.txt",
        "sports/a.txt",
        "sports/b.txt",
    ]
    assert corpus.DESCR == (
        f"5 documents in 2 classes, one file per document in the class folders of "
        f"{tmp_path}. Encodings: gb18030 (1), utf-16 (1), utf-8 (2), utf-8-sig (1)."
    )


def test_load_text_folders_uses_a_given_encoding_as_is(tmp_path):
    _write(tmp_path, "a/bom.txt", "text", encoding="utf-8-sig")
    _write(tmp_path, "b/gbk.txt", "新闻", encoding="gbk")
    assert load_text_folders(tmp_path, encoding="gbk", categories=["b"]).data == [
        "新闻"
    ]
    with pytest.raises(ValueError, match=r"cannot decode 1 of 2 files as utf-8") as exc:
        load_text_folders(tmp_path, encoding="utf-8")
    assert str(tmp_path / "b" / "gbk.txt") in str(exc.value)
    assert load_text_folders(tmp_path, encoding="utf-8", categories=["a"]).data == [
        "\ufefftext"
    ]


def test_load_text_folders_names_every_undecodable_file(tmp_path):
    _write(tmp_path, "ham/good.txt", "fine")
    _write(tmp_path, "ham/bad.txt", b"ok \x80\xff broken")
    _write(tmp_path, "spam/also_bad.txt", b"\xff\x80")
    _write(tmp_path, "spam/good.txt", "win")

    with pytest.raises(ValueError, match=r"cannot decode 2 of 4 files") as exc:
        load_text_folders(tmp_path)

    message = str(exc.value)
    assert str(tmp_path / "ham" / "bad.txt") in message
    assert str(tmp_path / "spam" / "also_bad.txt") in message
    assert "good.txt" not in message
    assert "GB18030" in message


def test_load_text_folders_reports_an_empty_class_folder(tmp_path):
    _write(tmp_path, "ham/a.txt", "hi")
    (tmp_path / "spam").mkdir()
    _write(tmp_path, "spam/.hidden", "not a document")
    with pytest.raises(ValueError, match="without any document file") as exc:
        load_text_folders(tmp_path)
    assert str(tmp_path / "spam") in str(exc.value)
    assert str(tmp_path / "ham") not in str(exc.value)


def test_load_text_folders_path_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        load_text_folders(tmp_path / "missing")
    file = _write(tmp_path, "file.txt", "text")
    with pytest.raises(NotADirectoryError, match="load_text_file"):
        load_text_folders(file)
    (tmp_path / ".git").mkdir()
    with pytest.raises(ValueError, match="has no class folders"):
        load_text_folders(tmp_path)


def test_load_text_folders_ignores_hidden_and_stray_entries(tmp_path):
    _write(tmp_path, "ham/a.txt", "hi")
    _write(tmp_path, "ham/.DS_Store", b"\x00\x01\xff")
    _write(tmp_path, ".cache/x.txt", "cached")
    _write(tmp_path, "README.txt", "about the corpus")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = load_text_folders(tmp_path)
    assert corpus.target_names == ["ham"]
    assert corpus.data == ["hi"]


def test_load_text_folders_warns_about_nested_folders_and_broken_links(tmp_path):
    _write(tmp_path, "ham/a.txt", "hi")
    _write(tmp_path, "ham/nested/deeper.txt", "not read")
    (tmp_path / "ham" / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "spam").symlink_to(tmp_path / "no_such_folder")
    _write(tmp_path, "elsewhere/b.txt", "linked")
    (tmp_path / "ham" / "linked.txt").symlink_to(tmp_path / "elsewhere" / "b.txt")

    with pytest.warns(UserWarning) as record:
        corpus = load_text_folders(tmp_path)

    messages = [str(warning.message) for warning in record]
    assert len(messages) == 2
    assert messages[0] == (
        f"load_text_folders skipped 1 broken symbolic links in {tmp_path}; they may "
        f"have been class folders:\n  {tmp_path / 'spam'} "
        f"(to {tmp_path / 'no_such_folder'})"
    )
    assert messages[1] == (
        "load_text_folders skipped 2 entries of class folders that are not files:"
        f"\n  {tmp_path / 'ham' / 'gone.txt'} (a broken symbolic link to "
        f"{tmp_path / 'missing.txt'})"
        f"\n  {tmp_path / 'ham' / 'nested'} (a folder inside a class folder: its "
        "files are not read; move them into the class folder)"
    )
    assert [warning.filename for warning in record] == [__file__, __file__]
    assert corpus.target_names == ["elsewhere", "ham"]
    assert corpus.data == ["linked", "hi", "linked"]


def test_load_text_folders_warning_lists_twenty_entries_and_counts_the_rest(
    tmp_path,
):
    _write(tmp_path, "ham/a.txt", "hi")
    for i in range(25):
        (tmp_path / "ham" / f"sub{i:02d}").mkdir()
    with pytest.warns(UserWarning, match=r"skipped 25 entries") as record:
        load_text_folders(tmp_path)
    message = str(record[0].message)
    assert "sub19 (a folder inside a class folder" in message
    assert "sub20" not in message
    assert message.endswith("\n  ... and 5 more")


def test_load_text_folders_decodes_a_cut_short_utf8_file_as_utf8(tmp_path):
    cut = _write(tmp_path, "news/cut.txt", "第一行\n央行降准".encode()[:-2])
    _write(tmp_path, "news/whole.txt", "主队获胜")

    with pytest.warns(UserWarning) as record:
        corpus = load_text_folders(tmp_path)

    assert len(record) == 1
    assert record[0].filename == __file__
    assert str(record[0].message) == (
        "1 files end inside a UTF-8 character and look cut short; they were "
        "decoded as UTF-8 without their incomplete last character:"
        f"\n  {cut} (line 2, bytes 19 to 19 of 20)"
    )
    assert corpus.data == ["第一行\n央行降", "主队获胜"]
    assert corpus.DESCR.endswith("Encodings: utf-8 (2).")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_load_text_folders_detects_utf16_without_bom(tmp_path, codec):
    _write(tmp_path, "news/mixed.txt", "股市收涨 stocks up\r\n一二三", encoding=codec)
    _write(tmp_path, "news/ascii.txt", "plain English", encoding=codec)
    corpus = load_text_folders(tmp_path)
    assert corpus.data == ["plain English", "股市收涨 stocks up\n一二三"]
    assert not any("\0" in text for text in corpus.data)
    assert corpus.DESCR.endswith(f"Encodings: {codec} (2).")


def test_load_text_folders_refuses_binary_files(tmp_path):
    _write(tmp_path, "ham/good.txt", "fine")
    zeros = _write(tmp_path, "ham/zeros.bin", bytes(4096))
    stray = _write(tmp_path, "spam/stray_nul.txt", "第一行\nwin\0now".encode())
    image = _write(tmp_path, "spam/image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")

    with pytest.raises(ValueError, match=r"cannot decode 3 of 4 files") as exc:
        load_text_folders(tmp_path)

    binary = "NUL byte: binary data, not text"
    lines = str(exc.value).splitlines()
    assert f"  {zeros} (line 1, byte 0: {binary}" in lines[1]
    assert f"  {image} (line 3, byte 8: {binary}" in lines[2]
    assert f"  {stray} (line 2, byte 13: {binary}" in lines[3]
    assert "good.txt" not in str(exc.value)


def test_load_text_folders_given_encoding_refuses_nul_characters(tmp_path):
    file = _write(tmp_path, "a/utf16.txt", "hello world", encoding="utf-16-le")
    with pytest.raises(ValueError, match=r"cannot decode 1 of 1 files as utf-8") as exc:
        load_text_folders(tmp_path, encoding="utf-8")
    assert (
        f"{file} (line 1, byte 1: NUL character: binary data, not utf-8 text; it "
        "looks like UTF-16-LE: pass encoding='utf-16-le')"
    ) in str(exc.value)
    assert load_text_folders(tmp_path, encoding="utf-16-le").data == ["hello world"]


def test_load_text_folders_points_at_the_first_byte_that_is_not_utf8(tmp_path):
    # GB18030 reads the GBK line and fails only on line 3, at byte 29.
    raw = b"line one\n" + "央行降准".encode("gbk") + b"\nline three \xff\n"
    file = _write(tmp_path, "a/mixed.txt", raw)
    with pytest.raises(ValueError, match="cannot decode 1 of 1 files") as exc:
        load_text_folders(tmp_path)
    assert f"{file} (line 2, byte 9: invalid continuation byte)" in str(exc.value)


def test_load_text_folders_categories(tmp_path):
    for name in ["c", "a", "b"]:
        _write(tmp_path, f"{name}/1.txt", f"text of {name}")
    corpus = load_text_folders(tmp_path, categories=["c", "a"])
    assert corpus.target_names == ["a", "c"]
    assert corpus.data == ["text of a", "text of c"]
    assert corpus.target.tolist() == [0, 1]

    with pytest.raises(ValueError, match=r"categories \['d'\] are not class folders"):
        load_text_folders(tmp_path, categories=["a", "d"])
    with pytest.raises(TypeError, match=r"categories=\['a'\]"):
        load_text_folders(tmp_path, categories="a")
    with pytest.raises(ValueError, match="categories is empty"):
        load_text_folders(tmp_path, categories=[])


def test_load_text_folders_shuffle_is_reproducible(tmp_path):
    for label in ["neg", "pos"]:
        for i in range(10):
            _write(tmp_path, f"{label}/{i}.txt", f"{label} {i}")
    ordered = load_text_folders(tmp_path)
    first = load_text_folders(tmp_path, shuffle=True, random_state=0)
    second = load_text_folders(tmp_path, shuffle=True, random_state=0)
    other = load_text_folders(tmp_path, shuffle=True, random_state=1)

    assert first.data == second.data
    np.testing.assert_array_equal(first.filenames, second.filenames)
    assert first.data != ordered.data
    assert first.data != other.data
    assert sorted(first.data) == sorted(ordered.data)
    for text, label, name in zip(first.data, first.target, first.filenames):
        assert text == Path(name).read_text(encoding="utf-8")
        assert text.startswith(first.target_names[label])


def test_load_text_folders_return_X_y(tmp_path):
    _write(tmp_path, "a/1.txt", "one")
    _write(tmp_path, "b/1.txt", "two")
    data, target = load_text_folders(tmp_path, return_X_y=True)
    assert data == ["one", "two"]
    assert target.tolist() == [0, 1]


# load_text_file


def test_load_text_file_reads_a_headerless_tsv_with_integer_labels(tmp_path):
    file = _write(
        tmp_path,
        "train.txt",
        '体育"新闻"\t10\n央行降准\t2\n\n股市\t2\n客队获胜\t10\n',
    )
    news = load_text_file(file)
    assert news.data == ['体育"新闻"', "央行降准", "股市", "客队获胜"]
    # Sorted by value, not as strings ('10' < '2').
    assert news.target_names == ["2", "10"]
    assert news.target.tolist() == [1, 0, 0, 1]
    assert news.target.dtype == np.int64
    assert news.DESCR == (
        f"4 documents in 2 classes read from TSV file {file} (encoding: utf-8)."
    )


def test_load_text_file_integer_labels_keep_their_numbers(tmp_path):
    rows = "".join(f"headline {i}\t{label}\n" for i, label in enumerate([2, 0, 1, 0]))
    news = load_text_file(_write(tmp_path, "dev.tsv", rows))
    assert news.target_names == ["0", "1", "2"]
    assert news.target.tolist() == [2, 0, 1, 0]


def test_load_text_file_reads_a_csv_with_header(tmp_path):
    file = _write(
        tmp_path,
        "reviews.csv",
        'id,review,sentiment\r\n1,"Great, really ""great""",pos\r\n'
        '2,"Two\nlines",neg\r\n3,Fine, pos \r\n',
    )
    by_name = load_text_file(file, text_column="review", label_column="sentiment")
    assert by_name.data == ['Great, really "great"', "Two\nlines", "Fine"]
    assert by_name.target_names == ["neg", "pos"]
    assert by_name.target.tolist() == [1, 0, 1]

    by_index = load_text_file(file, text_column=1, label_column=2)
    assert by_index.data == by_name.data
    np.testing.assert_array_equal(by_index.target, by_name.target)


def test_load_text_file_detects_gbk_and_bom(tmp_path):
    gbk = _write(tmp_path, "gbk.txt", "央行降准\t财经\n主队获胜\t体育\n", "gbk")
    news = load_text_file(gbk)
    assert news.data == ["央行降准", "主队获胜"]
    assert news.target_names == ["体育", "财经"]
    assert news.DESCR.endswith("(encoding: gb18030).")
    assert load_text_file(gbk, encoding="gbk").data == news.data

    bom = _write(tmp_path, "excel.csv", "text,label\n新闻,a\n", "utf-8-sig")
    assert load_text_file(bom, text_column="text", label_column="label").data == [
        "新闻"
    ]


def test_load_text_file_tsv_with_header_and_other_delimiter(tmp_path):
    file = _write(tmp_path, "data.tsv", "label;text\nspam;WIN now\nham;see you\n")
    sms = load_text_file(
        file, header=True, delimiter=";", text_column="text", label_column="label"
    )
    assert sms.data == ["WIN now", "see you"]
    assert sms.target.tolist() == [1, 0]


def test_load_text_file_names_the_line_of_a_bad_row(tmp_path):
    tsv = _write(tmp_path, "train.txt", "good\t0\nalso good\t1\nhas\ta tab\t1\n")
    with pytest.raises(ValueError, match=r"train.txt, line 3: expected 2 fields"):
        load_text_file(tsv)

    csv_file = _write(tmp_path, "d.csv", 'text,label\n"multi\nline",a\nshort\n')
    with pytest.raises(ValueError, match=r"d.csv, line 4: expected 2 fields"):
        load_text_file(csv_file)

    empty = _write(tmp_path, "empty.txt", "fine\t0\n\n  \t1\n")
    with pytest.raises(ValueError, match=r"empty.txt, line 3: empty text"):
        load_text_file(empty)

    no_label = _write(tmp_path, "no_label.csv", "text,label\nok,a\nno label, \n")
    with pytest.raises(ValueError, match=r"no_label.csv, line 3: empty label"):
        load_text_file(no_label)

    quoting = _write(tmp_path, "quoting.csv", 'text,label\nok,a\n"closed" early,b\n')
    with pytest.raises(ValueError, match=r"quoting.csv, line 3: malformed CSV row"):
        load_text_file(quoting)


def test_load_text_file_names_the_line_of_undecodable_bytes(tmp_path):
    raw = "第一\t0\n第二\t1\n".encode() + b"bad \xff\xfe\t1\n"
    file = _write(tmp_path, "broken.txt", raw)
    with pytest.raises(ValueError, match=r"broken.txt, line 3: cannot decode byte 22"):
        load_text_file(file)
    with pytest.raises(ValueError, match=r"line 3: cannot decode byte 22 as utf-8"):
        load_text_file(file, encoding="utf-8")


def test_load_text_file_points_at_the_first_byte_that_is_not_utf8(tmp_path):
    raw = b"a\t0\n" + "央行".encode("gbk") + b"\t1\nbad \xff\t1\n"
    file = _write(tmp_path, "mixed.tsv", raw)
    with pytest.raises(
        ValueError,
        match=r"mixed.tsv, line 2: cannot decode byte 4 as any of UTF-8 .*GB18030 "
        r"\(invalid continuation byte\)",
    ):
        load_text_file(file)


def test_load_text_file_warns_about_a_cut_short_utf8_file(tmp_path):
    file = _write(tmp_path, "cut.tsv", "央行降准\t财经\n主队\t体育".encode()[:-1])
    with pytest.warns(
        UserWarning,
        match=re.escape(
            f"{file} ends inside a UTF-8 character (line 2, bytes 30 to 31 of 32): "
            "it looks cut short; its incomplete last character was dropped"
        ),
    ):
        news = load_text_file(file)
    assert news.data == ["央行降准", "主队"]
    assert news.target_names == ["体", "财经"]
    assert news.DESCR.endswith("(encoding: utf-8).")


def test_load_text_file_refuses_a_binary_file(tmp_path):
    file = _write(tmp_path, "data.tsv", b"text\t0\n\0\0\0\0")
    with pytest.raises(
        ValueError, match=r"data.tsv, line 2: cannot decode byte 7 .*NUL byte"
    ):
        load_text_file(file)


def test_load_text_file_on_a_folder_points_to_load_text_folders(tmp_path):
    (tmp_path / "corpus" / "ham").mkdir(parents=True)
    for format in ["auto", "tsv"]:
        with pytest.raises(
            IsADirectoryError,
            match=re.escape(
                f"{tmp_path / 'corpus'} is a folder, not a TSV or CSV file; to load "
                "one sub-folder per class and one file per document, use "
                "load_text_folders"
            ),
        ):
            load_text_file(tmp_path / "corpus", format=format)


def test_load_text_file_column_errors(tmp_path):
    file = _write(tmp_path, "data.csv", "text,label\nhello,a\n")
    with pytest.raises(ValueError, match=re.escape("columns are ['text', 'label']")):
        load_text_file(file, text_column="body")
    with pytest.raises(ValueError, match="label_column=5 is out of range"):
        load_text_file(file, label_column=5)
    with pytest.raises(ValueError, match="are the same column"):
        load_text_file(file, text_column="text", label_column=0)
    with pytest.raises(ValueError, match="without a header line"):
        load_text_file(file, format="tsv", text_column="text")
    with pytest.raises(ValueError, match="column index"):
        load_text_file(file, text_column=-1)


def test_load_text_file_parameter_and_file_errors(tmp_path):
    with pytest.raises(ValueError, match="pass format='tsv' or format='csv'"):
        load_text_file(_write(tmp_path, "data.json", "{}"))
    file = _write(tmp_path, "data.csv", "text,label\n")
    with pytest.raises(ValueError, match="format must be"):
        load_text_file(file, format="xlsx")
    with pytest.raises(ValueError, match="delimiter must be one character"):
        load_text_file(file, delimiter="::")
    with pytest.raises(ValueError, match="holds no documents"):
        load_text_file(file)
    with pytest.raises(FileNotFoundError):
        load_text_file(tmp_path / "missing.tsv")


def test_load_text_file_return_X_y(tmp_path):
    file = _write(tmp_path, "d.tsv", "a\tx\nb\ty\n")
    data, target = load_text_file(file, return_X_y=True)
    assert data == ["a", "b"]
    assert target.tolist() == [0, 1]


@pytest.mark.skipif(
    not (SHARED_DATA / "thucnews").is_dir(), reason="THUCNews data not present"
)
def test_load_text_file_reads_thucnews_dev_split():
    news = load_text_file(SHARED_DATA / "thucnews" / "dev.txt")
    assert len(news.data) == 10000
    assert news.target_names == [str(i) for i in range(10)]
    assert np.bincount(news.target).tolist() == [1000] * 10
