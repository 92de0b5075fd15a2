"""The order of the examples in the gallery: the quickstart first, then by stage."""

EXAMPLES = (
    "quickstart.py",
    "plot_chinese_news.py",
    "plot_word_vs_char.py",
    "plot_few_examples_multiclass.py",
    "plot_skewed_classes.py",
    "plot_handcrafted_features.py",
    "plot_pretrained_vectors.py",
    "plot_misclassified.py",
    "plot_grid_search_persistence.py",
)


class ExampleOrder:
    """Sort key of sphinx-gallery's ``within_subsection_order``.

    The examples listed in ``EXAMPLES`` come in that order, any other one after
    them by file name.

    Parameters
    ----------
    src_dir : str or path-like
        The gallery's source folder (unused: the order goes by file name).
    """

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        if filename in EXAMPLES:
            return (0, EXAMPLES.index(filename), filename)
        return (1, 0, filename)

    def __repr__(self):
        return f"<{type(self).__name__}>"
