"""Fitted estimators as JSON values and plain arrays, and back, without pickles.

Only the types named in :func:`allowed_types` come back from a file: a step is
rebuilt by looking its name up there, never by importing a name the file gives.
"""

import inspect
import math
import re
from pathlib import Path, PurePath

import numpy as np

# The fitted state of these scikit-learn steps is plain data (arrays, numbers,
# strings, nested steps): they are stored as they are.
_SKLEARN_TYPES = {
    "sklearn.compose.ColumnTransformer",
    "sklearn.impute.SimpleImputer",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing.FunctionTransformer",
    "sklearn.preprocessing.MaxAbsScaler",
    "sklearn.preprocessing.MinMaxScaler",
    "sklearn.preprocessing.Normalizer",
    "sklearn.preprocessing.OneHotEncoder",
    "sklearn.preprocessing.RobustScaler",
    "sklearn.preprocessing.StandardScaler",
}


def allowed_types():
    """The classes a model file may hold, by the name it stores them under."""
    import importlib

    from .. import classifiers, embeddings, networks, preprocessing

    types = {}
    for module in (preprocessing, classifiers, networks, embeddings):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and not getattr(obj, "__abstractmethods__", None):
                types[f"{module.__name__}.{name}"] = obj
    for dotted in _SKLEARN_TYPES:
        module, name = dotted.rsplit(".", 1)
        types[dotted] = getattr(importlib.import_module(module), name)
    return types


class ModelFileError(ValueError):
    """A model file that cannot be read (or a model that cannot be written)
    safely; the message names the file and the part."""


class Encoder:
    """Turns a fitted estimator into a JSON value, collecting its arrays.

    Parameters
    ----------
    trim : bool
        Leave out what only training needs (the training history).
    """

    def __init__(self, trim=False):
        self.arrays = {}
        self.trim = trim
        self._names = {cls: name for name, cls in allowed_types().items()}

    def array(self, value, where):
        value = np.asarray(value)
        if value.dtype == object:
            if all(isinstance(item, str) for item in value.flat):
                return {
                    "__strings__": [str(item) for item in value.flat],
                    "shape": list(value.shape),
                }
            return {
                "__objects__": [self.value(item, where) for item in value.flat],
                "shape": list(value.shape),
            }
        if value.dtype.kind not in "biufcUS":
            raise ModelFileError(
                f"{where}: an array of dtype {value.dtype} cannot be stored"
            )
        key = f"arrays/{len(self.arrays)}.npy"
        self.arrays[key] = np.ascontiguousarray(value)
        return {"__array__": key, "dtype": value.dtype.str, "shape": list(value.shape)}

    def value(self, value, where):
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
            return int(value)
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, (float, np.floating)):
            value = float(value)
            return value if math.isfinite(value) else {"__float__": repr(value)}
        if isinstance(value, np.ndarray):
            return self.array(value, where)
        if isinstance(value, (list, tuple, set, frozenset)):
            items = value
            if isinstance(value, (set, frozenset)):
                items = sorted(value, key=repr)
            encoded = [
                self.value(item, f"{where}[{i}]") for i, item in enumerate(items)
            ]
            kind = {list: "__list__", tuple: "__tuple__", set: "__set__"}.get(
                type(value), "__frozenset__"
            )
            return {kind: encoded}
        if isinstance(value, dict):
            return {
                "__dict__": [
                    [self.value(k, where), self.value(v, f"{where}[{k!r}]")]
                    for k, v in value.items()
                ]
            }
        if isinstance(value, slice):
            return {"__slice__": [value.start, value.stop, value.step]}
        if isinstance(value, PurePath):
            return {"__path__": str(value)}
        if isinstance(value, re.Pattern):
            return {"__regex__": value.pattern, "flags": int(value.flags)}
        if isinstance(value, type) and issubclass(value, np.generic):
            return {"__dtype__": np.dtype(value).str}
        if isinstance(value, np.dtype):
            return {"__dtype__": value.str}
        if type(value) in self._names:
            return self.estimator(value, where)
        if callable(value):
            raise ModelFileError(
                f"{where} is the Python callable {value!r}: a model file without "
                "pickles stores data only, never code; use joblib for this model "
                "(and load it only from a source you trust)"
            )
        raise ModelFileError(
            f"{where} is a {type(value).__module__}.{type(value).__qualname__}, "
            "which a model file without pickles cannot store; use joblib for this "
            "model (and load it only from a source you trust)"
        )

    def estimator(self, estimator, where):
        from ..classifiers import BaseTextClassifier

        name = self._names[type(estimator)]
        if name == "sklearn.preprocessing.FunctionTransformer":
            _check_function_transformer(estimator, where)
        params = _constructor_arguments(estimator)
        state = {k: v for k, v in vars(estimator).items() if k not in params}
        node = {
            "__estimator__": name,
            "params": {
                k: self.value(v, f"{where}.{k}") for k, v in sorted(params.items())
            },
        }
        if isinstance(estimator, BaseTextClassifier) and "net_" in state:
            net = state.pop("net_")
            node["weights"] = {
                key: self.array(tensor.detach().cpu().numpy(), f"{where}.{key}")
                for key, tensor in net.module_.state_dict().items()
            }
            if not self.trim:
                node["history"] = _plain_history(net.history)
        node["state"] = {
            k: self.value(v, f"{where}.{k}") for k, v in sorted(state.items())
        }
        return node


def _constructor_arguments(estimator):
    """What rebuilds ``estimator`` when given to its class (``get_params``, or
    the attributes named like the constructor's parameters)."""
    if hasattr(estimator, "get_params"):
        return estimator.get_params(deep=False)
    names = inspect.signature(type(estimator)).parameters
    return {name: getattr(estimator, name) for name in names}


def _check_function_transformer(transformer, where):
    """Only the identity (what ColumnTransformer fits for passthrough columns)."""
    functions = (transformer.func, transformer.inverse_func)
    names_out = transformer.feature_names_out
    if any(f is not None for f in functions) or callable(names_out):
        raise ModelFileError(
            f"{where} is a FunctionTransformer holding a Python function, which "
            "a model file without pickles cannot store (it would have to run code "
            "from the file); use joblib for this model, or replace the function "
            "by a transformer of this package or of scikit-learn"
        )


def _plain_history(history):
    """The per-epoch numbers of a skorch history (its per-batch rows left out)."""
    rows = []
    for epoch in history:
        row = {}
        for key, value in epoch.items():
            if key == "batches":
                continue
            if isinstance(value, (bool, int, float, str)) or value is None:
                row[key] = value
        rows.append(row)
    return rows


class Decoder:
    """Rebuilds what :class:`Encoder` wrote, from the JSON and the arrays.

    Parameters
    ----------
    read_array : callable
        ``read_array(key)`` -> ndarray of the file's member ``key``.
    """

    def __init__(self, read_array):
        self.read_array = read_array
        self.types = allowed_types()

    def value(self, node, where):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            raise ModelFileError(f"{where}: untagged list in the model description")
        if not isinstance(node, dict) or len(node) == 0:
            raise ModelFileError(f"{where}: unreadable value {node!r:.80}")
        tag = next(iter(node))
        if tag == "__estimator__":
            return self.estimator(node, where)
        if tag == "__array__":
            return self.array(node, where)
        if tag in ("__strings__", "__objects__"):
            items = node[tag]
            if tag == "__objects__":
                items = [self.value(item, where) for item in items]
            array = np.empty(len(items), dtype=object)
            array[:] = items
            return array.reshape(_shape(node, where))
        if tag in ("__list__", "__tuple__", "__set__", "__frozenset__"):
            items = [
                self.value(item, f"{where}[{i}]") for i, item in enumerate(node[tag])
            ]
            kind = {"__list__": list, "__tuple__": tuple, "__set__": set}
            return kind.get(tag, frozenset)(items)
        if tag == "__dict__":
            return {
                _hashable(self.value(k, where)): self.value(v, f"{where}[{k!r}]")
                for k, v in node[tag]
            }
        if tag == "__float__":
            return float(node[tag])
        if tag == "__slice__":
            return slice(*node[tag])
        if tag == "__path__":
            return Path(node[tag])
        if tag == "__regex__":
            return re.compile(node[tag], node.get("flags", 0))
        if tag == "__dtype__":
            return np.dtype(node[tag]).type
        raise ModelFileError(f"{where}: unknown value tag {tag!r}")

    def array(self, node, where):
        array = self.read_array(node["__array__"])
        if array.dtype.str != node.get("dtype") or list(array.shape) != _shape(
            node, where
        ):
            raise ModelFileError(
                f"{where}: member {node['__array__']} holds an array of "
                f"{array.dtype.str} {list(array.shape)}, but the description says "
                f"{node.get('dtype')} {node.get('shape')}"
            )
        return array

    def estimator(self, node, where):
        name = node["__estimator__"]
        cls = self.types.get(name)
        if cls is None:
            raise ModelFileError(
                f"{where}: unknown step type {name!r}; a model file may hold only "
                "the steps of sklearn-textnn and the scikit-learn steps "
                + ", ".join(sorted(n.rsplit(".", 1)[1] for n in _SKLEARN_TYPES))
            )
        params = {
            k: self.value(v, f"{where}.{k}") for k, v in node.get("params", {}).items()
        }
        try:
            estimator = cls(**params)
        except TypeError as exc:
            raise ModelFileError(
                f"{where}: {name} does not take these parameters: {exc}"
            ) from None
        if cls.__name__ == "FunctionTransformer":
            _check_function_transformer(estimator, where)
        for key, value in node.get("state", {}).items():
            if not key.isidentifier() or key.startswith("__"):
                raise ModelFileError(f"{where}: refused attribute name {key!r}")
            setattr(estimator, key, self.value(value, f"{where}.{key}"))
        if "weights" in node:
            self.restore_net(estimator, node, where)
        return estimator

    def restore_net(self, estimator, node, where):
        import torch
        from skorch.history import History

        weights = {
            key: torch.from_numpy(np.array(self.array(value, f"{where}.{key}")))
            for key, value in node["weights"].items()
        }
        try:
            estimator._restore_net(weights)
        except ValueError as exc:
            raise ModelFileError(f"{where}: {exc}") from None
        history = History()
        for row in node.get("history", []):
            history.new_epoch()
            for key, value in row.items():
                history.record(key, value)
        estimator.net_.history = history


def _shape(node, where):
    shape = node.get("shape")
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and n >= 0 for n in shape
    ):
        raise ModelFileError(f"{where}: unreadable array shape {shape!r}")
    return shape


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key
