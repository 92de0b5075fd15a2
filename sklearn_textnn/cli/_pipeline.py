"""The pipeline ``train`` fits, built from the options of the command line.

The network is ``available_networks()[--model]`` with the network options given;
the classifier is :class:`~sklearn_textnn.classifiers.TextClassifier` with the
training options given. An option left out keeps the default of the network or of
the classifier, never a default typed again here.
"""

from sklearn.pipeline import Pipeline

from ..classifiers import TextClassifier
from ..networks import available_networks
from ..preprocessing import JiebaSegmenter, SequencePadder, TextTokenizer, Vocabulary
from ._arguments import NETWORK_OPTIONS, TRAINING_OPTIONS, flag
from ._messages import CommandError


def network_parameters(args):
    """The parameters of the ``--model`` network set on the command line.

    Each one is checked against the network's ``get_params()``: an option that
    another network takes, or a ``--network-param`` it does not have, is an error.
    """
    networks = available_networks()
    accepted = networks[args.model]().get_params()
    given, given_by = {}, {}
    for option in NETWORK_OPTIONS:
        value = getattr(args, option)
        if value is None:
            continue
        if option not in accepted:
            owners = [
                name for name, net in networks.items() if option in net().get_params()
            ]
            raise CommandError(
                f"{flag(option)} applies to "
                f"{' or '.join(f'--model {name}' for name in owners)}, not --model "
                f"{args.model}"
            )
        given[option], given_by[option] = value, flag(option)
    for name, value in args.network_param:
        if name not in accepted:
            raise CommandError(
                f"--network-param {name}: --model {args.model} has no parameter "
                f"{name!r}; its parameters are {', '.join(sorted(accepted))}"
            )
        if name in given:
            raise CommandError(
                f"--network-param {name}: {name} is already set by {given_by[name]}"
            )
        given[name], given_by[name] = value, "--network-param"
    return given


def build_network(args):
    """The ``--model`` network, its parameters checked before any data is read."""
    network = available_networks()[args.model](**network_parameters(args))
    try:
        return network.validated()
    except (TypeError, ValueError) as exc:
        raise CommandError(f"--model {args.model}: {exc}") from None


def build_pipeline(args):
    """The unfitted pipeline tokenizer -> vocabulary -> padder -> classifier."""
    options = vars(args)
    params = {
        parameter: options[option]
        for option, parameter in TRAINING_OPTIONS.items()
        if options[option] is not None
    }
    if args.validation_fraction == 0:
        params["validation_fraction"] = None
    network = build_network(args)
    params = {**network.recommended_training, **params}
    classifier = TextClassifier(
        encoder=network, verbose=0 if args.quiet else 1, **params
    )
    if args.tokenizer == "jieba":
        # rjieba where installed: the same tokens, 9 to 23 times as fast.
        tokenizer = JiebaSegmenter(backend="auto")
    else:
        tokenizer = TextTokenizer(level=args.tokenizer)
    return Pipeline(
        [
            ("tokenizer", tokenizer),
            ("vocabulary", Vocabulary(min_freq=args.min_freq)),
            ("padder", SequencePadder(maxlen=args.max_length)),
            ("classifier", classifier),
        ]
    )
