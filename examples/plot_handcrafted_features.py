"""
======================================
Hand-crafted features next to the text
======================================

How do I give a text network numeric features it cannot easily learn from the
tokens, such as the length of a message or whether it holds a phone number?

:class:`~sklearn_textnn.FeatureMergeClassifier` reads token ids and numeric
features together: the ids go through a text encoder (TextCNN or LSTM), the
features through a small dense layer, and both meet before the output layer. Its
input is one table: a :class:`~sklearn.compose.ColumnTransformer` with
``set_output(transform="pandas")`` turns the user's raw
:class:`pandas.DataFrame` into columns named ``text__sequencepadder0``,
``text__sequencepadder1``... (the token ids, recognised by their names) and
feature columns (everything else). So the whole model is one pipeline from the raw
DataFrame, and :func:`~sklearn.model_selection.cross_validate` works on it as on any
estimator.

:class:`~sklearn_textnn.preprocessing.TextStatistics` computes common features of
raw text: length, digit and uppercase ratios, punctuation, URLs, long numbers,
currency symbols.
"""

# %%
# The data as a DataFrame
# -----------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_textnn import (
    FeatureMergeClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextStatistics,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_sms_spam_sample
from sklearn_textnn.networks import TextCNN

sms = load_sms_spam_sample()
data = pd.DataFrame({"text": sms.data})
labels = np.asarray(sms.target_names)[sms.target]
data.head()

# %%
# What the features show
# ----------------------
# Spam is longer, holds more digits (phone numbers, short codes, prices) and more
# capitals than the messages between friends.
statistics = TextStatistics().set_output(transform="pandas")
features = statistics.fit_transform(data["text"])
print(features.groupby(labels).mean().T.round(3).to_string())

# %%
fig, axes = plt.subplots(1, 3, figsize=(10, 3), layout="constrained")
for ax, name in zip(axes, ["n_chars", "digit_ratio", "uppercase_ratio"]):
    ax.boxplot([features.loc[labels == label, name] for label in sms.target_names])
    ax.set_xticks([1, 2], sms.target_names)
    ax.set_title(name)
plt.show()

# %%
# One table for the network
# -------------------------
# The ``text`` column goes through tokenizer -> vocabulary -> padder, and also
# through ``TextStatistics`` and a scaler (neural networks want features on a
# common scale). Any other numeric column of the DataFrame could join the same way,
# e.g. ``("meta", StandardScaler(), ["n_recipients"])``.
columns = ColumnTransformer(
    [
        (
            "text",
            make_pipeline(TextTokenizer(), Vocabulary(min_freq=2), SequencePadder()),
            "text",
        ),
        ("stats", make_pipeline(TextStatistics(), StandardScaler()), "text"),
    ]
).set_output(transform="pandas")
print(list(columns.fit_transform(data).columns[[0, 1, -3, -2, -1]]))

# %%
# Both networks get the same text encoder; the merged one also reads the features.
training = dict(embedding_dim=64, lr=3e-3, max_epochs=15, random_state=0)
models = {
    "text only (TextCNN)": make_pipeline(
        TextTokenizer(),
        Vocabulary(min_freq=2),
        SequencePadder(),
        TextCNNClassifier(num_filters=64, **training),
    ),
    "text + features": make_pipeline(
        columns,
        FeatureMergeClassifier(
            encoder=TextCNN(num_filters=64), feature_hidden_size=16, **training
        ),
    ),
}

# %%
# Compare with cross-validation
# -----------------------------
# The text-only pipeline takes the column of texts, the merged one the whole
# DataFrame. Spam is the rare class (13 %): the F1 score of spam says more than
# accuracy.
scoring = {
    "F1 spam": make_scorer(f1_score, pos_label="spam"),
    "balanced accuracy": "balanced_accuracy",
}
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
results = {}
for name, model in models.items():
    X = data["text"] if name.startswith("text only") else data
    scores = cross_validate(model, X, labels, cv=cv, scoring=scoring)
    results[name] = {metric: scores[f"test_{metric}"].mean() for metric in scoring}
results = pd.DataFrame(results).T
print(results.round(3).to_string())

# %%
# The fitted merged model tells which columns it read as ids and which as features.
merged = models["text + features"].fit(data, labels)
classifier = merged[-1]
print(
    f"{len(classifier.id_columns_)} id columns, features: {classifier.feature_columns_}"
)

# %%
# The features help most where the text alone is ambiguous (short messages,
# numbers the vocabulary has never seen); with more data the text encoder learns
# more of it by itself.
ax = results.plot.barh(figsize=(7, 2.8), xlim=(0.5, 1))
ax.invert_yaxis()
ax.set(xlabel="mean over 3 stratified folds")
ax.legend(loc="lower right", fontsize="small")
plt.tight_layout()
plt.show()
