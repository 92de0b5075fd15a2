"""The entry point: parse the arguments, run the subcommand, turn errors into lines."""

import os
import sys

from ._messages import PROG, CommandError
from ._parser import build_parser


def main(argv=None):
    """Run the ``sklearn-textnn`` command.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments, without the program name. ``None`` reads ``sys.argv``.

    Returns
    -------
    status : int
        0 on success; 2 for a mistake of the user (a missing file, an empty folder,
        a file that is not a model...), reported in one line on stderr.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    # The command's own help and version need no network: answer them without
    # importing scikit-learn or torch.
    light = not argv or argv[0] in ("-h", "--help", "--version")
    args = build_parser(commands_only=light).parse_args(argv)
    # The commands import the classifiers, and torch: only once the arguments are
    # known to be good (``--help`` and usage errors stay fast).
    from . import _commands

    try:
        return getattr(_commands, args.command)(args)
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (CommandError, OSError, ValueError) as exc:
        message = " ".join(str(exc).split())
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
