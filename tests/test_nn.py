"""Tests of the pure torch modules in sklearn_textnn.nn."""

import subprocess
import sys

import numpy as np
import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from sklearn_textnn.networks import available_networks
from sklearn_textnn.nn import (
    AttentionLSTMEncoder,
    AttentionPooling,
    DPCNNEncoder,
    FeatureMergeNet,
    LSTMEncoder,
    RCNNEncoder,
    TextClassifierNet,
    TextCNNEncoder,
    VariableLengthGRU,
    VariableLengthLSTM,
    left_align,
    token_embedding,
)

DOCUMENTS = [[5, 3, 9, 2, 7], [4], [8, 8, 2], [6, 2, 3, 4, 5, 9, 7]]


def _padded(documents, width, padding):
    ids = torch.zeros((len(documents), width), dtype=torch.int64)
    for i, doc in enumerate(documents):
        if padding == "post":
            ids[i, : len(doc)] = torch.tensor(doc)
        else:
            ids[i, width - len(doc) :] = torch.tensor(doc)
    return ids


def _embedding(embedding_weights=None, freeze_embedding=False):
    return token_embedding(12, 6, embedding_weights, freeze_embedding)


def _lstm(embedding_weights=None, freeze_embedding=False, **params):
    torch.manual_seed(0)
    embedding = _embedding(embedding_weights, freeze_embedding)
    return LSTMEncoder(embedding, 5, **params).eval()


def _textcnn(embedding_weights=None, freeze_embedding=False, **params):
    torch.manual_seed(0)
    params.setdefault("kernel_sizes", (2, 3, 4))
    embedding = _embedding(embedding_weights, freeze_embedding)
    return TextCNNEncoder(embedding, num_filters=4, **params).eval()


def _attention_lstm(embedding_weights=None, freeze_embedding=False, **params):
    torch.manual_seed(0)
    embedding = _embedding(embedding_weights, freeze_embedding)
    return AttentionLSTMEncoder(embedding, 5, attention_size=4, **params).eval()


def _rcnn(embedding_weights=None, freeze_embedding=False, **params):
    torch.manual_seed(0)
    embedding = _embedding(embedding_weights, freeze_embedding)
    return RCNNEncoder(embedding, 5, latent_size=7, **params).eval()


def _dpcnn(embedding_weights=None, freeze_embedding=False, **params):
    torch.manual_seed(0)
    embedding = _embedding(embedding_weights, freeze_embedding)
    return DPCNNEncoder(embedding, num_filters=4, **params).eval()


def test_left_align_moves_padding_behind_the_tokens():
    ids = torch.tensor([[0, 0, 5, 6], [5, 0, 6, 0], [0, 0, 0, 0], [7, 8, 9, 1]])
    aligned, lengths = left_align(ids)
    assert aligned.tolist() == [[5, 6, 0, 0], [5, 6, 0, 0], [0, 0, 0, 0], [7, 8, 9, 1]]
    assert lengths.tolist() == [2, 2, 0, 4]


@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize("pooling", ["max", "mean", "last"])
def test_lstm_encoder_pre_and_post_padding_give_the_same_output(pooling, bidirectional):
    encoder = _lstm(pooling=pooling, bidirectional=bidirectional)
    with torch.no_grad():
        post = encoder(_padded(DOCUMENTS, 7, "post"))
        pre = encoder(_padded(DOCUMENTS, 7, "pre"))
        wider = encoder(_padded(DOCUMENTS, 12, "pre"))
        alone = torch.cat([encoder(torch.tensor([doc])) for doc in DOCUMENTS])
    torch.testing.assert_close(pre, post, rtol=0, atol=1e-6)
    torch.testing.assert_close(wider, post, rtol=0, atol=1e-6)
    # Padding never reaches the recurrence: a batch gives what each text gives alone.
    torch.testing.assert_close(alone, post, rtol=0, atol=1e-6)


@pytest.mark.parametrize("bidirectional", [True, False])
def test_lstm_encoder_last_pooling_is_the_final_hidden_state(bidirectional):
    encoder = _lstm(pooling="last", bidirectional=bidirectional, num_layers=2)
    plain = torch.nn.LSTM(6, 5, num_layers=2, bidirectional=bidirectional)
    with torch.no_grad():
        for layer, directions in enumerate(encoder.lstm.layers):
            for lstm_of_direction, suffix in zip(directions, ["", "_reverse"]):
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(plain, f"{name}_l{layer}{suffix}").copy_(
                        getattr(lstm_of_direction, f"{name}_l0")
                    )
        doc = torch.tensor(DOCUMENTS[0])
        _, (h_n, _) = plain(encoder.embedding(doc).unsqueeze(1))
        expected = torch.cat(list(h_n[-2:] if bidirectional else h_n[-1:]), dim=1)
        got = encoder(_padded([DOCUMENTS[0]], 9, "pre"))
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-6)


def test_textcnn_encoder_pre_and_post_padding_give_the_same_output():
    encoder = _textcnn()
    with torch.no_grad():
        post = encoder(_padded(DOCUMENTS, 7, "post"))
        pre = encoder(_padded(DOCUMENTS, 7, "pre"))
        wider = encoder(_padded(DOCUMENTS, 15, "pre"))
    torch.testing.assert_close(pre, post, rtol=0, atol=1e-6)
    torch.testing.assert_close(wider, post, rtol=0, atol=1e-6)
    assert (post >= 0).all()  # ReLU before the max


@pytest.mark.parametrize("pooling", ["max", "mean", "last"])
def test_lstm_encoder_reads_an_empty_document(pooling):
    encoder = _lstm(pooling=pooling)
    batch = _padded([*DOCUMENTS, []], 7, "post")
    with torch.no_grad():
        out = encoder(batch)
        without_empty = encoder(batch[:-1])
        only_padding = encoder(torch.zeros((1, 1), dtype=torch.int64))
    assert out.shape == (5, 10)
    assert torch.isfinite(out).all()
    torch.testing.assert_close(out[:-1], without_empty, rtol=0, atol=1e-6)
    # An empty document is read as one padding token.
    torch.testing.assert_close(out[-1:], only_padding, rtol=0, atol=1e-6)


def test_textcnn_encoder_reads_an_empty_document_as_zeros():
    encoder = _textcnn()
    with torch.no_grad():
        out = encoder(_padded([*DOCUMENTS, []], 7, "post"))
        all_empty = encoder(torch.zeros((2, 3), dtype=torch.int64))
    assert out.shape == (5, 12)
    assert torch.isfinite(out).all()
    assert out[-1].abs().sum() == 0
    assert out[:-1].abs().sum() > 0
    assert torch.equal(all_empty, torch.zeros((2, 12)))


def test_textcnn_encoder_reads_texts_shorter_than_the_widest_kernel():
    encoder = _textcnn(kernel_sizes=(2, 5))
    with torch.no_grad():
        one_column = encoder(torch.tensor([[4], [7]]))
        padded = encoder(_padded([[4], [7]], 9, "post"))
        two_tokens = encoder(torch.tensor([[4, 7]]))
    assert one_column.shape == (2, 8)
    torch.testing.assert_close(one_column, padded, rtol=0, atol=1e-6)
    assert torch.isfinite(two_tokens).all()
    assert two_tokens.abs().sum() > 0


def test_lstm_encoder_output_size():
    assert _lstm(bidirectional=True).output_size == 10
    assert _lstm(bidirectional=False).output_size == 5
    encoder = _lstm(num_layers=2, dropout=0.3, bidirectional=True)
    assert encoder.lstm.num_layers == 2
    assert encoder.lstm.dropout.p == pytest.approx(0.3)
    assert _lstm(num_layers=1, dropout=0.3).lstm.dropout.p == 0.0
    with torch.no_grad():
        assert encoder(_padded(DOCUMENTS, 7, "post")).shape == (4, 10)


def test_lstm_encoder_rejects_an_unknown_pooling():
    with pytest.raises(ValueError, match="pooling='min'; expected 'max', 'mean'"):
        LSTMEncoder(token_embedding(12, 6), 5, pooling="min")


def test_textcnn_encoder_output_size():
    encoder = _textcnn(kernel_sizes=[3, 1])
    assert encoder.kernel_sizes == (3, 1)
    assert encoder.output_size == 8
    assert [conv.kernel_size for conv in encoder.convs] == [(3,), (1,)]
    with torch.no_grad():
        assert encoder(_padded(DOCUMENTS, 7, "post")).shape == (4, 8)


def test_text_classifier_net_gives_one_logit_per_class():
    net = TextClassifierNet(_textcnn(), n_classes=3, dropout=0.2).eval()
    assert net.classifier.in_features == 12
    with torch.no_grad():
        assert net(_padded(DOCUMENTS, 7, "post")).shape == (4, 3)


@pytest.mark.parametrize(("feature_hidden_size", "merged"), [(0, 10 + 3), (7, 10 + 7)])
def test_feature_merge_net_concatenates_text_and_features(feature_hidden_size, merged):
    net = FeatureMergeNet(
        _lstm(), n_features=3, n_classes=4, feature_hidden_size=feature_hidden_size
    ).eval()
    assert net.classifier.in_features == merged
    with torch.no_grad():
        logits = net(_padded(DOCUMENTS, 7, "post"), torch.ones((4, 3)))
    assert logits.shape == (4, 4)


def test_token_embedding_padding_row_is_zero_and_gets_no_gradient():
    torch.manual_seed(0)
    embedding = token_embedding(6, 4)
    assert embedding.padding_idx == 0
    assert torch.equal(embedding.weight[0], torch.zeros(4))
    optimizer = torch.optim.SGD(embedding.parameters(), lr=1.0)
    embedding(torch.tensor([[0, 2, 0, 3]])).sum().backward()
    assert torch.equal(embedding.weight.grad[0], torch.zeros(4))
    assert embedding.weight.grad[2].abs().sum() > 0
    optimizer.step()
    assert torch.equal(embedding.weight[0], torch.zeros(4))


def test_token_embedding_random_rows_are_small():
    # torch's N(0, 1) rows are too large for Adam's steps to move them.
    torch.manual_seed(0)
    weight = token_embedding(2000, 50).weight.detach()
    assert torch.equal(weight[0], torch.zeros(50))
    assert weight[1:].mean().abs() < 0.005
    assert weight[1:].std() == pytest.approx(0.1, rel=0.02)


def test_token_embedding_loads_pretrained_weights_and_zeroes_padding():
    weights = np.arange(12, dtype=np.float64).reshape(4, 3) + 1
    embedding = token_embedding(4, 3, weights=weights)
    expected = torch.tensor(weights, dtype=torch.float32)
    expected[0] = 0
    assert torch.equal(embedding.weight.detach(), expected)
    assert weights[0, 0] == 1  # the caller's array is left alone


def test_token_embedding_rejects_weights_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"shape \(4, 2\), expected \(4, 3\)"):
        token_embedding(4, 3, weights=np.ones((4, 2)))


@pytest.mark.parametrize(
    "make_encoder",
    [_lstm, _textcnn, _attention_lstm, _rcnn, _dpcnn],
    ids=["lstm", "textcnn", "attention_lstm", "rcnn", "dpcnn"],
)
def test_frozen_embedding_gets_no_gradient(make_encoder):
    torch.manual_seed(0)
    weights = torch.randn(12, 6)
    encoder = make_encoder(embedding_weights=weights, freeze_embedding=True).train()
    before = encoder.embedding.weight.detach().clone()
    assert not encoder.embedding.weight.requires_grad
    trainable = [p for p in encoder.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(trainable, lr=0.5)
    encoder(_padded(DOCUMENTS, 7, "post")).sum().backward()
    optimizer.step()
    assert encoder.embedding.weight.grad is None
    assert all(p.grad is not None for p in trainable)
    assert torch.equal(encoder.embedding.weight.detach(), before)
    assert torch.equal(before[0], torch.zeros(6))
    torch.testing.assert_close(before[1:], weights[1:])


def test_nn_does_not_import_sklearn():
    # Load the subpackage without the package __init__, which imports the estimators.
    code = (
        "import importlib.util, sys, types\n"
        "spec = importlib.util.find_spec('sklearn_textnn')\n"
        "package = types.ModuleType('sklearn_textnn')\n"
        "package.__path__ = list(spec.submodule_search_locations)\n"
        "sys.modules['sklearn_textnn'] = package\n"
        "import sklearn_textnn.nn\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sklearn', 'skorch', 'torch', 'sklearn_textnn'))\n"
        "print(' '.join(name for name in loaded if '.' not in name or "
        "name.startswith('sklearn_textnn')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = result.stdout.split()
    assert "sklearn_textnn.nn" in loaded
    assert "torch" in loaded
    assert "sklearn" not in loaded
    assert "skorch" not in loaded
    assert all(
        name in ("sklearn_textnn", "sklearn_textnn._ids")
        or name.startswith("sklearn_textnn.nn")
        for name in loaded
        if name.startswith("sklearn_textnn")
    )


@pytest.mark.parametrize("name", sorted(available_networks()))
def test_every_network_ignores_padding_wherever_it_is(name):
    torch.manual_seed(0)
    # Every id occurs in one of the four documents, two of each class (row 0:
    # the documents of each class).
    frequency = np.r_[[[2, 2]], np.tile([[1, 0], [0, 1]], (6, 1))[:11]]
    network = available_networks()[name]()
    encoder = network.build(
        _embedding(), dropout=0.0, document_frequency=frequency
    ).eval()
    assert encoder.output_size > 0
    with torch.no_grad():
        post = encoder(_padded(DOCUMENTS, 7, "post"))
        pre = encoder(_padded(DOCUMENTS, 7, "pre"))
        wider = encoder(_padded(DOCUMENTS, 12, "post"))
        alone = torch.cat([encoder(torch.tensor([doc])) for doc in DOCUMENTS])
    assert post.shape == (len(DOCUMENTS), encoder.output_size)
    torch.testing.assert_close(pre, post, rtol=0, atol=1e-5)
    torch.testing.assert_close(wider, post, rtol=0, atol=1e-5)
    torch.testing.assert_close(alone, post, rtol=0, atol=1e-5)


def test_fasttext_encoder_tfidf_sum_matches_scikit_learn_tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from sklearn_textnn.nn import FastTextEncoder

    documents = [[5, 3, 5, 5, 2], [4], [8, 8, 2], [6, 2, 3, 4, 5, 9, 7], []]
    vectorizer = TfidfVectorizer(
        analyzer=lambda ids: [str(i) for i in ids], sublinear_tf=True
    )
    tfidf = vectorizer.fit_transform(documents).toarray()
    ids = [int(t) for t in vectorizer.get_feature_names_out()]
    idf = np.ones(12)
    idf[ids] = vectorizer.idf_
    torch.manual_seed(0)
    encoder = FastTextEncoder(_embedding(), idf=idf)
    weights = encoder.embedding.weight.detach().numpy()
    with torch.no_grad():
        out = encoder(_padded(documents, 9, "pre")).numpy()
    np.testing.assert_allclose(out, tfidf @ weights[ids], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(out[4], 0.0)


class _AnyEmbedding(torch.nn.Module):
    """A table read as a module (as compressed tables are): FastTextEncoder
    cannot read it with ``embedding_bag``."""

    def __init__(self, table):
        super().__init__()
        self.table = table
        self.embedding_dim = table.embedding_dim

    def forward(self, ids):
        return self.table(ids)


def test_fasttext_encoder_weighs_tokens_alike_as_bags_and_through_any_module():
    from sklearn_textnn.nn import FastTextEncoder

    torch.manual_seed(0)
    documents = [[5, 3, 5, 5, 2], [4], [], [8, 8, 2, 8], [6, 2, 3, 4, 5, 9, 7, 6]]
    shuffled = [doc[::-1] for doc in documents]
    bags = FastTextEncoder(_embedding(), idf=np.linspace(1.0, 3.0, 12)).eval()
    modules = FastTextEncoder(_AnyEmbedding(bags.embedding), idf=bags.idf).eval()
    with torch.no_grad():
        # The sum an ONNX export computes, from the padded matrix.
        expected = bags._tfidf_sum(_padded(documents, 9, "post"))
        assert expected[0].abs().sum() > 0
        for encoder in (bags, modules):
            for docs in (documents, shuffled):
                for padding in ("pre", "post"):
                    torch.testing.assert_close(
                        encoder(_padded(docs, 9, padding)), expected, rtol=0, atol=1e-6
                    )
        # A batch of empty documents gives vectors of zeros.
        torch.testing.assert_close(
            bags(_padded([[], []], 3, "post")), torch.zeros(2, 6)
        )
        # An id past the table is refused, not read as another document's.
        with pytest.raises(
            IndexError, match="id 12 is out of range: the network has 12"
        ):
            bags(torch.tensor([[3, 12]]))


@pytest.mark.parametrize("idf", [None, np.linspace(1.0, 3.0, 12)])
def test_fasttext_encoder_token_dropout_reads_every_token_at_prediction(idf):
    from sklearn_textnn.nn import FastTextEncoder

    torch.manual_seed(0)
    documents = [list(range(1, 12)) * 40, [4, 5], [7]] + [[3]] * 200
    encoder = FastTextEncoder(_embedding(), idf=idf, token_dropout=0.5)
    plain = FastTextEncoder(encoder.embedding, idf=idf)
    ids = _padded(documents, 440, "post")
    with torch.no_grad():
        torch.testing.assert_close(encoder.eval()(ids), plain.eval()(ids))
        # In training, each draw leaves out about half of the tokens: a single
        # token survives in about half of the documents that hold only it.
        encoder.train()
        torch.manual_seed(1)
        post = encoder(ids)
        torch.manual_seed(1)
        pre = encoder(_padded(documents, 500, "pre"))
        torch.manual_seed(1)
        ragged = encoder(ids[:, :440])
    kept = (post[3:].abs().sum(dim=1) > 0).float().mean().item()
    assert 0.4 < kept < 0.6
    assert not torch.allclose(post[0], plain(ids)[0])
    # The same draw whatever the padding: the model does not depend on it.
    torch.testing.assert_close(pre, post, rtol=0, atol=1e-5)
    torch.testing.assert_close(ragged, post, rtol=0, atol=1e-5)


def test_fasttext_encoder_refuses_a_token_dropout_outside_0_1():
    from sklearn_textnn.nn import FastTextEncoder

    with pytest.raises(ValueError, match=r"token_dropout must be in \[0, 1\), got 1.0"):
        FastTextEncoder(_embedding(), token_dropout=1.0)


def test_hash_embedding_composes_distinct_vectors_from_a_small_table():
    from sklearn_textnn.nn import HashEmbedding

    embedding = HashEmbedding(10_000, 32, num_rows=500, num_exact=500, num_hashes=2)
    n_params = sum(p.numel() for p in embedding.parameters())
    assert n_params == 1_000 * 32
    ids = torch.arange(10_000).reshape(100, 100)
    with torch.no_grad():
        vectors = embedding(ids).reshape(10_000, 32)
    assert torch.equal(vectors[0], torch.zeros(32))  # padding
    torch.testing.assert_close(vectors[1:500], embedding.exact[1:500].detach())
    # The other ids sum two shared rows; few share both (about 4 % of 9,500 ids on
    # 500 rows, far fewer on a table of realistic size), the others differ.
    rows = {tuple(sorted(r)) for r in embedding.rows.tolist()}
    assert len(rows) > 9_000
    assert len(torch.unique(vectors[500:], dim=0)) == len(rows)
    torch.testing.assert_close(
        vectors[600], embedding.table.detach()[embedding.rows[100].long()].sum(0)
    )
    # Gradients reach the rows of the ids used only.
    embedding(torch.tensor([[3, 600, 0]])).sum().backward()
    assert embedding.exact.grad.abs().sum(dim=1).nonzero().flatten().tolist() == [3]
    touched = embedding.table.grad.abs().sum(dim=1).nonzero().flatten()
    assert sorted(touched.tolist()) == sorted(set(embedding.rows[100].tolist()))


def test_compressed_embedding_keeps_the_frequent_ids_exact_and_hashes_the_rest():
    from sklearn_textnn.nn import HashEmbedding, compressed_embedding

    embedding = compressed_embedding(10_000, 32, compression=10)
    assert isinstance(embedding, HashEmbedding)
    n_params = sum(p.numel() for p in embedding.parameters())
    assert n_params <= 10_000 * 32 / 10
    # 30 % of the budget: rows of their own for the first (most frequent) ids; one
    # row of the shared table for each other id.
    assert embedding.num_exact == 300
    assert embedding.table.shape == (700, 32)
    assert embedding.rows.shape == (9_700, 1)
    ids = torch.arange(10_000)
    with torch.no_grad():
        vectors = embedding(ids)
    torch.testing.assert_close(vectors[1:300], embedding.exact[1:300].detach())
    torch.testing.assert_close(
        vectors[300:], embedding.table.detach()[embedding.rows[:, 0].long()]
    )
    # Every row of the table is used, by about 14 ids each.
    assert len(torch.unique(embedding.rows)) == 700
    # The same assignment in every process: it is seeded.
    np.testing.assert_array_equal(
        embedding.rows.numpy(), compressed_embedding(10_000, 32, 10).rows.numpy()
    )
    with pytest.raises(ValueError, match="compression can reach about"):
        compressed_embedding(100, 4, compression=50)


@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize(
    "layer, torch_layer",
    [(VariableLengthLSTM, torch.nn.LSTM), (VariableLengthGRU, torch.nn.GRU)],
)
def test_variable_length_rnn_reads_what_a_packed_rnn_reads(
    bidirectional, layer, torch_layer
):
    torch.manual_seed(0)
    lstm = layer(6, 5, num_layers=2, bidirectional=bidirectional)
    packed_lstm = torch_layer(
        6, 5, num_layers=2, bidirectional=bidirectional, batch_first=True
    )
    with torch.no_grad():
        for layer, directions in enumerate(lstm.layers):
            for lstm_of_direction, suffix in zip(directions, ["", "_reverse"]):
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(packed_lstm, f"{name}_l{layer}{suffix}").copy_(
                        getattr(lstm_of_direction, f"{name}_l0")
                    )
    vectors = torch.randn(5, 9, 6)
    lengths = torch.tensor([9, 3, 1, 6, 0])
    with torch.no_grad():
        outputs = lstm(vectors, lengths)
        packed = pack_padded_sequence(
            vectors[:4], lengths[:4], batch_first=True, enforce_sorted=False
        )
        expected, _ = pad_packed_sequence(
            packed_lstm(packed)[0], batch_first=True, total_length=9
        )
    assert outputs.shape == (5, 9, lstm.output_size)
    assert lstm.output_size == (10 if bidirectional else 5)
    torch.testing.assert_close(outputs[:4], expected, rtol=0, atol=1e-6)
    assert torch.equal(outputs[4], torch.zeros(9, lstm.output_size))


@pytest.mark.parametrize("layer", [VariableLengthLSTM, VariableLengthGRU])
def test_variable_length_rnn_never_reads_the_padding(layer):
    torch.manual_seed(0)
    lstm = layer(6, 5, num_layers=2).eval()
    vectors = torch.randn(2, 8, 6)
    lengths = torch.tensor([8, 4])
    noisy = vectors.clone()
    noisy[1, 4:] = 1e6
    with torch.no_grad():
        outputs = lstm(vectors, lengths)
        alone = lstm(vectors[1:, :4], lengths[1:])
        torch.testing.assert_close(lstm(noisy, lengths), outputs, rtol=0, atol=0)
    torch.testing.assert_close(outputs[1:, :4], alone, rtol=0, atol=1e-6)


def test_attention_pooling_weighs_the_real_positions_only():
    torch.manual_seed(0)
    pooling = AttentionPooling(input_size=3, attention_size=4)
    vectors = torch.randn(3, 5, 3)
    mask = torch.tensor(
        [[True, True, True, False, False], [False, True, False, True, True], [True] * 5]
    )
    pooled, weights = pooling(vectors, mask)
    assert pooled.shape == (3, 3)
    assert torch.equal(weights[~mask], torch.zeros(int((~mask).sum())))
    assert (weights[mask] > 0).all()
    torch.testing.assert_close(weights.sum(dim=1), torch.ones(3))
    torch.testing.assert_close(pooled, (weights.unsqueeze(-1) * vectors).sum(dim=1))
    # Masked positions never reach the result, whatever they hold.
    garbage = vectors.masked_fill(~mask.unsqueeze(-1), float("nan"))
    pooled_garbage, weights_garbage = pooling(garbage, mask)
    assert torch.equal(pooled_garbage, pooled)
    assert torch.equal(weights_garbage, weights)
    # The real positions alone give the same weights.
    alone, alone_weights = pooling(vectors[:1, :3])
    torch.testing.assert_close(alone, pooled[:1])
    torch.testing.assert_close(alone_weights, weights[:1, :3])


def test_attention_pooling_of_a_row_without_real_positions_is_zero_not_nan():
    torch.manual_seed(0)
    pooling = AttentionPooling(input_size=3, attention_size=4)
    vectors = torch.randn(2, 4, 3, requires_grad=True)
    mask = torch.tensor([[False] * 4, [True, True, False, False]])
    pooled, weights = pooling(vectors, mask)
    assert torch.equal(pooled[0], torch.zeros(3))
    assert torch.equal(weights[0], torch.zeros(4))
    assert weights[1].sum().item() == pytest.approx(1.0)
    pooled.sum().backward()
    assert torch.isfinite(vectors.grad).all()
    assert torch.isfinite(pooling.context.grad).all()


def test_attention_lstm_encoder_weights_follow_the_input_positions():
    encoder = _attention_lstm()
    with torch.no_grad():
        post, post_weights = encoder(_padded(DOCUMENTS, 9, "post"), return_weights=True)
        pre, pre_weights = encoder(_padded(DOCUMENTS, 9, "pre"), return_weights=True)
        inner = torch.tensor([[5, 0, 3, 9, 0, 2, 7]])
        _, inner_weights = encoder(inner, return_weights=True)
    assert post.shape == (4, 10)
    assert post_weights.shape == pre_weights.shape == (4, 9)
    torch.testing.assert_close(pre, post, rtol=0, atol=1e-6)
    torch.testing.assert_close(post_weights.sum(dim=1), torch.ones(4))
    for i, doc in enumerate(DOCUMENTS):
        n = len(doc)
        assert torch.equal(post_weights[i, n:], torch.zeros(9 - n))
        assert torch.equal(pre_weights[i, : 9 - n], torch.zeros(9 - n))
        torch.testing.assert_close(
            pre_weights[i, 9 - n :], post_weights[i, :n], rtol=0, atol=1e-6
        )
    # Padding inside a row: each token keeps its own weight, the gaps weigh 0.
    assert inner_weights[0, [1, 4]].tolist() == [0.0, 0.0]
    torch.testing.assert_close(
        inner_weights[0, [0, 2, 3, 5, 6]], post_weights[0, :5], rtol=0, atol=1e-6
    )
    with torch.no_grad():
        assert torch.equal(encoder(_padded(DOCUMENTS, 9, "post")), post)


def test_attention_lstm_encoder_reads_an_empty_document_as_zeros():
    encoder = _attention_lstm()
    with torch.no_grad():
        out, weights = encoder(
            _padded([*DOCUMENTS, []], 7, "post"), return_weights=True
        )
        all_empty, empty_weights = encoder(
            torch.zeros((2, 3), dtype=torch.int64), return_weights=True
        )
    assert torch.isfinite(out).all()
    assert torch.equal(out[-1], torch.zeros(10))
    assert torch.equal(weights[-1], torch.zeros(7))
    assert torch.equal(all_empty, torch.zeros((2, 10)))
    assert torch.equal(empty_weights, torch.zeros((2, 3)))


def test_attention_lstm_encoder_output_size():
    assert _attention_lstm().output_size == 10
    assert _attention_lstm(bidirectional=False).output_size == 5
    encoder = _attention_lstm(num_layers=2, dropout=0.3)
    assert (encoder.lstm.num_layers, encoder.lstm.dropout.p) == (2, 0.3)
    assert encoder.attention.projection.out_features == 4
    with torch.no_grad():
        assert encoder(_padded(DOCUMENTS, 7, "post")).shape == (4, 10)


def test_rcnn_encoder_sets_each_token_between_its_contexts():
    encoder = _rcnn()
    doc = torch.tensor([DOCUMENTS[0]])
    with torch.no_grad():
        got = encoder(_padded([DOCUMENTS[0], DOCUMENTS[3]], 9, "pre"))[:1]
        embedded = encoder.embedding(doc)
        forward_lstm, backward_lstm = encoder.lstm.layers[0]
        forward = forward_lstm(embedded)[0][0]
        backward = backward_lstm(embedded.flip(1))[0][0].flip(0)
        zero = torch.zeros(1, 5)
        left = torch.cat([zero, forward[:-1]])  # the state before each token
        right = torch.cat([backward[1:], zero])  # the state after each token
        tokens = torch.cat([left, embedded[0], right], dim=1)
        expected = torch.tanh(encoder.latent(tokens)).amax(dim=0, keepdim=True)
    assert got.shape == (1, 7)
    torch.testing.assert_close(got, expected, rtol=0, atol=1e-6)


def test_rcnn_encoder_reads_an_empty_document_as_zeros():
    encoder = _rcnn()
    with torch.no_grad():
        out = encoder(_padded([*DOCUMENTS, []], 7, "post"))
        without_empty = encoder(_padded(DOCUMENTS, 7, "post"))
    assert out.shape == (5, 7)
    assert torch.equal(out[-1], torch.zeros(7))
    torch.testing.assert_close(out[:-1], without_empty, rtol=0, atol=1e-6)
    assert (out[:-1].abs() < 1).all()  # tanh


def test_dpcnn_encoder_halves_a_text_until_one_position_is_left():
    encoder = _dpcnn()
    calls = []
    encoder.pyramid_block[0].register_forward_hook(
        lambda module, inputs, output: calls.append(output.shape[2])
    )
    with torch.no_grad():
        one = encoder(torch.tensor([[4]]))
        encoder(torch.tensor([list(range(2, 12)) * 4]))  # 40 tokens
    # One token: no block; 40 tokens: 20, 10, 5, 3, 2, 1 positions.
    assert calls == [20, 10, 5, 3, 2, 1]
    with torch.no_grad():
        vectors = encoder.embedding(torch.tensor([[4]])).transpose(1, 2)
        region = encoder.region(vectors)
        expected = region + encoder.first_block[1](
            torch.relu(encoder.first_block[0](torch.relu(region)))
        )
    torch.testing.assert_close(one, expected[:, :, 0], rtol=0, atol=1e-6)


def test_dpcnn_encoder_gives_a_short_text_the_same_vector_beside_a_long_one():
    encoder = _dpcnn()
    long = list(range(2, 12)) * 10
    with torch.no_grad():
        batch = encoder(_padded([*DOCUMENTS, long, []], 100, "pre"))
        alone = torch.cat([encoder(torch.tensor([doc])) for doc in [*DOCUMENTS, long]])
    assert batch.shape == (6, 4)
    torch.testing.assert_close(batch[:-1], alone, rtol=0, atol=1e-5)
    assert torch.equal(batch[-1], torch.zeros(4))


def test_dpcnn_encoder_gradients_are_finite_despite_the_masked_padding():
    encoder = _dpcnn().train()
    out = encoder(_padded([*DOCUMENTS, []], 11, "post"))
    out.sum().backward()
    for name, parameter in encoder.named_parameters():
        assert torch.isfinite(parameter.grad).all(), name
    assert encoder.pyramid_block[1].weight.grad.abs().sum() > 0


def test_encoders_give_the_same_vectors_on_their_export_path(monkeypatch):
    """While exported, the encoders keep every column, align without a sort, run a
    fixed number of DPCNN blocks and read every HAN sentence: the same vectors."""
    from sklearn_textnn.nn import FastTextEncoder, HANEncoder
    from sklearn_textnn.nn import _lstm as lstm_module

    torch.manual_seed(0)
    ids = torch.randint(1, 12, (6, 9))
    ids[0] = 0
    ids[1, :4] = 0
    ids[2, ::3] = 0
    ids[3, 5:] = 0
    idf = torch.rand(12) + 1
    encoders = [
        LSTMEncoder(_embedding(), 3, num_layers=2, pooling="last"),
        AttentionLSTMEncoder(_embedding(), 3, attention_size=4),
        RCNNEncoder(_embedding(), 3, 4),
        DPCNNEncoder(_embedding(), 4),
        TextCNNEncoder(_embedding(), (2, 5), 4),
        FastTextEncoder(_embedding(), idf=idf),
        FastTextEncoder(_embedding()),
        HANEncoder(_embedding(), 3, 4),
    ]
    sentences = torch.stack([ids, ids.flip(0), torch.zeros_like(ids)], dim=1)
    inputs = [sentences if isinstance(e, HANEncoder) else ids for e in encoders]
    with torch.no_grad():
        eager = [e(x) for e, x in zip(encoders, inputs)]
        monkeypatch.setattr(lstm_module, "_is_exporting", lambda: True)
        exported = [e(x) for e, x in zip(encoders, inputs)]
    for encoder, a, b in zip(encoders, eager, exported):
        torch.testing.assert_close(b, a, rtol=0, atol=1e-6, msg=type(encoder).__name__)
