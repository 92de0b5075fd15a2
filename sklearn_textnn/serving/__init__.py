"""Serving fitted models: a classifier's network exported to ONNX, and predictions
with onnxruntime, without torch or skorch.

Importing this module, and predicting with an :class:`ONNXClassifier`, imports
neither torch nor skorch; exporting a network does (``pip install
'sklearn-textnn[onnx]'`` brings onnx and onnxruntime).
"""

from ._onnx import ONNXClassifier, export_onnx, onnx_pipeline

__all__ = ["ONNXClassifier", "export_onnx", "onnx_pipeline"]
