"""
==================================================
Tune preprocessing and network together, then save
==================================================

How do I tune the tokenizer, the vocabulary and the network in one search, and
keep the best model for later?

Every step of the pipeline is a scikit-learn estimator, so
:class:`~sklearn.model_selection.GridSearchCV` searches their parameters together
(``<step>__<parameter>``), and can even swap a whole step. Each candidate is refit
from raw text in every fold, so the vocabulary never sees the fold it is scored
on. The best pipeline is then saved with :func:`joblib.dump` and loaded back with
:func:`joblib.load`: one file with the tokenizer, the fitted vocabulary, the padder
and the network.
"""

# %%
# The search
# ----------
# 1,000 headlines to search on, 500 others to test the chosen model. A small,
# fast network keeps the 24 fits (8 candidates x 3 folds) short.
import tempfile
import time
from pathlib import Path

import joblib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline

from sklearn_textnn import (
    JiebaSegmenter,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample

news = load_thucnews_sample()
labels = np.asarray(news.target_names)[news.target]
X_train, X_rest, y_train, y_rest = train_test_split(
    news.data, labels, train_size=1000, stratify=labels, random_state=0
)
X_test, _, y_test, _ = train_test_split(
    X_rest, y_rest, train_size=500, stratify=y_rest, random_state=0
)

pipeline = Pipeline(
    [
        ("tokenizer", TextTokenizer(level="char")),
        ("vocabulary", Vocabulary()),
        ("padder", SequencePadder()),
        (
            "classifier",
            TextCNNClassifier(
                embedding_dim=32,
                num_filters=32,
                lr=5e-3,
                max_epochs=10,
                validation_fraction=None,
                random_state=0,
            ),
        ),
    ]
)

# %%
# The grid swaps the whole tokenizer step (characters or jieba words), and sets a
# parameter of the vocabulary and one of the network.
param_grid = {
    "tokenizer": [TextTokenizer(level="char"), JiebaSegmenter()],
    "vocabulary__min_freq": [1, 2],
    "classifier__kernel_sizes": [(1, 2), (2, 3, 4)],
}
search = GridSearchCV(
    pipeline,
    param_grid,
    cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=0),
    scoring="accuracy",
)
start = time.perf_counter()
search.fit(X_train, y_train)
n_candidates = len(search.cv_results_["params"])
print(f"{n_candidates} candidates in {time.perf_counter() - start:.0f} s")
print("Best parameters:", search.best_params_)
print(f"Best cross-validated accuracy: {search.best_score_:.3f}")

# %%
# All candidates, best first.
results = pd.DataFrame(search.cv_results_)
results["tokenizer"] = results["param_tokenizer"].map(lambda step: type(step).__name__)
columns = [
    "tokenizer",
    "param_vocabulary__min_freq",
    "param_classifier__kernel_sizes",
    "mean_test_score",
    "std_test_score",
]
table = results[columns].sort_values("mean_test_score", ascending=False)
print(table.round(3).to_string(index=False))

# %%
fig, ax = plt.subplots(figsize=(7, 3.4), layout="constrained")
names = [
    f"{row.tokenizer}, min_freq={row.param_vocabulary__min_freq}, "
    f"kernels={row.param_classifier__kernel_sizes}"
    for row in table.itertuples()
]
ax.barh(names, table["mean_test_score"], xerr=table["std_test_score"])
ax.invert_yaxis()
ax.set(xlabel="mean accuracy over 3 folds", xlim=(0, 1))
plt.show()

# %%
# ``refit=True`` (the default) refit the best candidate on all 1,000 headlines.
best = search.best_estimator_
print(f"Test accuracy of the best model: {best.score(X_test, y_test):.3f}")

# %%
# Save and load
# -------------
# The saved pipeline holds the fitted vocabulary (the id of every token) with the
# network, so the loaded model maps new text to the same ids it was trained on. The
# jieba segmenter is saved without jieba's dictionary, which each process loads
# again when it first segments.
#
# .. warning::
#    A joblib file is a pickle: loading one runs code stored in it. Only load model
#    files you made or received from a source you trust.
folder = tempfile.TemporaryDirectory()
path = Path(folder.name) / "headlines.joblib"
joblib.dump(best, path)
print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")

loaded = joblib.load(path)
same = np.array_equal(loaded.predict_proba(X_test), best.predict_proba(X_test))
print("Same probabilities after loading:", same)
print(loaded.predict(["央行宣布下调存款准备金率", "湖人主场击败勇士"]))
folder.cleanup()
