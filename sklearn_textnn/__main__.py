"""``python -m sklearn_textnn``: the ``sklearn-textnn`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
