"""
=================================================================
Which sentences decided? A hierarchical attention network (HAN)
=================================================================

A long document holds many sentences, and a few of them tell its class. The
hierarchical attention network (:class:`~sklearn_textnn.HANClassifier`, Yang et
al., 2016) reads a document as sentences of tokens: a recurrent layer with
attention turns the tokens of each sentence into a sentence vector, a second one
turns the sentences into the document vector. Its attention weights say how much
each sentence, and each token of it, counted, and
:meth:`~sklearn_textnn.HANClassifier.attention_weights` returns them.

The documents here are made from the bundled THUCNews headlines: each joins
headlines of one topic with fewer headlines of other topics, so that a document
reads like a news digest whose subject the model must find. The example trains a
HAN on them, then prints a document with its most decisive sentences marked.
"""

# %%
# Documents of several sentences
# -------------------------------
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    HANClassifier,
    SentencePadder,
    SentenceSplitter,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_thucnews_sample

news = load_thucnews_sample()
headlines, topics = np.asarray(news.data), np.asarray(news.target)
rng = np.random.default_rng(0)
documents, labels = [], []
for i in range(1200):
    topic = i % 10
    own = rng.choice(np.flatnonzero(topics == topic), size=rng.integers(3, 5))
    other = rng.choice(np.flatnonzero(topics != topic), size=rng.integers(2, 4))
    sentences = list(headlines[own]) + list(headlines[other])
    rng.shuffle(sentences)
    documents.append("。".join(sentences) + "。")
    labels.append(news.target_names[topic])
X_train, X_test, y_train, y_test = train_test_split(
    documents, labels, test_size=0.25, stratify=labels, random_state=0
)

# %%
# Sentences, characters, ids, a 3-D array, the network
# ----------------------------------------------------
# :class:`~sklearn_textnn.SentenceSplitter` cuts each document after its sentence
# marks; the tokenizer and the vocabulary keep that nesting, and
# :class:`~sklearn_textnn.SentencePadder` pads it into an array of documents x
# sentences x tokens, both sizes learned from the training documents.
model = make_pipeline(
    SentenceSplitter(),
    TextTokenizer(level="char"),
    Vocabulary(),
    SentencePadder(),
    HANClassifier(
        embedding_dim=64,
        hidden_size=32,
        attention_size=32,
        lr=0.01,
        batch_size=32,
        max_epochs=10,
        validation_fraction=None,
        random_state=0,
    ),
)
model.fit(X_train, y_train)
print(f"HAN test accuracy: {model.score(X_test, y_test):.3f}")
print(
    "sentences x tokens per document:",
    model[-2].transform(model[:-2].transform(X_test[:1])).shape[1:],
)

# %%
# The most decisive sentences of a document
# -----------------------------------------
# The sentence weights of a document sum to 1 over its sentences; padding weighs
# 0. The headlines of the document's own topic should carry most of it.
predictions = model.predict(X_test)
first_right = int(np.flatnonzero(predictions == np.asarray(y_test))[0])
document = X_test[first_right]
ids = model[:-1].transform([document])
sentence_weights, token_weights = model[-1].attention_weights(ids)
sentences = model[0].transform([document])[0]
print(f"\nTest document {first_right}, topic {y_test[first_right]}, predicted right:")
order = np.argsort(-sentence_weights[0][: len(sentences)])
top = set(order[:2].tolist())
for i, sentence in enumerate(sentences[: ids.shape[1]]):
    mark = ">>" if i in top else "  "
    print(f"{mark} {sentence_weights[0][i]:.2f}  {sentence}")
print(f"Sentence weights sum to {sentence_weights[0].sum():.3f}")

# %%
# Over the test documents: how much weight goes to the sentences of the
# document's own topic, against their share of the sentences?
own_topic = {name: headlines[topics == i] for i, name in enumerate(news.target_names)}
own_weight, own_share = [], []
all_ids = model[:-1].transform(X_test)
weights, _ = model[-1].attention_weights(all_ids)
for document, label, row in zip(X_test, y_test, weights):
    sentences = model[0].transform([document])[0][: all_ids.shape[1]]
    own = np.isin([s.rstrip("。") for s in sentences], own_topic[label])
    own_weight.append(row[: len(sentences)][own].sum())
    own_share.append(own.mean())
print(
    f"Own-topic sentences: {np.mean(own_share):.2f} of the sentences, "
    f"{np.mean(own_weight):.2f} of the attention"
)
