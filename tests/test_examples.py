"""Every script of ``examples/`` runs to its end and prints the result it is about."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# For each example: lines its output must hold, as (pattern, least value) pairs. A
# pattern's group is a score; the least values sit well under those measured (in
# brackets) so that other platforms and library versions pass.
EXPECTED = {
    "quickstart.py": [
        (r"fastText test accuracy: (\d\.\d+)", 0.7),  # (0.84)
        (r"TF-IDF \+ LinearSVC test accuracy: (\d\.\d+)", 0.7),  # (0.84)
    ],
    "plot_chinese_news.py": [
        (r"TextCNN: test accuracy (\d\.\d+)", 0.4),  # (0.59)
        (r"LSTM: test accuracy (\d\.\d+)", 0.4),  # (0.59)
    ],
    "plot_few_examples_multiclass.py": [
        (r"Test accuracy with 30 examples a class: (\d\.\d+)", 0.3),  # (0.48)
        (r"softmax of the logits == predict_proba: True", None),
    ],
    "plot_skewed_classes.py": [
        (r"TextCNN, balanced +\d\.\d+ +(\d\.\d+)", 0.85),  # balanced accuracy (0.94)
    ],
    "plot_handcrafted_features.py": [
        (r"text \+ features +(\d\.\d+)", 0.7),  # F1 of spam
    ],
    "plot_pretrained_vectors.py": [
        (r"pretrained, frozen: test accuracy (\d\.\d+)", 0.4),  # (0.73)
        (r"'vocabulary_coverage': (\d\.\d+)", 0.9),  # (1.00)
    ],
    "plot_misclassified.py": [
        (r"Test accuracy: (\d\.\d+)", 0.6),  # (0.76)
        (r"\d+ of 600 misclassified", None),
    ],
    "plot_word_vs_char.py": [
        (r"characters +maxlen=64 +reads +[\d.]+ characters: accuracy (\d\.\d+)", 0.6),
    ],
    "plot_han_highlight.py": [
        (r"HAN test accuracy: (\d\.\d+)", 0.5),  # (0.82)
        (r"Sentence weights sum to 1\.000", None),
        (r"of the sentences, (\d\.\d+) of the attention", 0.5),  # (0.69, share 0.58)
    ],
    "plot_grid_search_persistence.py": [
        (r"Test accuracy of the best model: (\d\.\d+)", 0.4),  # (0.57)
        (r"Same probabilities after loading: True", None),
    ],
}


def test_examples_folder_holds_the_tested_examples():
    assert sorted(path.name for path in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EXPECTED))
def test_example_runs_and_reports_its_result(name, tmp_path):
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        # Small networks train faster on one thread than on cores shared with
        # other work.
        "OMP_NUM_THREADS": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    # From an empty folder: an example must not depend on the working directory.
    process = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert process.returncode == 0, process.stderr[-5000:]
    for pattern, least in EXPECTED[name]:
        match = re.search(pattern, process.stdout)
        assert match, f"{pattern!r} not in the output:\n{process.stdout[-3000:]}"
        if least is not None:
            assert float(match[1]) >= least, match[0]
    assert list(tmp_path.iterdir()) == []
