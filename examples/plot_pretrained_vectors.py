"""
===================================================
Pretrained vectors from a file too large for memory
===================================================

How do I start a network from pretrained word vectors when the vector file is
larger than the memory I can spare, and should the vectors be frozen or
fine-tuned?

Published Chinese and English vector files hold millions of words (the full
Tencent AI Lab corpus is over 10 GB). A classifier needs the rows of its own
vocabulary only: give ``pretrained_vectors=`` the path of the file, or a
:class:`~sklearn_textnn.embeddings.WordVectors` that describes it, and each
``fit`` reads the rows of the vocabulary fitted in that ``fit`` (that
cross-validation fold), streaming the file without loading it. With a
``cache_dir``, the file is converted once into an indexed copy, and later lookups
read only the rows they need.

This example uses the Tencent AI Lab character vectors trimmed to the characters of
THUCNews when they lie next to the repository (``../shared/data/embeddings``);
elsewhere it writes a stand-in file of random vectors, which shows the mechanics
but, being random, cannot help accuracy.
"""

# %%
# The vector file
# ---------------
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
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
from sklearn_textnn.embeddings import WordVectors

news = load_thucnews_sample()
workdir = tempfile.TemporaryDirectory()


def write_random_vectors(path, words, dim=100, seed=0):
    """A word2vec text file of random vectors: header line, then one word a row."""
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{len(words)} {dim}\n")
        for word in words:
            values = " ".join(f"{v:.4f}" for v in rng.normal(0, 0.3, dim))
            f.write(f"{word} {values}\n")


# The shared data folder lies beside the repository: ../shared from its root.
try:
    examples_folder = Path(__file__).resolve().parent
except NameError:  # sphinx-gallery runs the examples in their folder, no __file__
    examples_folder = Path.cwd()
shared_vectors = (
    examples_folder.parent.parent
    / "shared"
    / "data"
    / "embeddings"
    / "tencent_char200d.w2v.txt"
)
if shared_vectors.exists():
    vector_path = shared_vectors
    print("Tencent AI Lab character vectors:", vector_path.name)
else:
    # The sample's characters plus 20,000 made-up words that no headline contains.
    characters = sorted({c for text in news.data for c in text if not c.isspace()})
    extra = [f"word{i:05d}" for i in range(20_000)]
    vector_path = Path(workdir.name) / "random_vectors.w2v.txt"
    write_random_vectors(vector_path, characters + extra)
    print("Stand-in file of random vectors:", vector_path.name)

with open(vector_path, encoding="utf-8") as f:
    n_words, dim = map(int, f.readline().split())
size_mb = vector_path.stat().st_size / 1e6
print(f"{n_words:,} words x {dim} dimensions, {size_mb:.1f} MB")

# %%
# A ``WordVectors`` holds the path and how to read the file, never the vectors: it
# pickles in a few bytes and can be a hyperparameter that ``GridSearchCV`` clones
# and sends to worker processes. With ``cache_dir``, the first lookup builds the
# indexed copy; the later ones are fast.
vectors = WordVectors(vector_path, cache_dir=Path(workdir.name) / "cache")
for attempt in ("first", "second"):
    start = time.perf_counter()
    rows, found = vectors.lookup(["股", "球", "not-a-word"])
    print(f"{attempt} lookup: {time.perf_counter() - start:.3f} s, found: {found}")

# %%
# Three ways to start
# -------------------
# The same character-level TextCNN, trained on 1,000 headlines (pretrained vectors
# matter most when the labelled data is small):
#
# - random embeddings, learned from the 1,000 headlines alone;
# - pretrained embeddings, frozen (``freeze_embedding=True``): only the convolutions
#   and the output layer learn;
# - pretrained embeddings, fine-tuned with the rest of the network.
#
# Characters missing from the file start from random vectors on the scale of the
# pretrained ones.
labels = np.asarray(news.target_names)[news.target]
X_train, X_test, y_train, y_test = train_test_split(
    news.data, labels, train_size=1000, test_size=1000, stratify=labels, random_state=0
)
settings = {
    "random": dict(embedding_dim=dim),
    "pretrained, frozen": dict(pretrained_vectors=vectors, freeze_embedding=True),
    "pretrained, fine-tuned": dict(pretrained_vectors=vectors),
}
models, accuracies = {}, {}
for name, params in settings.items():
    model = make_pipeline(
        TextTokenizer(level="char", ngram_range=(1, 1)),
        Vocabulary(),
        SequencePadder(),
        TextCNNClassifier(lr=3e-3, max_epochs=20, random_state=0, **params),
    )
    model.fit(X_train, y_train)
    models[name] = model
    accuracies[name] = accuracy_score(y_test, model.predict(X_test))
    print(f"{name}: test accuracy {accuracies[name]:.3f}")

# %%
# What the fit read
# -----------------
# ``embedding_coverage_`` tells how much of the vocabulary the file covers: the
# share of distinct characters found, and the share of the training character
# occurrences they account for. Only these rows were kept in memory.
classifier = models["pretrained, fine-tuned"][-1]
coverage = classifier.embedding_coverage_
print(coverage)
kept_mb = classifier.n_embeddings_ * dim * 4 / 1e6
print(
    f"kept {coverage['n_found']:,} of the file's {n_words:,} rows: "
    f"{kept_mb:.2f} MB of float32 for a {size_mb:.1f} MB file"
)

# %%
# The cache folder holds the indexed copy, built once and shared by every fit.
print(sorted(path.name for path in (Path(workdir.name) / "cache").iterdir()))

# %%
# Frozen or fine-tuned?
# ---------------------
# Frozen vectors keep what they learned from a large corpus and cannot overfit the
# few labelled headlines; fine-tuning adapts them to the task, which pays off with
# more labelled data. The validation accuracy per epoch shows how fast each starts.
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained")
for name, model in models.items():
    history = model[-1].history_
    axes[0].plot(history[:, "epoch"], history[:, "valid_acc"], marker="o", label=name)
axes[0].set(xlabel="epoch", ylabel="validation accuracy", title="Training")
axes[0].legend()
bars = axes[1].bar(range(len(accuracies)), list(accuracies.values()))
axes[1].bar_label(bars, fmt="%.3f")
axes[1].set_xticks(range(len(accuracies)), list(accuracies), rotation=10)
axes[1].set(ylabel="test accuracy", ylim=(0, 1), title="1,000 training headlines")
plt.show()

workdir.cleanup()
