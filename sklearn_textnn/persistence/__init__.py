"""Model files that load without running code, and models trimmed for prediction.

:func:`save_model` writes a fitted pipeline as JSON (steps, parameters, vocabulary,
label classes, format version) and ``.npy`` arrays (the network weights) in one
zip archive; :func:`load_model` rebuilds it from the package's own list of steps,
never from a name or a pickle stored in the file. joblib keeps working for models
that hold Python functions, but loading a pickle runs the code it holds.
"""

from ._codec import ModelFileError
from ._model_file import FORMAT_VERSION, is_model_file, load_model, save_model
from ._trim import trim

__all__ = [
    "FORMAT_VERSION",
    "ModelFileError",
    "is_model_file",
    "load_model",
    "save_model",
    "trim",
]
