"""
================================================
Chinese news from class folders: jieba + TextCNN
================================================

How do I train a neural classifier on Chinese documents stored as one folder per
class, segmenting them into words with jieba?

Many corpora come as a folder per class holding one text file per document (the
layout of :func:`sklearn.datasets.load_files`).
:func:`~sklearn_textnn.datasets.load_text_folders` reads such a tree, detecting the
encoding of each file (UTF-8, GB18030, ...). Here the bundled THUCNews sample is
first written out as such a tree, then read back and classified with a word-level
pipeline: :class:`~sklearn_textnn.preprocessing.JiebaSegmenter` ->
:class:`~sklearn_textnn.preprocessing.Vocabulary` ->
:class:`~sklearn_textnn.preprocessing.SequencePadder` -> a TextCNN or an LSTM.
"""

# %%
# Write the sample as class folders
# ---------------------------------
# One sub-folder per class, one UTF-8 file per headline. A few files are written in
# GB18030 (the superset of GBK), as older Chinese corpora often are: the loader
# detects the encoding per file.
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    JiebaSegmenter,
    LSTMClassifier,
    SequencePadder,
    TextCNNClassifier,
    Vocabulary,
)
from sklearn_textnn.datasets import load_text_folders, load_thucnews_sample

news = load_thucnews_sample()
folder = tempfile.TemporaryDirectory()
root = Path(folder.name)
for i, (text, target) in enumerate(zip(news.data, news.target)):
    class_folder = root / news.target_names[target]
    class_folder.mkdir(exist_ok=True)
    encoding = "gb18030" if i % 10 == 0 else "utf-8"
    (class_folder / f"{i:04d}.txt").write_text(text, encoding=encoding)

print(sorted(path.name for path in root.iterdir()))

# %%
# Read them back
# --------------
# The class folders, sorted by name, are the classes; ``DESCR`` tells which
# encodings were found.
corpus = load_text_folders(root)
print(corpus.DESCR)
print(f"{len(corpus.data)} documents, classes: {corpus.target_names}")

# %%
# Label names make the predictions readable.
labels = [corpus.target_names[t] for t in corpus.target]
X_train, X_test, y_train, y_test = train_test_split(
    corpus.data, labels, test_size=0.2, stratify=labels, random_state=0
)

# %%
# Segment into words
# ------------------
# jieba's accurate mode gives one segmentation per sentence. The segmenter learns
# nothing from the data, but it is a transformer, so it sits in the pipeline and
# travels with the model when it is saved.
segmenter = JiebaSegmenter().fit(X_train)
for headline in X_train[:3]:
    print(" / ".join(segmenter.transform([headline])[0]))

# %%
# Train a TextCNN and an LSTM
# ---------------------------
# Both classifiers take the same padded id matrix. ``Vocabulary(min_freq=2)`` maps
# words seen once in the training data to the unknown id: in 2,400 headlines most
# words are rare, and a word seen once teaches the network little.
classifiers = {
    "TextCNN": TextCNNClassifier(lr=3e-3, max_epochs=20, random_state=0),
    "LSTM": LSTMClassifier(
        embedding_dim=64, hidden_size=64, lr=3e-3, max_epochs=15, random_state=0
    ),
}
accuracies, fit_times = {}, {}
for name, classifier in classifiers.items():
    model = make_pipeline(
        JiebaSegmenter(), Vocabulary(min_freq=2), SequencePadder(), classifier
    )
    start = time.perf_counter()
    model.fit(X_train, y_train)
    fit_times[name] = time.perf_counter() - start
    accuracies[name] = accuracy_score(y_test, model.predict(X_test))
    print(
        f"{name}: test accuracy {accuracies[name]:.3f} "
        f"({model[-1].n_epochs_} epochs, {fit_times[name]:.0f} s)"
    )

# %%
# The vocabulary of the last model: the two reserved ids, then the most frequent
# words first.
vocabulary = model.named_steps["vocabulary"]
print(f"{vocabulary.n_tokens_} ids, {vocabulary.n_dropped_} rare words left out")
print(vocabulary.get_feature_names_out()[:12])

# %%
# Compare
# -------
# Both networks learn from 2,400 short headlines only; with that little data, words
# are sparse (most appear once or twice) and the two architectures end up close.
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
bars = ax.bar(list(accuracies), list(accuracies.values()), color=["C0", "C1"])
ax.bar_label(bars, fmt="%.3f")
ax.axhline(0.1, color="gray", linestyle="--", label="chance (10 classes)")
ax.set(ylabel="test accuracy", ylim=(0, 1), title="Word-level models, 2,400 headlines")
ax.legend(loc="upper right")
plt.show()

folder.cleanup()
