"""Look inside a fitted model: its mistakes and its learning curves.

For the confusion matrix no helper is needed: the pipelines of this package predict
label names, so :class:`sklearn.metrics.ConfusionMatrixDisplay` labels its axes
with them, e.g. ``ConfusionMatrixDisplay.from_estimator(model, X_test, y_test)``.
"""

from ._learning_curves import plot_learning_curves
from ._misclassified import misclassified

__all__ = ["misclassified", "plot_learning_curves"]
