"""
===================================================
Skewed classes: class weights and the right metrics
===================================================

How do I train and evaluate a text classifier when one class is rare?

The bundled SMS sample holds 2,000 English messages, 13.4 % of them spam. Three
habits matter with such data:

- split with :class:`~sklearn.model_selection.StratifiedKFold`, so that every fold
  has its share of the rare class;
- judge the model by the F1 score of the rare class and by the balanced accuracy:
  plain accuracy rewards a model that never predicts the rare class (86.6 % here);
- give the rare class more weight in the loss with ``class_weight='balanced'``,
  which weighs each class inversely to its frequency, so that its errors count as
  much as those of the frequent class.
"""

# %%
# The data
# --------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.metrics import f1_score, make_scorer, recall_score
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
)
from sklearn_textnn.datasets import load_sms_spam_sample

sms = load_sms_spam_sample()
texts = sms.data
labels = np.asarray(sms.target_names)[sms.target]
print(pd.Series(labels).value_counts().to_dict())

# %%
# The metrics
# -----------
# The labels are names, so the F1 score and the recall must be told which one is the
# positive (rare) class.
scoring = {
    "accuracy": "accuracy",
    "balanced accuracy": "balanced_accuracy",
    "F1 spam": make_scorer(f1_score, pos_label="spam", zero_division=0),
    "recall spam": make_scorer(recall_score, pos_label="spam"),
}
cv = StratifiedKFold(n_splits=4, shuffle=True, random_state=0)

# %%
# Three models
# ------------
# A dummy that always predicts the frequent class, and the same TextCNN trained
# without and with class weights. Each fold refits the whole pipeline, vocabulary
# included, on its training part only.


def textcnn(class_weight):
    return make_pipeline(
        TextTokenizer(),
        Vocabulary(min_freq=2),
        SequencePadder(),
        TextCNNClassifier(
            embedding_dim=64,
            num_filters=64,
            lr=3e-3,
            max_epochs=15,
            class_weight=class_weight,
            random_state=0,
        ),
    )


models = {
    "always ham": DummyClassifier(strategy="most_frequent"),
    "TextCNN": textcnn(class_weight=None),
    "TextCNN, balanced": textcnn(class_weight="balanced"),
}
results = {}
for name, model in models.items():
    scores = cross_validate(model, texts, labels, cv=cv, scoring=scoring)
    results[name] = {metric: scores[f"test_{metric}"].mean() for metric in scoring}
results = pd.DataFrame(results).T
print(results.round(3).to_string())

# %%
# Reading the table
# -----------------
# The dummy scores a high accuracy and an F1 of 0: accuracy hides that it finds no
# spam at all. The balanced accuracy (the mean of the recall of each class) puts it
# at 0.5, chance level. The class weights trade a few false alarms for more spam
# found: the recall of spam goes up; whether F1 goes up too depends on how many ham
# messages are flagged on the way.
#
# ``class_weight='balanced'`` is computed from the training part of each fold;
# a dict such as ``{"spam": 4}`` sets the weights by hand.
ax = results.plot.barh(figsize=(7, 4), xlim=(0, 1))
ax.invert_yaxis()
ax.set(xlabel="mean over 4 stratified folds", title="SMS spam, 13.4 % spam")
ax.legend(loc="lower right", fontsize="small")
plt.tight_layout()
plt.show()
