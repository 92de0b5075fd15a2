"""Estimators and callbacks that report on, or end, the worker that fits them.

They live in a module of their own, not in a test file, so that joblib's and Dask's
worker processes can import them by name when they unpickle a task: a worker
started with the test process's ``sys.path`` finds this folder on it.
"""

import os
import sys

import torch
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from skorch.callbacks import Callback


class TorchThreads(Callback):
    """Records ``torch.get_num_threads()`` at every training batch."""

    def on_train_begin(self, net, **kwargs):
        self.seen_ = []

    def on_batch_begin(self, net, training=False, **kwargs):
        if training:
            self.seen_.append(torch.get_num_threads())


def most_threads(pipeline, X, y):
    """A scorer: the most torch threads a batch of the fit of the pipeline's
    classifier trained with (its callback named ``"threads"``)."""
    return max(dict(pipeline[-1].net_.callbacks_)["threads"].seen_)


class KillsItsWorker(ClassifierMixin, BaseEstimator):
    """Fits ``estimator``; with ``kill=True``, the first fit of all (the one that
    creates the file ``marker``) ends the Dask worker process it runs in instead.

    Parameters
    ----------
    estimator : estimator
        What to fit.
    kill : bool
        Whether the first fit ends its worker.
    marker : str
        A path that every worker can reach.
    """

    def __init__(self, estimator=None, kill=False, marker=None):
        self.estimator = estimator
        self.kill = kill
        self.marker = marker

    def fit(self, X, y):
        if self.kill and _first(self.marker):
            _end_this_worker()
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        return self.estimator_.predict(X)


def _first(marker):
    """Whether this call is the first to create ``marker`` (in any process)."""
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _end_this_worker():
    distributed = sys.modules.get("distributed")
    try:
        distributed.get_worker()
    except (AttributeError, ValueError):
        # Not in a Dask worker: never end the test process itself.
        raise RuntimeError("KillsItsWorker ran outside a Dask worker") from None
    os._exit(1)
