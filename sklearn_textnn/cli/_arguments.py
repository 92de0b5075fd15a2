"""The values of the command's options: argparse types, and what each option sets.

Nothing here imports torch: ``--help`` stays fast.
"""

import argparse
import ast
import re

# Options of train given to the classifier as they are: option -> parameter. An
# option left out is None and keeps the classifier's default.
TRAINING_OPTIONS = {
    "epochs": "max_epochs",
    "batch_size": "batch_size",
    "lr": "lr",
    "validation_fraction": "validation_fraction",
    "patience": "patience",
    "class_weight": "class_weight",
    "random_state": "random_state",
    "embedding_dim": "embedding_dim",
}
# Options of train that set the network parameter of the same name (only networks
# that have that parameter accept them); --network-param reaches all the others.
NETWORK_OPTIONS = ("num_filters", "hidden_size")


def flag(option):
    """How an option is spelled: ``'num_filters'`` -> ``'--num-filters'``."""
    return "--" + option.replace("_", "-")


def _number(cast, accept, condition):
    """An argparse type: ``cast`` the text, refuse it unless ``accept(value)``."""
    kind = "an integer" if cast is int else "a number"

    def parse(text):
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None
        if not accept(value):
            raise argparse.ArgumentTypeError(f"{text} is not {condition}")
        return value

    return parse


positive_int = _number(int, lambda v: v >= 1, ">= 1")
non_negative_int = _number(int, lambda v: v >= 0, ">= 0")
fraction = _number(float, lambda v: 0 <= v < 1, "in [0, 1)")
positive_float = _number(float, lambda v: v > 0, "> 0")


def min_freq(text):
    """A count (int >= 1) or a share of the documents in (0, 1]."""
    if re.fullmatch(r"[0-9]+", text):
        return positive_int(text)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            f"{text} is neither a count (int >= 1) nor a share of documents in (0, 1]"
        )
    return value


def column(text):
    """A column index (digits) or a column name from the header."""
    return int(text) if re.fullmatch(r"[0-9]+", text) else text


def network_parameter(text):
    """``NAME=VALUE`` -> ``(name, value)``, VALUE read as a Python literal, else text.

    Examples
    --------
    >>> network_parameter("kernel_sizes=2,3")
    ('kernel_sizes', (2, 3))
    >>> network_parameter("pooling=mean")
    ('pooling', 'mean')
    >>> network_parameter("bidirectional=False")
    ('bidirectional', False)
    """
    name, equals, value = text.partition("=")
    name = name.strip()
    if not equals or not name.isidentifier():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not NAME=VALUE (e.g. num_filters=64 or kernel_sizes=2,3)"
        )
    try:
        value = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = value.strip()
    return name, value
