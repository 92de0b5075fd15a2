"""
====================================================
Inspecting mistakes: misclassified texts, confusions
====================================================

Which documents does my model get wrong, which classes does it confuse, and did
it train long enough?

Three views of a fitted text classifier:

- :func:`~sklearn_textnn.inspection.misclassified` lists the documents whose
  predicted label is wrong, most confidently wrong first, with the probabilities
  of the predicted and of the true label;
- :class:`sklearn.metrics.ConfusionMatrixDisplay` shows which classes are taken
  for which (the pipelines predict label names, so its axes are labelled);
- :func:`~sklearn_textnn.inspection.plot_learning_curves` draws the training and
  validation losses per epoch, and marks the epoch whose weights early stopping
  kept.
"""

# %%
# A model to inspect
# ------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import ConfusionMatrixDisplay
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample
from sklearn_textnn.inspection import misclassified, plot_learning_curves

news = load_thucnews_sample()
labels = np.asarray(news.target_names)[news.target]
X_train, X_test, y_train, y_test = train_test_split(
    news.data, labels, test_size=0.2, stratify=labels, random_state=0
)
model = make_pipeline(
    TextTokenizer(level="char"),
    Vocabulary(min_freq=2),
    SequencePadder(),
    TextCNNClassifier(lr=3e-3, max_epochs=30, random_state=0),
)
model.fit(X_train, y_train)
print(f"Test accuracy: {model.score(X_test, y_test):.3f}")

# %%
# The most confident mistakes
# ---------------------------
# High ``predicted_proba`` with a low ``true_proba``: either the label of the
# document is debatable (market news is found under finance and under stocks, a
# technology company's share price under science), or the model leans on a
# misleading word.
errors = misclassified(model, X_test, y_test, n=10)
pd.set_option("display.width", 120)
print(f"{len(misclassified(model, X_test, y_test))} of {len(X_test)} misclassified")
print(errors.round(3).to_string())

# %%
# The near misses (``ascending=True``) are documents the model hesitated on: the
# true label is often a close second.
print(misclassified(model, X_test, y_test, ascending=True, n=5).round(3).to_string())

# %%
# Which classes are confused
# --------------------------
# Rows are the true labels, columns the predicted ones; ``normalize="true"`` shows
# the share of each true class. Finance, stocks and realty share their vocabulary
# (prices, companies, markets), and so do society and politics.
fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
ConfusionMatrixDisplay.from_estimator(
    model,
    X_test,
    y_test,
    normalize="true",
    values_format=".2f",
    xticks_rotation=60,
    colorbar=False,
    ax=ax,
)
ax.set_title("Share of each true class")
plt.show()

# %%
# Did it train long enough?
# -------------------------
# The validation loss stops falling after a few epochs while the training loss keeps
# going down: the network starts to memorise the training headlines. Early stopping
# ended training ``patience`` epochs later and restored the weights of the best
# epoch (dashed line), which ``predict`` uses.
fig = plot_learning_curves(model)
plt.show()
