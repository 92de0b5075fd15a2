"""Model files without pickles: a zip archive of ``model.json`` and ``.npy`` arrays."""

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np

from ._codec import Decoder, Encoder, ModelFileError

FORMAT = "sklearn-textnn model"
FORMAT_VERSION = 1
_DESCRIPTION = "model.json"


def save_model(model, path, *, trim=False):
    """Write a fitted model to a file that loads without running code.

    The file is a zip archive: ``model.json`` holds the steps, their parameters
    and fitted attributes (vocabulary, label classes, padding widths...) and the
    format version; ``arrays/*.npy`` hold the network weights and other arrays,
    read back with ``numpy.load(allow_pickle=False)``.

    Parameters
    ----------
    model : estimator
        A fitted classifier or transformer of this package, or a
        :class:`~sklearn.pipeline.Pipeline`, :class:`~sklearn.pipeline.FeatureUnion`
        or :class:`~sklearn.compose.ColumnTransformer` of them and of the plain
        scikit-learn steps (scalers, :class:`~sklearn.preprocessing.OneHotEncoder`,
        :class:`~sklearn.impute.SimpleImputer`). A step that holds a Python function
        (a :class:`~sklearn.preprocessing.FunctionTransformer` with ``func``, a
        column selector, user callbacks) is refused: storing it would mean running
        code when loading.
    path : str or path-like
        File to write (conventionally ``*.tnn``).
    trim : bool, default=False
        Leave out the training history: a smaller file for prediction only. The
        optimizer state is never stored.

    Returns
    -------
    path : pathlib.Path
        The file written.

    Raises
    ------
    ModelFileError
        A part of the model cannot be stored without a pickle; the message names it.

    See Also
    --------
    load_model : Read the file back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sklearn_textnn import TextTokenizer, Vocabulary
    >>> from sklearn_textnn.persistence import load_model, save_model
    >>> from sklearn.pipeline import make_pipeline
    >>> steps = make_pipeline(TextTokenizer(), Vocabulary(min_freq=1))
    >>> _ = steps.fit(["red fox", "fox den"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "steps.tnn"
    >>> _ = save_model(steps, path)
    >>> [ids.tolist() for ids in load_model(path).transform(["den fox red"])]
    [[3, 2, 4]]
    """
    path = Path(path)
    encoder = Encoder(trim=trim)
    root = encoder.value(model, "model")
    from .. import __version__

    description = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sklearn_textnn_version": __version__,
        "model": root,
    }
    text = json.dumps(description, ensure_ascii=False, allow_nan=False)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_DESCRIPTION, text)
        for key, array in encoder.arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            archive.writestr(key, buffer.getvalue())
    os.replace(partial, path)
    return path


def load_model(path):
    """Read a model written by :func:`save_model`; no code from the file runs.

    Each step is rebuilt from the package's own list of steps (those of this
    package and a few plain scikit-learn ones), its parameters and fitted
    attributes from JSON, its arrays with ``numpy.load(allow_pickle=False)``.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save_model`.

    Returns
    -------
    model : estimator
        The fitted model, ready to predict.

    Raises
    ------
    ModelFileError
        The file is missing, is not such a model file (another program's file, a
        pickle, a truncated archive), was written by a newer format version, names
        a step type outside the list, or holds arrays that do not match their
        description; the message names the file and the part.

    See Also
    --------
    save_model : Write the file.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ModelFileError(
            f"{path} is not a sklearn-textnn model file (not a zip archive; a "
            "joblib or pickle file loads with joblib.load, only from a source you "
            "trust)"
        ) from None
    with archive:
        description = _read_description(archive, path)

        def read_array(key):
            try:
                data = archive.read(key)
            except KeyError:
                raise ModelFileError(f"{path}: member {key!r} is missing") from None
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ModelFileError(
                    f"{path}: member {key!r} is damaged ({exc})"
                ) from None
            try:
                return np.load(io.BytesIO(data), allow_pickle=False)
            except ValueError as exc:
                raise ModelFileError(
                    f"{path}: member {key!r} is not a plain .npy array ({exc})"
                ) from None

        try:
            return Decoder(read_array).value(description["model"], "model")
        except ModelFileError as exc:
            message = str(exc)
            if not message.startswith(str(path)):
                message = f"{path}: {message}"
            raise ModelFileError(message) from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(
                f"{path}: the model description is malformed "
                f"({type(exc).__name__}: {exc})"
            ) from None


def _read_description(archive, path):
    try:
        text = archive.read(_DESCRIPTION)
    except KeyError:
        raise ModelFileError(
            f"{path} is not a sklearn-textnn model file (a zip archive without "
            f"{_DESCRIPTION})"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ModelFileError(f"{path}: {_DESCRIPTION} is damaged ({exc})") from None
    try:
        description = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(
            f"{path}: {_DESCRIPTION} is not valid JSON ({exc})"
        ) from None
    if not isinstance(description, dict) or description.get("format") != FORMAT:
        raise ModelFileError(
            f"{path} is not a sklearn-textnn model file ({_DESCRIPTION} does not "
            f"say format {FORMAT!r})"
        )
    version = description.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ModelFileError(f"{path}: unreadable format version {version!r}")
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"{path} was written in model file format {version} (by sklearn-textnn "
            f"{description.get('sklearn_textnn_version', '?')}); this sklearn-textnn "
            f"reads format {FORMAT_VERSION} and older: upgrade sklearn-textnn"
        )
    if "model" not in description:
        raise ModelFileError(f"{path}: {_DESCRIPTION} describes no model")
    return description


def is_model_file(path):
    """Whether ``path`` looks like a file of :func:`save_model` (a zip archive)."""
    return zipfile.is_zipfile(path)
