"""Loader of a corpus stored as one folder per class and one file per document."""

from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.utils import Bunch, check_random_state

from .._docstrings import fill_doc
from ._encoding import DETECTED_ENCODINGS, ENCODING_PARAMETER, decode_text


def _visible(entries):
    return sorted(
        (entry for entry in entries if not entry.name.startswith(".")),
        key=lambda entry: entry.name,
    )


def _class_folders(root, categories):
    if not root.exists():
        raise FileNotFoundError(f"{root}: no such folder")
    if not root.is_dir():
        raise NotADirectoryError(
            f"{root} is a file, not a folder of class folders; "
            "read a TSV or CSV file with load_text_file"
        )
    folders = [entry for entry in _visible(root.iterdir()) if entry.is_dir()]
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
    starting with ``.``), files directly in ``path`` and folders inside class folders
    are not read. Line endings are turned into ``\\n``, as when Python reads a file in
    text mode.

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
        ``categories`` is not a class folder, or files cannot be decoded (all of
        them are named in the message).

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
    files_by_class = [
        [entry for entry in _visible(folder.iterdir()) if entry.is_file()]
        for folder in folders
    ]
    empty = [str(folder) for folder, files in zip(folders, files_by_class) if not files]
    if empty:
        raise ValueError(
            f"class folders without any document file: {empty}; add documents, "
            "remove the folders, or leave them out with categories="
        )

    data, target, filenames, failures = [], [], [], []
    encodings = Counter()
    for label, files in enumerate(files_by_class):
        for file in files:
            raw = file.read_bytes()
            try:
                text, used = decode_text(raw, encoding)
            except UnicodeDecodeError as exc:
                failures.append(f"{file} (byte {exc.start}: {exc.reason})")
                continue
            encodings[used] += 1
            data.append(text.replace("\r\n", "\n").replace("\r", "\n"))
            target.append(label)
            filenames.append(str(file))
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
