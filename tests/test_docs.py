"""The documentation: its code examples run, and Sphinx builds it without a warning.

The build renders the gallery without running the examples (``plot_gallery=0``):
``test_examples.py`` runs every one of them already, and running them twice would
double the time of the slow tests.
"""

import doctest
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES_WITH_EXAMPLES = sorted(
    path.name
    for path in DOCS.glob("*.rst")
    if ">>> " in path.read_text(encoding="utf-8")
)


@pytest.fixture
def one_torch_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_docs_pages_with_examples_are_found():
    assert {"segmentation.rst", "vocabulary.rst", "padding.rst"} <= set(
        PAGES_WITH_EXAMPLES
    )


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES)
def test_docs_page_examples_give_the_output_shown(page, one_torch_thread):
    result = doctest.testfile(
        str(DOCS / page),
        module_relative=False,
        encoding="utf-8",
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
        report=True,
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} example(s) of {page} failed"


@pytest.mark.slow
def test_docs_build_without_warnings(tmp_path):
    for module in ("sphinx", "numpydoc", "sphinx_gallery", "pydata_sphinx_theme"):
        pytest.importorskip(
            module,
            reason=f"{module} is missing: install the docs extra, "
            '`pip install -e ".[docs]"`',
        )
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-E",
        "-b",
        "html",
        "-D",
        "plot_gallery=0",
        "-d",
        str(tmp_path / "doctrees"),
        str(DOCS),
        str(tmp_path / "html"),
    ]
    process = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=900
    )
    assert process.returncode == 0, process.stderr[-5000:]
    assert "WARNING" not in process.stderr, process.stderr[-5000:]
    assert (tmp_path / "html" / "api.html").exists()
    assert (tmp_path / "html" / "auto_examples" / "index.html").exists()
