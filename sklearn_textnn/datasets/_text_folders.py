"""Loader of a corpus stored as one folder per class and one file per document."""

import os
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch, check_random_state

from .._docstrings import fill_doc
from ._encoding import (
    DETECTED_ENCODINGS,
    ENCODING_PARAMETER,
    cut_short_place,
    decode_bytes,
    line_of,
)

# Files listed by name in one warning; the others are counted.
_MAX_LISTED = 20


def _visible(entries):
    return sorted(
        (entry for entry in entries if not entry.name.startswith(".")),
        key=lambda entry: entry.name,
    )


def _skip_reason(entry):
    """Why ``entry`` of a class folder is not read as a document (None: it is)."""
    if entry.is_file():
        return None
    if entry.is_symlink() and not entry.exists():
        return f"a broken symbolic link to {os.readlink(entry)}"
    if entry.is_dir():
        return (
            "a folder inside a class folder: its files are not read; move them "
            "into the class folder"
        )
    return "not a regular file"


def _warn_listing(header, items, stacklevel=3):
    listed = items[:_MAX_LISTED]
    more = len(items) - len(listed)
    warnings.warn(
        header
        + "\n  "
        + "\n  ".join(listed)
        + (f"\n  ... and {more} more" if more else ""),
        UserWarning,
        stacklevel=stacklevel,
    )


def _class_folders(root, categories):
    if not root.exists():
        raise FileNotFoundError(f"{root}: no such folder")
    if not root.is_dir():
        raise NotADirectoryError(
            f"{root} is a file, not a folder of class folders; "
            "read a TSV or CSV file with load_text_file"
        )
    entries = _visible(root.iterdir())
    broken = [entry for entry in entries if entry.is_symlink() and not entry.exists()]
    if broken:
        _warn_listing(
            f"load_text_folders skipped {len(broken)} broken symbolic links in "
            f"{root}; they may have been class folders:",
            [f"{entry} (to {os.readlink(entry)})" for entry in broken],
            stacklevel=4,
        )
    folders = [entry for entry in entries if entry.is_dir()]
    if not folders:
        raise ValueError(
            f"{root} has no class folders; expected one sub-folder per class, "
            f"each holding one file per document: {root / '<class>' / '<doc>.txt'}"
        )
    if categories is None:
        return folders
    if isinstance(categories, str):
        raise TypeError(
            f"categories={categories!r} is a str; pass a list of class folder names: "
            f"categories=[{categories!r}]"
        )
    categories = list(categories)
    names = [folder.name for folder in folders]
    unknown = [name for name in categories if name not in names]
    if unknown:
        raise ValueError(
            f"categories {unknown} are not class folders of {root}; "
            f"its class folders are {names}"
        )
    if not categories:
        raise ValueError("categories is empty; pass None to load every class folder")
    return [folder for folder in folders if folder.name in categories]


@fill_doc(encoding=ENCODING_PARAMETER)
def load_text_folders(
    path,
    *,
    encoding=None,
    categories=None,
    shuffle=False,
    random_state=None,
    return_X_y=False,
):
    """Load text documents stored as one folder per class, one file per document.

    The layout of many corpora (and of :func:`sklearn.datasets.load_files`)::

        path/
            finance/
                0001.txt
                0002.txt
            sports/
                0001.txt

    The class folders, sorted by name, give the classes; every file in a class
    folder is one document, whatever its extension. Hidden files and folders (name
    starting with ``.``) and files directly in ``path`` are not read, silently.
    Folders inside class folders, broken symbolic links and other entries of a class
    folder that are not files are not read either, with one warning that names them.
    Line endings are turned into ``\\n``, as when Python reads a file in text mode.

    A file that cannot be decoded raises an error, after all files were tried: one
    ``ValueError`` names every such file with the line and byte offset of its first
    bad byte (for detected encodings, the first byte that is not valid UTF-8). A
    binary file (any file with NUL bytes that is not UTF-16, see ``encoding``) is
    such a file: it raises, and is never loaded as a document.

    Parameters
    ----------
    path : str or path-like
        The folder that holds the class folders.
    {encoding}
    categories : list of str, default=None
        Load only these class folders. ``None`` loads all of them.
    shuffle : bool, default=False
        Shuffle the documents. Otherwise they come sorted by class folder, then by
        file name.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle, for reproducible output. Used only if ``shuffle`` is
        True.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (list of str, the documents), ``target`` (ndarray of int, index
        into ``target_names``), ``target_names`` (list of str, the class folder
        names, sorted), ``filenames`` (ndarray of str, the path of each document),
        ``DESCR`` (str, with the encodings found).
    (data, target) : tuple
        If ``return_X_y`` is True.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    NotADirectoryError
        If ``path`` is a file.
    ValueError
        If ``path`` has no class folders, a class folder holds no file, a name in
        ``categories`` is not a class folder, or files cannot be decoded or are
        binary (all of them are named in the message).

    Warns
    -----
    UserWarning
        Naming the entries of class folders that are not read (folders, broken
        symbolic links), the broken symbolic links in ``path``, and the files that
        end inside a UTF-8 character (cut short: their incomplete last character is
        dropped).

    See Also
    --------
    load_text_file : Load documents and labels from one TSV or CSV file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sklearn_textnn.datasets import load_text_folders
    >>> tmp = tempfile.TemporaryDirectory()
    >>> for name, text, encoding in [
    ...     ("sports/1.txt", "主队三比一获胜", "utf-8"),
    ...     ("finance/1.txt", "央行下调存款准备金率", "gbk"),
    ...     ("finance/2.txt", "股市收涨", "utf-8-sig"),
    ... ]:
    ...     file = Path(tmp.name, name)
    ...     file.parent.mkdir(exist_ok=True)
    ...     _ = file.write_text(text, encoding=encoding)
    >>> corpus = load_text_folders(tmp.name)
    >>> corpus.target_names
    ['finance', 'sports']
    >>> corpus.data
    ['央行下调存款准备金率', '股市收涨', '主队三比一获胜']
    >>> corpus.target
    array([0, 0, 1])
    >>> tmp.cleanup()
    """
    root = Path(path)
    folders = _class_folders(root, categories)
    files_by_class, skipped = [], []
    for folder in folders:
        files = []
        for entry in _visible(folder.iterdir()):
            reason = _skip_reason(entry)
            if reason is None:
                files.append(entry)
            else:
                skipped.append(f"{entry} ({reason})")
        files_by_class.append(files)
    if skipped:
        _warn_listing(
            f"load_text_folders skipped {len(skipped)} entries of class folders that "
            "are not files:",
            skipped,
        )
    empty = [str(folder) for folder, files in zip(folders, files_by_class) if not files]
    if empty:
        raise ValueError(
            f"class folders without any document file: {empty}; add documents, "
            "remove the folders, or leave them out with categories="
        )

    data, target, filenames, failures, cut_short = [], [], [], [], []
    encodings = Counter()
    for label, files in enumerate(files_by_class):
        for file in files:
            raw = file.read_bytes()
            try:
                text, used, cut_at = decode_bytes(raw, encoding)
            except UnicodeDecodeError as exc:
                failures.append(
                    f"{file} (line {line_of(raw, exc)}, byte {exc.start}: {exc.reason})"
                )
                continue
            if cut_at is not None:
                cut_short.append(f"{file} ({cut_short_place(raw, cut_at)})")
            encodings[used] += 1
            data.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            target.append(label)
            filenames.append(str(file))
    if cut_short:
        _warn_listing(
            f"{len(cut_short)} files end inside a UTF-8 character and look cut "
            "short; they were decoded as UTF-8 without their incomplete last "
            "character:",
            cut_short,
        )
    if failures:
        tried = encoding if encoding is not None else f"any of {DETECTED_ENCODINGS}"
        raise ValueError(
            f"cannot decode {len(failures)} of {len(failures) + len(data)} files as "
            f"{tried}; pass their encoding, e.g. encoding='gbk', or fix or remove "
            "them:\n  " + "\n  ".join(failures)
        )

    target = np.asarray(target, dtype=np.int64)
    filenames = np.asarray(filenames, dtype=str)
    if shuffle:
        order = check_random_state(random_state).permutation(len(data))
        data = [data[i] for i in order]
        target, filenames = target[order], filenames[order]
    if return_X_y:
        return data, target
    found = ", ".join(f"{name} ({count})" for name, count in sorted(encodings.items()))
    return Bunch(
        data=data,
        target=target,
        target_names=[folder.name for folder in folders],
        filenames=filenames,
        DESCR=(
            f"{len(data)} documents in {len(folders)} classes, one file per document "
            f"in the class folders of {root}. Encodings: {found}."
        ),
    )
