"""Behaviour shared by the transformers whose output is one list per document."""

import numpy as np

_OUTPUT_CONTAINERS = ("default", "pandas", "polars")


class RaggedOutputMixin:
    """``set_output`` for a transformer whose output is ragged, not a table.

    Token lists and id sequences have a different length per document, so they cannot
    become a DataFrame: the output stays as it is. Accepting ``set_output`` lets
    ``Pipeline.set_output(transform="pandas")`` reach the steps that make a table (such
    as :class:`~sklearn_textnn.preprocessing.SequencePadder`). Put it before
    ``TransformerMixin`` and pass ``auto_wrap_output_keys=None`` to the class, so that
    ``sklearn.set_config(transform_output="pandas")`` leaves the output alone as well.
    """

    def set_output(self, *, transform=None):
        """Accept an output container; the ragged output is returned unchanged.

        Parameters
        ----------
        transform : {'default', 'pandas', 'polars'}, default=None
            Ignored: the output has one list per document and no columns.

        Returns
        -------
        self : estimator instance
        """
        if transform is not None and transform not in _OUTPUT_CONTAINERS:
            raise ValueError(
                f"transform={transform!r} is not one of {_OUTPUT_CONTAINERS} or None"
            )
        return self

    def get_feature_names_out(self, input_features=None):
        """The names of the input, passed through (the output has no columns).

        Lets ``Pipeline.get_feature_names_out`` reach the step that makes a table, so
        that a ColumnTransformer with pandas output can name the columns of
        :class:`~sklearn_textnn.preprocessing.SequencePadder`.

        Parameters
        ----------
        input_features : array-like of str, default=None
            The input's names.

        Returns
        -------
        names : ndarray of str objects
        """
        return np.asarray(
            [] if input_features is None else input_features, dtype=object
        )
