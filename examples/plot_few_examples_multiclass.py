"""
===================================================
Many classes, few examples: a probability per label
===================================================

With 10 classes and only 30 training documents a class, what does the model say
about each label, and why are its probabilities a softmax over the classes rather
than one sigmoid per class?

``predict_proba`` returns one column per class, in the order of ``classes_``; each
row sums to 1. That comes from the loss the networks are trained with: the
cross-entropy of a softmax over the classes, the model of exactly one label per
document. One sigmoid per class would be a multi-label model (each label
independently present or absent); its scores would not sum to 1, and nothing in
training would make the labels compete.
"""

# %%
# Few examples a class
# --------------------
# 30 headlines a class to learn from (300 in all), 100 a class to test on.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample

news = load_thucnews_sample()
labels = np.asarray(news.target_names)[news.target]
X_train, X_rest, y_train, y_rest = train_test_split(
    news.data, labels, train_size=300, stratify=labels, random_state=0
)
X_test, _, y_test, _ = train_test_split(
    X_rest, y_rest, train_size=1000, stratify=y_rest, random_state=0
)
print(pd.Series(y_train).value_counts().to_dict())

# %%
# A small network
# ---------------
# With 300 documents, a small network with strong dropout overfits less. Holding out
# 10 % for early stopping would leave 3 documents a class out of training: train on
# everything for a fixed number of epochs instead (``validation_fraction=None``).
model = make_pipeline(
    TextTokenizer(level="char"),
    Vocabulary(),
    SequencePadder(),
    TextCNNClassifier(
        embedding_dim=32,
        num_filters=32,
        kernel_sizes=(1, 2),
        lr=5e-3,
        max_epochs=25,
        validation_fraction=None,
        random_state=0,
    ),
)
model.fit(X_train, y_train)
accuracy = accuracy_score(y_test, model.predict(X_test))
print(f"Test accuracy with 30 examples a class: {accuracy:.3f} (chance: 0.100)")

# %%
# A probability for every label
# -----------------------------
# The columns of ``predict_proba`` follow ``model.classes_`` (sorted label names).
proba = model.predict_proba(X_test[:6])
table = pd.DataFrame(proba, columns=model.classes_).round(2)
table.insert(0, "true label", y_test[:6])
print(table.to_string())
print("Rows sum to 1:", np.allclose(proba.sum(axis=1), 1))

# %%
# The labels ranked by probability, for the first test headline: a useful output
# when a person picks the final label among the top few.
ranking = np.argsort(proba[0])[::-1][:3]
print(X_test[0])
for column in ranking:
    print(f"  {model.classes_[column]:<14} {proba[0, column]:.3f}")

# %%
# How often is the true label among the top 3? With few examples, the right label
# is often a close second.
proba_test = model.predict_proba(X_test)
top3 = np.argsort(proba_test, axis=1)[:, -3:]
true_column = np.searchsorted(model.classes_, y_test)
top3_accuracy = (top3 == true_column[:, None]).any(axis=1).mean()
print(f"Top-3 accuracy: {top3_accuracy:.3f}")

# %%
# Softmax, not sigmoid
# --------------------
# The network outputs one score (logit) per class; ``predict_proba`` is the softmax
# of these scores. The fitted skorch net is ``net_``: its ``forward`` gives the
# logits of the id matrix that the preprocessing steps make.
ids = model[:-1].transform(X_test[:6])
logits = model[-1].net_.forward(np.asarray(ids))
softmax = torch.softmax(logits, dim=1).numpy()
sigmoid = torch.sigmoid(logits).numpy()
print("softmax of the logits == predict_proba:", np.allclose(softmax, proba, atol=1e-6))
print("row sums of the softmax:", softmax.sum(axis=1).round(3))
print("row sums of per-class sigmoids:", sigmoid.sum(axis=1).round(3))

# %%
# The sigmoids of the same logits are not probabilities of one label among ten:
# their sums are anywhere, and the network was never trained to calibrate them one by
# one. For multi-label data (several labels per document), train one binary model
# per label instead, e.g. with :class:`sklearn.multioutput.MultiOutputClassifier`.
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True, layout="constrained")
for ax, values, title in [
    (axes[0], softmax, "softmax (predict_proba): rows sum to 1"),
    (axes[1], sigmoid, "one sigmoid per class: rows do not"),
]:
    image = ax.imshow(values, vmin=0, vmax=1, cmap="Blues")
    ax.set_xticks(range(len(model.classes_)), model.classes_, rotation=60)
    ax.set_title(title)
axes[0].set_yticks(
    range(len(values)), [f"test {i} ({label})" for i, label in enumerate(y_test[:6])]
)
fig.colorbar(image, ax=axes, shrink=0.8)
plt.show()
