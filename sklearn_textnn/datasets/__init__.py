"""Loaders for text data: the bundled samples and the common on-disk layouts."""

from ._samples import load_thucnews_sample

__all__ = ["load_thucnews_sample"]
