"""Loaders for text data: the bundled samples and the common on-disk layouts."""

from ._samples import load_sms_spam_sample, load_thucnews_sample
from ._text_file import load_text_file
from ._text_folders import load_text_folders

__all__ = [
    "load_sms_spam_sample",
    "load_text_file",
    "load_text_folders",
    "load_thucnews_sample",
]
