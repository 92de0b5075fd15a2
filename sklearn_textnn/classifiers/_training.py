"""The training core: one home for the skorch net every classifier trains.

Builds the skorch net around a module (optimizer, loss with class weights,
callbacks: gradient clipping, early stopping, the user's own), holds out the
validation split, seeds, checks the device, and predicts. Everything that differs
between networks is in the module; everything that differs between the kinds of
input is in :mod:`.._inputs`.
"""

import contextlib
import copy
import inspect
import math
import os
import sys
import threading
import warnings

import numpy as np
import torch
from joblib.parallel import get_active_backend
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils.class_weight import compute_class_weight
from skorch import NeuralNetClassifier
from skorch.callbacks import Callback, EarlyStopping, GradientNormClipping, PrintLog
from skorch.dataset import Dataset
from skorch.helper import predefined_split
from torch.utils.data import DataLoader, default_collate

from .._cores import available_cores
from .._inputs import padded_ids, prediction_batches, sorted_ids
from ._optim import Adagrad

OPTIMIZERS = {
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adagrad": Adagrad,
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
}

# Optimizers that update only the rows of the token vectors a batch uses (sparse
# gradients); the others update every row at every step.
_SPARSE_OPTIMIZERS = (torch.optim.Adagrad, torch.optim.SGD)
# Optimizers with a fused implementation: one kernel for all parameters, several
# times faster on a large embedding table than the default loop over them.
_FUSED_OPTIMIZERS = (torch.optim.Adam, torch.optim.AdamW)

# Names of the built-in callbacks; the user's may not take them.
_BUILT_IN = (
    "gradient_clipping",
    "early_stopping",
    "sparse_weight_decay",
    "weight_averaging",
)


def train(estimator, build_module, inputs, y, *, class_weights, seed):
    """Build a module and train it on ``inputs`` and ``y`` with the estimator's
    settings.

    Parameters
    ----------
    estimator : BaseTextClassifier
        Supplies the training hyperparameters (``optimizer``, ``lr``,
        ``batch_size``, ``max_epochs``, ``validation_fraction``, ``patience``,
        ``gradient_clipping``, ``callbacks``, ``device``, ``verbose``...).
    build_module : callable
        Returns the network (a ``torch.nn.Module`` whose ``forward`` takes the keys
        of ``inputs`` as arguments); called once the torch random state is seeded,
        so that the weights are reproducible.
    inputs : dict of str to ndarray
        The module's inputs, one row per document.
    y : ndarray of int64
        Encoded labels, 0 to n_classes - 1.
    class_weights : torch.Tensor or None
        Weight of each class in the loss.
    seed : int
        Seeds the validation split, the weights, the batch order and dropout.

    Returns
    -------
    net : skorch.NeuralNetClassifier
        The trained net.
    """
    device = check_device(estimator.device, _mixed_precision(estimator))
    if not estimator._network().reads_order:
        inputs = sorted_ids(inputs)
    train_part, valid = split_validation(inputs, y, estimator.validation_fraction, seed)
    max_epochs = n_epochs(estimator, len(train_part[1]))
    _check_average(estimator, max_epochs)

    def make_net(epochs, train_split, has_valid):
        return _make_net(
            estimator,
            build_module(),
            class_weights=class_weights,
            max_epochs=epochs,
            train_split=train_split,
            has_valid=has_valid,
            average_from=_averaging_start(estimator, max_epochs),
        )

    with (
        torch.random.fork_rng(devices=_rng_devices(device)),
        _quiet_sparse_checks(),
        cores_torch_may_use(),
    ):
        torch.manual_seed(seed)
        split = None if valid is None else predefined_split(valid)
        net = make_net(max_epochs, split, valid is not None)
        net.fit(*train_part)
        _warn_if_interrupted(net, max_epochs)
        if estimator.refit_on_all and valid is not None:
            epochs = best_epoch(net)
            if estimator.verbose:
                print(f"Training again on all the data for {epochs} epoch(s).")
            torch.manual_seed(seed)
            net = make_net(epochs, None, False)
            net.fit(inputs, y)
            _warn_if_interrupted(net, epochs)
            net.selected_epochs_ = epochs
    _warn_if_diverged(net, len(np.unique(y)))
    return net


def _make_net(
    estimator,
    module,
    *,
    class_weights,
    max_epochs,
    train_split,
    has_valid,
    average_from=None,
):
    """The skorch net that trains ``module`` with the estimator's settings; with
    ``average_from``, the mean of the weights from that epoch on."""
    mixed_precision = _mixed_precision(estimator)
    device = check_device(estimator.device, mixed_precision)
    optimizer = optimizer_class(estimator.optimizer)
    optimizer_params = {}
    if estimator.weight_decay:
        if "weight_decay" not in inspect.signature(optimizer).parameters:
            raise ValueError(
                f"weight_decay={estimator.weight_decay} but {optimizer.__name__} "
                "takes no weight_decay; set weight_decay=0.0 or use another optimizer"
            )
        optimizer_params["optimizer__weight_decay"] = estimator.weight_decay
    sparse_decay = estimator.weight_decay if sparse_gradients(estimator) else 0.0
    if optimizer in _FUSED_OPTIMIZERS and torch.device(device).type in ("cpu", "cuda"):
        optimizer_params["optimizer__fused"] = True
    if sparse_decay:
        # The torch optimizers refuse a weight decay on sparse gradients: the
        # token vectors leave the optimizer's decay to _SparseWeightDecay.
        sparse = sparse_parameter_names(module)
        if sparse:
            optimizer_params["optimizer__param_groups"] = [
                (name, {"weight_decay": 0.0}) for name in sparse
            ]
    if torch.device(device).type == "cuda":
        # Batches in page-locked memory copy to the GPU without blocking.
        optimizer_params["iterator_train__pin_memory"] = True
        optimizer_params["iterator_valid__pin_memory"] = True
    bucketed = estimator._network().bucket_by_length
    net = TextNet(
        module,
        dataset=TextDataset,
        criterion=torch.nn.CrossEntropyLoss,
        criterion__weight=class_weights,
        optimizer=optimizer,
        lr=estimator.lr,
        batch_size=estimator.batch_size,
        max_epochs=max_epochs,
        train_split=train_split,
        callbacks=callbacks(
            estimator,
            has_valid=has_valid,
            sparse_decay=sparse_decay,
            average_from=average_from,
        ),
        iterator_train=length_bucketed_loader if bucketed else DataLoader,
        iterator_train__shuffle=True,
        iterator_train__collate_fn=collate,
        iterator_valid__collate_fn=collate,
        device=device,
        verbose=int(estimator.verbose),
        callbacks__print_log=_PrintLog(),
        **optimizer_params,
    )
    net.mixed_precision = mixed_precision
    return net


def partial_net(estimator, module, *, class_weights):
    """A net that trains ``module`` one chunk of data at a time (one pass over
    each chunk given to :func:`train_on_chunk`): no validation split, early
    stopping or weight averaging."""
    net = _make_net(
        estimator,
        module,
        class_weights=class_weights,
        max_epochs=1,
        train_split=None,
        has_valid=False,
    )
    with _quiet_sparse_checks():
        net.initialize()
    return net


def train_on_chunk(net, inputs, y, seed):
    """One pass of ``net`` over a chunk, its batch order drawn from ``seed``."""
    with (
        torch.random.fork_rng(devices=_rng_devices(net.device)),
        _quiet_sparse_checks(),
        cores_torch_may_use(),
    ):
        torch.manual_seed(seed)
        net.partial_fit(inputs, y)
    # A stream calls this without end: keep each pass's loss, drop the records of
    # its batches once the next pass is in, so the history grows by one small
    # entry a chunk.
    if len(net.history) > 1:
        net.history[-2]["batches"] = []
    _warn_if_diverged(net, net.module_.classifier.out_features)
    return net


def restore(estimator, module, state_dict):
    """A net for prediction around ``module`` with the weights ``state_dict``, set
    up as :func:`train` sets up the net it trains (batch size, collation, device),
    with an empty history.

    Raises
    ------
    ValueError
        When ``state_dict`` lacks a weight of ``module``, holds one it does not
        have, or one of another shape: the message names them.
    """
    mixed_precision = _mixed_precision(estimator)
    device = check_device(estimator.device, mixed_precision)
    expected = module.state_dict()
    missing = sorted(set(expected) - set(state_dict))
    unexpected = sorted(set(state_dict) - set(expected))
    if missing or unexpected:
        raise ValueError(
            f"the weights do not fit a {type(estimator).__name__} with these "
            f"parameters: missing {missing or 'none'}, unexpected "
            f"{unexpected or 'none'}"
        )
    for name, tensor in expected.items():
        if tuple(state_dict[name].shape) != tuple(tensor.shape):
            raise ValueError(
                f"weight {name!r} has shape {tuple(state_dict[name].shape)}; a "
                f"{type(estimator).__name__} with these parameters needs "
                f"{tuple(tensor.shape)}"
            )
    module.load_state_dict(state_dict)
    net = TextNet(
        module,
        dataset=TextDataset,
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=optimizer_class(estimator.optimizer),
        lr=estimator.lr,
        batch_size=estimator.batch_size,
        max_epochs=n_epochs(estimator, None),
        train_split=None,
        iterator_train__collate_fn=collate,
        iterator_valid__collate_fn=collate,
        device=device,
        verbose=0,
    )
    net.mixed_precision = mixed_precision
    with _quiet_sparse_checks():
        net.initialize()
    net.module_.eval()
    return net


# Documents sorted by length within pools of this many batches: batches of
# similar lengths, in an order still shuffled every epoch.
_BUCKET_POOL_BATCHES = 50
# Below this mean length (ids), padding costs little and batches are drawn at
# random: bucketing pays on long documents only.
_BUCKET_MIN_MEAN_LENGTH = 200


def length_bucketed_loader(dataset, *, batch_size, shuffle=True, **kwargs):
    """A training data loader whose batches hold documents of similar lengths.

    Each epoch shuffles the documents, sorts each pool of ``50 * batch_size`` of
    them by length, cuts the pools into batches and shuffles the batches: every
    document is seen once an epoch, in an order that changes every epoch (drawn
    from torch's random state), while a batch pads its documents to a length
    close to theirs. On documents of varied lengths a padded batch otherwise
    costs several times its real tokens (3.4 times on PCNews).

    Documents of fewer than 200 ids on average (headlines, short messages) get
    batches drawn at random: their padding costs little.

    Takes the arguments of :class:`torch.utils.data.DataLoader` that skorch
    gives its ``iterator_train``; a dataset without id rows gets a plain loader.
    """
    ids = getattr(dataset, "X", None)
    ids = ids.get("ids") if isinstance(ids, dict) else None
    if ids is None or not shuffle:
        return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, **kwargs)
    if ids.dtype == object:
        lengths = np.fromiter((np.size(row) for row in ids), np.int64, len(ids))
    else:
        lengths = (np.asarray(ids) != 0).reshape(len(ids), -1).sum(axis=1)
    if not len(lengths) or lengths.mean() < _BUCKET_MIN_MEAN_LENGTH:
        return DataLoader(dataset, batch_size=batch_size, shuffle=True, **kwargs)
    sampler = _LengthBucketSampler(lengths, batch_size)
    return DataLoader(dataset, batch_sampler=sampler, **kwargs)


class _LengthBucketSampler:
    """Batches of indices of similar ``lengths`` (see
    :func:`length_bucketed_loader`)."""

    def __init__(self, lengths, batch_size):
        self.lengths = torch.as_tensor(lengths)
        self.batch_size = batch_size

    def __len__(self):
        return math.ceil(len(self.lengths) / self.batch_size)

    def __iter__(self):
        order = torch.randperm(len(self.lengths))
        pool = self.batch_size * _BUCKET_POOL_BATCHES
        batches = []
        for start in range(0, len(order), pool):
            part = order[start : start + pool]
            part = part[torch.argsort(self.lengths[part], stable=True)]
            batches.extend(part.split(self.batch_size))
        for i in torch.randperm(len(batches)).tolist():
            yield batches[i].tolist()


def sparse_gradients(estimator):
    """Whether the token vectors may get sparse gradients: with an optimizer that
    takes them (Adagrad, SGD) and no clipping."""
    optimizer = optimizer_class(estimator.optimizer)
    return (
        issubclass(optimizer, _SPARSE_OPTIMIZERS)
        and estimator.gradient_clipping is None
    )


def sparse_parameter_names(module):
    """Names of the parameters of ``module`` that get sparse gradients: those of
    its submodules built with ``sparse=True`` (token vectors)."""
    names = []
    for prefix, submodule in module.named_modules():
        if getattr(submodule, "sparse", False) is True:
            for name, _ in submodule.named_parameters(recurse=False):
                names.append(f"{prefix}.{name}" if prefix else name)
    return names


class _SparseWeightDecay(Callback):
    """The L2 penalty of the token vectors that get sparse gradients.

    The torch optimizers refuse a weight decay on sparse gradients, and a decay of
    every row at every step would cost as much as dense gradients. This adds
    ``every * weight_decay * row`` to the gradient of every row once every
    ``every`` steps, through the optimizer's own rule (Adagrad's accumulated
    squares, or SGD's step): about ten times an epoch, and at least every
    ``min_every`` steps, so that its cost stays a small part of an epoch's on a
    large table. As with a dense Adagrad decay, rare tokens, whose accumulated
    squares stay small, are pulled towards 0 the most: the weights that overfit.
    """

    def __init__(self, weight_decay, min_every=10, per_epoch=10):
        self.weight_decay = weight_decay
        self.min_every = min_every
        self.per_epoch = per_epoch

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        steps_per_epoch = math.ceil(len(y) / net.batch_size) if y is not None else 1
        self.every_ = max(self.min_every, math.ceil(steps_per_epoch / self.per_epoch))
        self.steps_ = 0
        self._buffers = {}

    def on_train_end(self, net, **kwargs):
        # Working memory of the training only: not part of the fitted model.
        self._buffers = {}

    def on_batch_end(self, net, training=False, **kwargs):
        if not training:
            return
        self.steps_ += 1
        if self.steps_ % self.every_:
            return
        names = set(sparse_parameter_names(net.module_))
        sparse = [p for name, p in net.module_.named_parameters() if name in names]
        optimizer = net.optimizer_
        with torch.no_grad():
            for group in optimizer.param_groups:
                for param in group["params"]:
                    if any(param is p for p in sparse):
                        buffers = self._buffers.get(id(param))
                        if buffers is None or buffers[0].shape != param.shape:
                            buffers = (torch.empty_like(param), torch.empty_like(param))
                            self._buffers[id(param)] = buffers
                        _decay_step(
                            optimizer,
                            group,
                            param,
                            self.every_ * self.weight_decay,
                            buffers,
                        )


class _WeightAveraging(Callback):
    """Keep the mean of the weights at the end of each epoch from ``first_epoch``
    on (Polyak averaging): the weights of one epoch wander around a good point
    with the last batches seen, their mean sits closer to it, and the result moves
    far less with the seed."""

    def __init__(self, first_epoch):
        self.first_epoch = first_epoch

    def on_train_begin(self, net, **kwargs):
        self.n_averaged_ = 0
        self.mean_ = None

    def on_epoch_end(self, net, **kwargs):
        if len(net.history) < self.first_epoch:
            return
        with torch.no_grad():
            weights = [p.detach() for p in net.module_.parameters()]
            if self.mean_ is None:
                self.mean_ = [w.clone() for w in weights]
                self.n_averaged_ = 1
                return
            self.n_averaged_ += 1
            for mean, w in zip(self.mean_, weights):
                mean.add_(w - mean, alpha=1 / self.n_averaged_)

    def on_train_end(self, net, **kwargs):
        if self.mean_ is not None:
            with torch.no_grad():
                for mean, param in zip(self.mean_, net.module_.parameters()):
                    param.copy_(mean)
        # The copies are not part of the fitted model.
        self.mean_ = None


def _early_stopping(estimator):
    """Whether ``estimator`` stops early on a validation split."""
    return estimator.validation_fraction is not None and estimator.patience is not None


def _averaging_start(estimator, max_epochs):
    """The first epoch whose weights enter the mean, or None for no averaging.

    ``'auto'`` averages the second half of the epochs when training runs all of
    them, and yields to early stopping (whose best epoch is kept) otherwise.
    """
    average = estimator.average
    if average is False or (average == "auto" and _early_stopping(estimator)):
        return None
    if average is True or average == "auto":
        return max_epochs // 2 + 1
    return int(average)


def _check_average(estimator, max_epochs):
    """Refuse an explicit ``average`` with early stopping, and a first epoch past
    the last."""
    if estimator.average is False or estimator.average == "auto":
        return
    if _early_stopping(estimator):
        raise ValueError(
            f"average={estimator.average!r} keeps the mean of the weights of the "
            "last epochs, but early stopping (validation_fraction="
            f"{estimator.validation_fraction}, patience={estimator.patience}) keeps "
            "those of the best epoch: set patience=None (the validation split then "
            "only reports its loss), average=False, or average='auto' (averages "
            "only without early stopping)"
        )
    if estimator.average is not True and estimator.average > max_epochs:
        raise ValueError(
            f"average={estimator.average} starts averaging after the last epoch "
            f"(max_epochs={estimator.max_epochs!r}: {max_epochs} epochs); use a "
            "number up to the number of epochs, or True (the second half of the "
            "epochs)"
        )


# max_epochs='auto': enough epochs for about this many optimizer steps, within
# the bounds below. On the small sets of long or skewed documents (a few hundred
# to a few thousand, 20 to 75 batches an epoch) ten epochs stop FastText short of
# its best: on PCNews (644 documents) it scored 77.8 % in 10 epochs, 79.5 % in 72
# and 79.9 % in 86; more steps would slow a fit on BBC News (1,780 long
# documents) past 30 s for no gain there. Large sets keep ten epochs.
AUTO_STEPS = 1800
AUTO_MIN_EPOCHS = 10
AUTO_MAX_EPOCHS = 100


def n_epochs(estimator, n_samples):
    """The number of epochs a fit on ``n_samples`` documents trains for:
    ``max_epochs``, or for ``'auto'`` about ``AUTO_STEPS`` optimizer steps,
    between ``AUTO_MIN_EPOCHS`` and ``AUTO_MAX_EPOCHS`` (the minimum where the
    size is unknown)."""
    if estimator.max_epochs != "auto":
        return int(estimator.max_epochs)
    if not n_samples:
        return AUTO_MIN_EPOCHS
    batches = math.ceil(n_samples / estimator.batch_size)
    return min(max(math.ceil(AUTO_STEPS / batches), AUTO_MIN_EPOCHS), AUTO_MAX_EPOCHS)


def _decay_step(optimizer, group, param, weight_decay, buffers=None):
    """One step of ``optimizer`` on the gradient ``weight_decay * param`` alone.

    ``buffers``, two tensors shaped as ``param``, hold the gradient and
    Adagrad's denominator: on a large table, writing into memory already in use
    takes a third of the time of fresh tensors.
    """
    grad, denominator = buffers if buffers is not None else (None, None)
    grad = torch.mul(param, weight_decay, out=grad)
    state = optimizer.state[param]
    if "sum" in state:  # Adagrad
        step = float(state["step"])
        lr = group["lr"] / (1 + max(step - 1, 0) * group["lr_decay"])
        state["sum"].addcmul_(grad, grad)
        denominator = torch.sqrt(state["sum"], out=denominator).add_(group["eps"])
        param.addcdiv_(grad, denominator, value=-lr)
    else:  # SGD without momentum
        param.add_(grad, alpha=-group["lr"])


class TextDataset(Dataset):
    """skorch's dataset, whose batches are fetched whole.

    The data loader asks it for a batch's documents at once (``__getitems__``):
    one fancy index per array of the inputs and one of the labels, where
    skorch's dataset indexes every array once per document: a FastText epoch
    over the 45,000 THUCNews headlines, where a batch is little work, takes
    about 5 % less time. Inputs it cannot index that way (pandas frames, lists)
    are read one document at a time.
    """

    def __getitems__(self, indices):
        X = self.X
        arrays = X.values() if isinstance(X, dict) else [X]
        if self.X_is_ndframe or not all(isinstance(a, np.ndarray) for a in arrays):
            return [self[i] for i in indices]
        rows = np.asarray(indices, dtype=np.int64)
        if isinstance(X, dict):
            inputs = {key: value[rows] for key, value in X.items()}
        else:
            inputs = X[rows]
        if self.y is None:
            # skorch's placeholder label, one per document.
            targets = torch.zeros(len(rows), 1)
        else:
            targets = torch.as_tensor(np.asarray(self.y)[rows])
        return _Rows(inputs, targets)


class _Rows:
    """The documents of a batch, fetched whole by :class:`TextDataset`."""

    def __init__(self, inputs, targets):
        self.inputs = inputs
        self.targets = targets


def collate(batch):
    """A batch of documents as tensors; ragged id sequences are padded to the
    longest one of the batch (at least one column)."""
    if isinstance(batch, _Rows):
        if not isinstance(batch.inputs, dict):
            return _id_batch(batch.inputs), batch.targets
        return {
            key: _id_batch(value) if key == "ids" else torch.as_tensor(value)
            for key, value in batch.inputs.items()
        }, batch.targets
    inputs, targets = zip(*batch)
    if not isinstance(inputs[0], dict):
        # An id matrix given to the skorch net directly (``net_.forward(ids)``).
        return _id_batch(inputs), default_collate(targets)
    out = {}
    for key in inputs[0]:
        values = [x[key] for x in inputs]
        out[key] = (
            _id_batch(values) if key == "ids" else torch.as_tensor(np.stack(values))
        )
    return out, default_collate(targets)


def _id_batch(sequences):
    """Id sequences as one int64 tensor, padded to the longest (at least 1 column);
    documents of sentences (2-D each) to the most sentences and the longest one."""
    return torch.from_numpy(padded_ids(sequences))


def predict_proba(net, inputs):
    """Class probabilities of ``inputs`` (float64, rows summing to 1).

    Runs the module directly, in evaluation mode and without gradients, on the
    batches of :func:`.._inputs.prediction_batches`: about 65,000 ids, ragged
    documents sorted by length, so that a batch pads its documents to similar
    lengths (the networks give a document the same result whatever it is padded
    to).
    """
    module = net.module_
    module.eval()
    device = net.device
    proba = np.empty((len(inputs["ids"]), 0), dtype=np.float64)
    # Keep the caller's global torch random state as it was.
    with (
        torch.random.fork_rng(devices=_rng_devices(device)),
        cores_torch_may_use(),
        torch.no_grad(),
        autocast(device, getattr(net, "mixed_precision", False)),
    ):
        for rows in prediction_batches(inputs["ids"]):
            batch = {
                key: _id_batch(value[rows])
                if key == "ids"
                else torch.as_tensor(value[rows])
                for key, value in inputs.items()
            }
            scores = torch.softmax(module(**to_device(batch, device)).float(), dim=1)
            scores = scores.cpu().numpy()
            if proba.shape[1] == 0:
                proba = np.empty((len(inputs["ids"]), scores.shape[1]))
            proba[rows] = scores
    return proba / proba.sum(axis=1, keepdims=True)


def encoder_outputs(net, inputs, read):
    """``read(encoder, ids)`` for each batch of ``inputs``, in evaluation mode and
    without gradients: what the network computes inside (attention weights...).

    Returns
    -------
    outputs : list
        One result of ``read`` per batch, in the order of the documents.
    """
    module = net.module_
    module.eval()
    outputs = []
    # The data loader draws a seed even without shuffling: keep the caller's global
    # torch random state as it was.
    with (
        torch.random.fork_rng(devices=_rng_devices(net.device)),
        cores_torch_may_use(),
        torch.no_grad(),
    ):
        for batch, _ in net.get_iterator(net.get_dataset(inputs)):
            outputs.append(read(module.encoder, batch["ids"].to(net.device)))
    return outputs


def finished_epochs(net):
    """The epochs ``net`` trained to their end (an interrupted one is not)."""
    return sum(1 for row in net.history if "train_loss" in row)


def best_epoch(net):
    """The epoch (from 1) whose weights ``net`` kept (for a net trained again on
    all the data, the number of epochs that the validation split chose)."""
    if hasattr(net, "selected_epochs_"):
        return net.selected_epochs_
    stopper = dict(net.callbacks_).get("early_stopping")
    restored = getattr(stopper, "best_epoch_", None)
    return int(restored) if restored else finished_epochs(net)


def check_device(device, mixed_precision=False):
    """``device`` as a string, refused with a clear error if torch cannot use it
    (or cannot compute in bfloat16 on it, with ``mixed_precision``)."""
    device = torch.device(device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device={str(device)!r}, but torch finds no CUDA GPU "
            "(torch.cuda.is_available() is False); use device='cpu' or install "
            "a CUDA build of torch"
        )
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise ValueError(f"device={str(device)!r}, but MPS is not available")
    if mixed_precision:
        if device.type not in ("cpu", "cuda"):
            raise ValueError(
                f"mixed_precision=True works on 'cpu' and 'cuda' devices, not on "
                f"device={str(device)!r}; set mixed_precision=False"
            )
        if device.type == "cuda" and not torch.cuda.is_bf16_supported():
            raise ValueError(
                f"mixed_precision=True computes in bfloat16, which the GPU of "
                f"device={str(device)!r} does not support (NVIDIA Ampere or newer "
                "does); set mixed_precision=False"
            )
    return str(device)


def _mixed_precision(estimator):
    # Models saved before the parameter existed train and predict in float32.
    return bool(getattr(estimator, "mixed_precision", False))


@contextlib.contextmanager
def autocast(device, enabled):
    """bfloat16 autocast on ``device`` when ``enabled``, else nothing. A torch
    error inside it (a CPU without the bfloat16 kernels of a layer, as oneDNN's
    LSTM on CPUs without AVX-512) says that ``mixed_precision`` is the cause."""
    if not enabled:
        yield
        return
    with torch.autocast(device_type=torch.device(device).type, dtype=torch.bfloat16):
        try:
            yield
        except RuntimeError as error:
            raise RuntimeError(
                f"mixed_precision=True: torch could not run the network in "
                f"bfloat16 on device={str(device)!r} ({error}). Set "
                "mixed_precision=False"
            ) from error


def to_device(batch, device):
    """A batch (a tensor or a dict of them) on ``device``; to a GPU, from pinned
    memory and without blocking, so that the copy overlaps the computation."""
    if torch.device(device).type != "cuda":
        return (
            {key: value.to(device) for key, value in batch.items()}
            if isinstance(batch, dict)
            else batch.to(device)
        )

    def move(tensor):
        if not tensor.is_cuda and not tensor.is_pinned():
            tensor = tensor.pin_memory()
        return tensor.to(device, non_blocking=True)

    if isinstance(batch, dict):
        return {key: move(value) for key, value in batch.items()}
    return move(batch)


class TextNet(NeuralNetClassifier):
    """skorch's classifier net, with the batches moved by :func:`to_device` and
    the forward pass under bfloat16 autocast when ``mixed_precision`` is set (the
    loss is computed in float32)."""

    mixed_precision = False

    def infer(self, x, **fit_params):
        x = to_device(x, self.device) if isinstance(x, (dict, torch.Tensor)) else x
        with autocast(self.device, self.mixed_precision):
            y_infer = super().infer(x, **fit_params)
        return y_infer.float()


def optimizer_class(optimizer):
    """The torch optimizer class named or given by ``optimizer``."""
    if isinstance(optimizer, str):
        return OPTIMIZERS[optimizer]
    if not (
        isinstance(optimizer, type) and issubclass(optimizer, torch.optim.Optimizer)
    ):
        raise ValueError(
            f"optimizer={optimizer!r} is not a torch.optim.Optimizer class; "
            f"use one of {sorted(OPTIMIZERS)} or such a class"
        )
    return optimizer


def class_weights(class_weight, classes, y):
    """The loss weight of each class, or None; refuses negative weights and keys
    that are not classes of ``y``."""
    if class_weight is None:
        return None
    if isinstance(class_weight, dict):
        unknown = [key for key in class_weight if key not in set(classes.tolist())]
        if unknown:
            raise ValueError(
                f"class_weight has keys that are not classes of y: {unknown!r:.200}; "
                f"the classes are {classes.tolist()!r:.200}"
            )
        bad = {
            key: value
            for key, value in class_weight.items()
            if not (isinstance(value, (int, float, np.number)) and value >= 0)
            or not math.isfinite(value)
        }
        if bad:
            raise ValueError(
                f"class_weight has weights that are not finite numbers >= 0: {bad!r}"
            )
    weights = compute_class_weight(class_weight, classes=classes, y=y)
    return torch.as_tensor(weights, dtype=torch.float32)


def split_validation(inputs, y, fraction, seed):
    """Hold out a stratified validation set: ``((inputs, y), Dataset)``, or
    ``((inputs, y), None)`` when ``fraction`` is None."""
    n = len(y)
    if fraction is None:
        return (inputs, y), None
    n_valid = math.ceil(fraction * n)
    if n - n_valid < 1 or n_valid < 1:
        raise ValueError(
            f"validation_fraction={fraction} leaves no training data out of {n} "
            "documents; lower it or set it to None"
        )
    counts = np.bincount(y)
    stratify = y if counts.min() >= 2 and n_valid >= len(counts) else None
    train_idx, valid_idx = train_test_split(
        np.arange(n), test_size=n_valid, stratify=stratify, random_state=seed
    )
    valid = TextDataset(_take_rows(inputs, valid_idx), y[valid_idx])
    return (_take_rows(inputs, train_idx), y[train_idx]), valid


def callbacks(estimator, *, has_valid, sparse_decay=0.0, average_from=None):
    """The built-in callbacks, then copies of the estimator's own; with
    ``average_from``, the mean of the weights from that epoch on."""
    built_in = []
    if sparse_decay:
        built_in.append(("sparse_weight_decay", _SparseWeightDecay(sparse_decay)))
    if average_from is not None:
        built_in.append(("weight_averaging", _WeightAveraging(average_from)))
    if estimator.gradient_clipping is not None:
        built_in.append(
            ("gradient_clipping", GradientNormClipping(estimator.gradient_clipping))
        )
    if has_valid and estimator.patience is not None:
        built_in.append(
            (
                "early_stopping",
                _EarlyStopping(
                    monitor="valid_loss",
                    patience=estimator.patience,
                    load_best=True,
                    sink=_silent,
                ),
            )
        )
    return built_in + [copy.deepcopy(c) for c in _user_callbacks(estimator.callbacks)]


def _user_callbacks(user):
    if user is None:
        return []
    if isinstance(user, (Callback, tuple)) or not hasattr(user, "__iter__"):
        raise ValueError(
            f"callbacks must be a list of skorch callbacks or (name, callback) pairs; "
            f"got {type(user).__name__}: wrap a single callback in a list"
        )
    checked = []
    for i, item in enumerate(user):
        name, callback = (
            item
            if isinstance(item, tuple) and len(item) == 2
            else (
                None,
                item,
            )
        )
        if not isinstance(callback, Callback) or not (
            name is None or isinstance(name, str)
        ):
            raise ValueError(
                f"callbacks[{i}] is {item!r:.80}; expected a skorch Callback or a "
                "(name, Callback) pair"
            )
        if name in _BUILT_IN:
            raise ValueError(
                f"callbacks[{i}] is named {name!r}, the name of a built-in callback; "
                "choose another name"
            )
        checked.append(item)
    return checked


def _warn_if_interrupted(net, max_epochs):
    """Say so when a KeyboardInterrupt (Ctrl-C) ended the training: skorch stops
    quietly, keeping the weights it has (those of the best epoch when stopping
    early on a validation split)."""
    stopper = dict(net.callbacks_).get("early_stopping")
    if getattr(stopper, "stopped_", False):
        return
    finished = finished_epochs(net)
    if finished >= max_epochs and len(net.history) == finished:
        return
    if getattr(stopper, "best_epoch_", 0):
        kept = (
            f"the weights of epoch {stopper.best_epoch_}, the best on the "
            "validation split"
        )
    else:
        kept = "the weights it had when it was interrupted"
    warnings.warn(
        f"training was interrupted (KeyboardInterrupt) after {finished} of "
        f"{max_epochs} epochs; the model keeps {kept}",
        UserWarning,
        stacklevel=4,
    )


def _warn_if_diverged(net, n_classes):
    """Warn when the training loss ends far above that of a constant guess."""
    losses = [row["train_loss"] for row in net.history if "train_loss" in row]
    last = losses[-1] if losses else np.nan
    # A network that predicts the class frequencies has a loss of at most
    # ln(n_classes); ten times that means the weights blew up.
    if not np.isfinite(last) or last > 10 * math.log(max(n_classes, 2)):
        warnings.warn(
            f"training diverged: the training loss of the last epoch is {last:.3g}, "
            f"far above the {math.log(max(n_classes, 2)):.3g} of a constant guess; "
            "lower lr (or set gradient_clipping)",
            ConvergenceWarning,
            stacklevel=4,
        )


# Trainings and predictions now inside cores_torch_may_use in this process, in any
# thread: they share its cores.
_RUNNING = [0]
_RUNNING_LOCK = threading.Lock()
# Whether this thread is inside cores_torch_may_use already.
_INSIDE = threading.local()


@contextlib.contextmanager
def cores_torch_may_use():
    """Within: torch uses at most this thread's share of the process's cores.

    torch starts one thread per core of the host, which in a container or under a
    CPU affinity can be many more than the process may use, and several trainings
    that run side by side in one process (joblib's ``threading`` backend, a Dask
    worker with several threads) would each start that many; the threads then wait
    for each other and training slows down several times. Within, torch uses at
    most ``available_cores() // n`` threads (at least 1), where ``n`` counts the
    trainings and predictions running in this process now, and at least:

    - 2 in a thread of a joblib thread pool (joblib starts one for ``n_jobs >= 2``
      only), so that the first training of ``GridSearchCV(n_jobs=2)`` takes half
      the cores even before the second one starts;
    - the number of task threads of the Dask workers of this process, in a task
      of one.

    A number of threads set lower is kept: by the user (``torch.set_num_threads``),
    or by ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS``, which torch reads at
    start-up, and which joblib's process workers (loky, multiprocessing) get set to
    ``cores // n_jobs`` and Dask's nanny sets to 1 in its worker processes. The
    thread count of the calling thread is restored on the way out.
    """
    if getattr(_INSIDE, "active", False):
        # Nested (a prediction within a training): the outer call has set this
        # thread's share, and counts it once.
        yield
        return
    _INSIDE.active = True
    with _RUNNING_LOCK:
        _RUNNING[0] += 1
        sharing = _RUNNING[0]
    try:
        current = torch.get_num_threads()
        share = max(1, available_cores() // max(sharing, _threads_side_by_side()))
        if current <= share:
            yield
            return
        torch.set_num_threads(share)
        try:
            yield
        finally:
            torch.set_num_threads(current)
    finally:
        with _RUNNING_LOCK:
            _RUNNING[0] -= 1
        _INSIDE.active = False


def _threads_side_by_side():
    """How many threads of this process at least may run a training now, this one
    among them: known for the threads of joblib's thread pools and of Dask
    workers."""
    if threading.current_thread() is threading.main_thread():
        # joblib's process workers and the caller of a sequential fit.
        return 1
    threads = 1
    backend, _ = get_active_backend()
    if (getattr(backend, "nesting_level", None) or 0) >= 1:
        # Inside a task joblib dispatched to a thread of its pool.
        threads = 2
    distributed = sys.modules.get("distributed")
    if distributed is not None:
        try:
            worker = distributed.get_worker()
        except ValueError:
            pass
        else:
            threads = max(threads, _dask_threads_in_process(distributed, worker))
    return threads


def _dask_threads_in_process(distributed, worker):
    """The task threads of the running Dask workers of this process: one worker
    in a worker process, several in a ``LocalCluster(processes=False)``."""
    # Worker._instances holds every Worker of the process (distributed's own
    # tests read it); fall back on the worker of this task if it ever goes.
    workers = list(getattr(distributed.Worker, "_instances", ())) or [worker]
    running = [w for w in workers if getattr(w.status, "name", "") == "running"]
    return sum(w.state.nthreads for w in running or [worker])


def _quiet_sparse_checks():
    """Sparse gradients without torch's warning that their checks are off: the
    optimizers build them from valid indices."""
    return torch.sparse.check_sparse_tensor_invariants(enable=False)


def _silent(*args, **kwargs):
    """A print that prints nothing (for quiet callbacks; picklable, unlike a lambda)."""


def _rng_devices(device):
    device = torch.device(device)
    if device.type == "cuda":
        return [device.index if device.index is not None else 0]
    return []


def _take_rows(inputs, index):
    return {key: value[index] for key, value in inputs.items()}


def _colour():
    """Colour the progress table only on a terminal, and never with NO_COLOR set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class _PrintLog(PrintLog):
    """skorch's progress table, its best values coloured only on a terminal: in a
    file or a pipe the colour codes would be noise."""

    def format_row(self, row, key, color):
        if not _colour():
            row = {k: v for k, v in row.items() if not k.endswith("_best")}
        return super().format_row(row, key, color)


class _EarlyStopping(EarlyStopping):
    """skorch's EarlyStopping, but the epoch it stops in is still printed.

    skorch prints the epoch table after every other callback, and EarlyStopping ends
    training from inside the epoch's callbacks: without this, the last epoch trained
    never shows in the progress table.
    """

    def on_train_begin(self, net, **kwargs):
        self.stopped_ = False
        return super().on_train_begin(net, **kwargs)

    def on_epoch_end(self, net, **kwargs):
        try:
            super().on_epoch_end(net, **kwargs)
        except KeyboardInterrupt:
            self.stopped_ = True
            print_log = dict(net.callbacks_).get("print_log")
            if net.verbose and print_log is not None:
                print_log.on_epoch_end(net, **kwargs)
                print(
                    f"Stopping since {self.monitor} has not improved in the last "
                    f"{self.patience} epochs; keeping the weights of epoch "
                    f"{self.best_epoch_}."
                )
            raise
