"""Fixtures shared by the test files."""

import pickle
import subprocess
import sys
from types import SimpleNamespace

import joblib
import pytest

from sklearn_textnn.datasets import load_thucnews_sample


@pytest.fixture(scope="session")
def thucnews():
    """The bundled THUCNews sample: 3,000 headlines in 10 classes."""
    return load_thucnews_sample()


@pytest.fixture(scope="session")
def sports_or_realty(thucnews):
    """Headlines of two topics of the sample whose words hardly overlap: 40 of each
    to train on, 40 others of each to test on."""
    sports, realty = (
        [text for text, label in zip(thucnews.data, thucnews.target) if label == code]
        for code in (thucnews.target_names.index(name) for name in ("sports", "realty"))
    )
    labels = ["sports"] * 40 + ["realty"] * 40
    return SimpleNamespace(
        X_train=sports[:40] + realty[:40],
        y_train=labels,
        X_test=sports[40:80] + realty[40:80],
        y_test=labels,
    )


_LOAD_AND_TRANSFORM = """
import pickle
import sys
from pathlib import Path

import joblib

folder = Path(sys.argv[1])
X = pickle.loads(folder.joinpath("X.pkl").read_bytes())
from_pickle = pickle.loads(folder.joinpath("estimator.pkl").read_bytes())
from_joblib = joblib.load(folder / "estimator.joblib")
outputs = (from_pickle.transform(X), from_joblib.transform(X))
folder.joinpath("outputs.pkl").write_bytes(pickle.dumps(outputs))
"""


@pytest.fixture
def transform_in_fresh_process(tmp_path):
    """Save a fitted estimator with pickle and joblib, load both in a new Python
    process and return what their ``transform(X)`` gives there, with the stderr."""

    def run(estimator, X):
        tmp_path.joinpath("estimator.pkl").write_bytes(pickle.dumps(estimator))
        joblib.dump(estimator, tmp_path / "estimator.joblib")
        tmp_path.joinpath("X.pkl").write_bytes(pickle.dumps(X))
        process = subprocess.run(
            [sys.executable, "-c", _LOAD_AND_TRANSFORM, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert process.returncode == 0, process.stderr
        from_pickle, from_joblib = pickle.loads(
            tmp_path.joinpath("outputs.pkl").read_bytes()
        )
        return SimpleNamespace(
            from_pickle=from_pickle, from_joblib=from_joblib, stderr=process.stderr
        )

    return run


# A bad document at index 2 of ["好", "天气", bad]: the error type and the start of
# its message, which must name the index.
BAD_DOCUMENTS = {
    "None": (None, ValueError, "document 2 is None"),
    "nan": (float("nan"), ValueError, "document 2 is nan"),
    "int": (3, TypeError, "document 2 is int"),
    "float": (1.5, TypeError, "document 2 is float"),
    "undecodable-bytes": (
        "天气".encode("gb18030"),
        ValueError,
        "document 2 is bytes that are not valid UTF-8",
    ),
    "list": (["天气"], TypeError, "document 2 is list"),
}


@pytest.fixture(params=list(BAD_DOCUMENTS), ids=list(BAD_DOCUMENTS))
def bad_documents(request):
    """Documents whose index-2 entry is not text, with the expected error."""
    bad, error, message = BAD_DOCUMENTS[request.param]
    return SimpleNamespace(X=["好", "天气", bad], error=error, message=message)


@pytest.fixture(scope="session")
def megabyte_document(thucnews):
    """One document of at least 1 MB of UTF-8: the sample's headlines, joined."""
    text = "。".join(thucnews.data)
    repeats = -(-1_000_000 // len(text.encode("utf-8")))
    return "。".join([text] * repeats)


@pytest.fixture(autouse=True)
def _single_torch_thread():
    """Train the tests' tiny networks on one thread.

    On two cores, intra-op threads cost more than they save for networks this small.
    """
    import torch

    n_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n_threads)
