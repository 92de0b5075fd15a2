"""Classification heads that turn an encoder's vector into class scores."""

import torch
from torch import nn


class TextClassifierNet(nn.Module):
    """A text encoder followed by dropout and a linear layer giving class logits.

    Parameters
    ----------
    encoder : torch.nn.Module
        Maps an id matrix ``(batch, length)`` to ``(batch, encoder.output_size)``.
    n_classes : int
        Number of classes.
    dropout : float, default=0.5
        Dropout before the linear layer.
    """

    def __init__(self, encoder, n_classes, dropout=0.5):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(encoder.output_size, n_classes)

    def forward(self, ids):
        return self.classifier(self.dropout(self.encoder(ids)))


class FeatureMergeNet(nn.Module):
    """Text encoder and numeric features, concatenated, then a linear classifier.

    Parameters
    ----------
    encoder : torch.nn.Module
        Maps an id matrix ``(batch, length)`` to ``(batch, encoder.output_size)``.
    n_features : int
        Number of numeric features.
    n_classes : int
        Number of classes.
    feature_hidden_size : int, default=0
        Width of a dense ReLU layer applied to the features before merging; 0 merges
        the features as they are.
    dropout : float, default=0.5
        Dropout on the merged vector.
    """

    def __init__(
        self, encoder, n_features, n_classes, feature_hidden_size=0, dropout=0.5
    ):
        super().__init__()
        self.encoder = encoder
        if feature_hidden_size:
            self.features = nn.Sequential(
                nn.Linear(n_features, feature_hidden_size), nn.ReLU()
            )
            merged = encoder.output_size + feature_hidden_size
        else:
            self.features = nn.Identity()
            merged = encoder.output_size + n_features
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(merged, n_classes)

    def forward(self, ids, features):
        merged = torch.cat([self.encoder(ids), self.features(features)], dim=1)
        return self.classifier(self.dropout(merged))
