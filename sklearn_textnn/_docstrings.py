"""Docstring fragments shared by several public objects, written once."""


def fill_doc(**fragments):
    """Substitute shared fragments (``{name}`` placeholders) into a docstring.

    The placeholder stands at the fragment's indentation; the fragment's first line
    is inserted without its leading spaces.
    """

    def decorate(obj):
        doc = obj.__doc__
        for name, text in fragments.items():
            doc = doc.replace("{" + name + "}", text.lstrip())
        obj.__doc__ = doc
        return obj

    return decorate
