"""Docstring fragments shared by several public objects, written once."""

import inspect
import re

_DEFAULT = re.compile(r"\{default:(\w+)\}")


def fill_doc(**fragments):
    """Substitute shared fragments (``{name}`` placeholders) into a docstring.

    The placeholder stands at the fragment's indentation; the fragment's first line
    is inserted without its leading spaces. Then ``{default:param}`` becomes the
    default of ``param`` in the decorated class's ``__init__``, so that a default
    is written once, in the signature.
    """

    def decorate(obj):
        doc = obj.__doc__
        for name, text in fragments.items():
            doc = doc.replace("{" + name + "}", text.lstrip())
        if _DEFAULT.search(doc):
            signature = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)

            def default(match):
                return repr(signature.parameters[match[1]].default)

            doc = _DEFAULT.sub(default, doc)
        obj.__doc__ = doc
        return obj

    return decorate
