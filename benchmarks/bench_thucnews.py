"""THUCNews headline classification: our pipelines against the references, one run.

Trains on the 45,000-headline train split, reports accuracy on dev and test:

* TF-IDF character 1-2-grams + LinearSVC (the baseline a user would otherwise pick);
* TextCNNClassifier and LSTMClassifier with their default hyperparameters, at
  character level (TextTokenizer(level='char', ngram_range=(1, 2)): characters and
  character bigrams) and word level (JiebaSegmenter), and TextCNNClassifier on
  characters alone;
* a hand-written PyTorch training loop of the same TextCNN with the same
  hyperparameters, the same validation split and the same early stopping, to measure
  what the scikit-learn/skorch wrapper costs;
* FastTextClassifier (the recommended default), and fastText as a hand-written loop
  (``plain-fasttext-char``: a plain mean of the token vectors, torch's Adagrad,
  the classifier's default learning rate, batch size and epochs).

Usage::

    python benchmarks/bench_thucnews.py [--data ../shared/data] [--models ...]

Prints a table and writes benchmarks/results/thucnews.json and thucnews.md.
"""

import argparse
import copy
import json
import math
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from sklearn_textnn import (
    FastTextClassifier,
    JiebaSegmenter,
    LSTMClassifier,
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    TokenUnion,
    Vocabulary,
)
from sklearn_textnn.networks import TextCNN
from sklearn_textnn.nn import TextClassifierNet, TextCNNEncoder, token_embedding

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = 0


def read_split(folder, name):
    texts, labels = [], []
    for line in (folder / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        text, label = line.rsplit("\t", 1)
        texts.append(text)
        labels.append(int(label))
    return texts, np.array(labels)


def tokenizer(level):
    if level == "word":
        return JiebaSegmenter()
    if level == "char-unigram":
        return TextTokenizer(level="char", ngram_range=(1, 1))
    return TextTokenizer(level="char", ngram_range=(1, 2))


def run_pipeline(name, steps, data):
    (X_train, y_train), (X_dev, y_dev), (X_test, y_test) = data
    model = make_pipeline(*steps)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    fit_time = time.perf_counter() - start
    row = {
        "model": name,
        "dev_acc": float(np.mean(model.predict(X_dev) == y_dev)),
        "test_acc": float(np.mean(model.predict(X_test) == y_test)),
        "fit_s": fit_time,
    }
    clf = model[-1]
    if hasattr(clf, "estimators_"):  # a vote: count the vectors of every member
        row["embedding_params"] = sum(
            p.numel()
            for member in clf.estimators_
            for p in member.net_.module_.encoder.embedding.parameters()
        )
    elif hasattr(clf, "net_"):
        embedding = clf.net_.module_.encoder.embedding
        row["embedding_params"] = sum(p.numel() for p in embedding.parameters())
    if hasattr(clf, "n_epochs_"):
        durations = clf.history_[:, "dur"]
        row["epochs"] = clf.n_epochs_
        row["s_per_epoch"] = float(np.mean(durations))
    return row


def plain_torch_textcnn(data, level):
    """The same TextCNN, trained by a hand-written loop (the reference)."""
    (X_train, y_train), (X_dev, y_dev), (X_test, y_test) = data
    ref = TextCNNClassifier()  # only its default hyperparameters are used
    start = time.perf_counter()
    prep = make_pipeline(tokenizer(level), Vocabulary(), SequencePadder())
    ids_train = np.asarray(prep.fit_transform(X_train))
    ids_dev = np.asarray(prep.transform(X_dev))
    ids_test = np.asarray(prep.transform(X_test))
    n_embeddings = int(ids_train.max()) + 1
    idx_train, idx_valid = train_test_split(
        np.arange(len(y_train)),
        test_size=math.ceil(ref.validation_fraction * len(y_train)),
        stratify=y_train,
        random_state=SEED,
    )
    Xt = torch.as_tensor(ids_train[idx_train])
    yt = torch.as_tensor(y_train[idx_train])
    Xv = torch.as_tensor(ids_train[idx_valid])
    yv = torch.as_tensor(y_train[idx_valid])
    torch.manual_seed(SEED)
    embedding = token_embedding(n_embeddings, TextCNN.default_embedding_dim)
    encoder = TextCNNEncoder(embedding, ref.kernel_sizes, ref.num_filters)
    net = TextClassifierNet(encoder, len(np.unique(y_train)), ref.dropout)
    # The classifiers run Adam fused: so does the reference.
    optimizer = torch.optim.Adam(net.parameters(), lr=ref.lr, fused=True)
    loss_fn = torch.nn.CrossEntropyLoss()
    best, best_state, bad, durations = float("inf"), None, 0, []
    for _ in range(ref.max_epochs):
        epoch_start = time.perf_counter()
        net.train()
        for batch in torch.randperm(len(yt)).split(ref.batch_size):
            optimizer.zero_grad()
            loss = loss_fn(net(Xt[batch]), yt[batch])
            loss.backward()
            optimizer.step()
        net.eval()
        with torch.no_grad():
            valid_loss = sum(
                loss_fn(net(xb), yb).item() * len(yb)
                for xb, yb in zip(Xv.split(512), yv.split(512))
            ) / len(yv)
        durations.append(time.perf_counter() - epoch_start)
        if valid_loss < best * (1 - 1e-4):
            best, best_state, bad = valid_loss, copy.deepcopy(net.state_dict()), 0
        else:
            bad += 1
            if bad >= ref.patience:
                break
    net.load_state_dict(best_state)
    fit_time = time.perf_counter() - start

    def accuracy(ids, y):
        with torch.no_grad():
            logits = torch.cat([net(b) for b in torch.as_tensor(ids).split(512)])
        return float((logits.argmax(1).numpy() == y).mean())

    return {
        "model": f"plain PyTorch loop, TextCNN, {level} 1-2-grams",
        "dev_acc": accuracy(ids_dev, y_dev),
        "test_acc": accuracy(ids_test, y_test),
        "fit_s": fit_time,
        "epochs": len(durations),
        "s_per_epoch": float(np.mean(durations)),
    }


def plain_torch_fasttext(data):
    """fastText as a hand-written loop (the reference for FastTextClassifier): the
    mean of the token vectors (``nn.EmbeddingBag``, sparse gradients), a linear
    layer, :class:`torch.optim.Adagrad` with the classifier's default learning
    rate, batch size, vector size and number of epochs, on the same character
    1-2-gram ids; none of the classifier's token weights, token dropout, class
    weights, weight decay or weight averaging."""
    from sklearn_textnn.classifiers._training import n_epochs
    from sklearn_textnn.networks import FastText

    (X_train, y_train), (X_dev, y_dev), (X_test, y_test) = data
    ref = FastTextClassifier()  # only its default hyperparameters are used
    start = time.perf_counter()
    prep = make_pipeline(tokenizer("char"), Vocabulary(min_freq=1))

    def as_arrays(ids):
        return [np.asarray(doc, dtype=np.int64) for doc in ids]

    ids_train = as_arrays(prep.fit_transform(X_train))
    ids_dev = as_arrays(prep.transform(X_dev))
    ids_test = as_arrays(prep.transform(X_test))
    n_embeddings = max(int(doc.max()) for doc in ids_train if len(doc)) + 1

    def bags(documents):
        lengths = np.fromiter((len(d) for d in documents), dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        flat = np.concatenate(documents) if lengths.sum() else np.zeros(0, np.int64)
        return torch.as_tensor(flat), torch.as_tensor(offsets)

    torch.manual_seed(SEED)
    embedding = torch.nn.EmbeddingBag(
        n_embeddings, FastText.default_embedding_dim, mode="mean", sparse=True
    )
    output = torch.nn.Linear(FastText.default_embedding_dim, len(np.unique(y_train)))
    optimizer = torch.optim.Adagrad(
        [*embedding.parameters(), *output.parameters()], lr=ref.lr
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    targets = torch.as_tensor(y_train)
    durations = []
    with torch.sparse.check_sparse_tensor_invariants(enable=False):
        for _ in range(n_epochs(ref, len(y_train))):
            epoch_start = time.perf_counter()
            for batch in torch.randperm(len(targets)).split(ref.batch_size):
                flat, offsets = bags([ids_train[i] for i in batch.tolist()])
                optimizer.zero_grad()
                loss = loss_fn(output(embedding(flat, offsets)), targets[batch])
                loss.backward()
                optimizer.step()
            durations.append(time.perf_counter() - epoch_start)
    fit_time = time.perf_counter() - start

    def accuracy(ids, y):
        with torch.no_grad():
            logits = torch.cat(
                [
                    output(embedding(*bags(ids[i : i + 1024])))
                    for i in range(0, len(ids), 1024)
                ]
            )
        return float((logits.argmax(1).numpy() == y).mean())

    return {
        "model": "plain PyTorch loop, fastText (mean, Adagrad), char 1-2-grams",
        "dev_acc": accuracy(ids_dev, y_dev),
        "test_acc": accuracy(ids_test, y_test),
        "fit_s": fit_time,
        "epochs": len(durations),
        "s_per_epoch": float(np.mean(durations)),
        "embedding_params": embedding.weight.numel(),
    }


def fasttext_with_words(**params):
    """Characters and bigrams plus jieba words and bigrams, into FastText."""
    return [
        TokenUnion(
            [("char", tokenizer("char")), ("word", JiebaSegmenter(ngram_range=(1, 2)))]
        ),
        Vocabulary(min_freq=1),
        FastTextClassifier(random_state=SEED, **params),
    ]


MODELS = {
    "tfidf": lambda data: run_pipeline(
        "TF-IDF char 1-2-grams + LinearSVC",
        [
            TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True),
            LinearSVC(),
        ],
        data,
    ),
    "textcnn-char": lambda data: run_pipeline(
        "TextCNNClassifier, char 1-2-grams",
        [
            tokenizer("char"),
            Vocabulary(),
            SequencePadder(),
            TextCNNClassifier(random_state=SEED),
        ],
        data,
    ),
    "plain-textcnn-char": lambda data: plain_torch_textcnn(data, "char"),
    "textcnn-char-unigram": lambda data: run_pipeline(
        "TextCNNClassifier, char 1-grams",
        [
            tokenizer("char-unigram"),
            Vocabulary(),
            SequencePadder(),
            TextCNNClassifier(random_state=SEED),
        ],
        data,
    ),
    "textcnn-word": lambda data: run_pipeline(
        "TextCNNClassifier, word (jieba)",
        [
            tokenizer("word"),
            Vocabulary(),
            SequencePadder(),
            TextCNNClassifier(random_state=SEED),
        ],
        data,
    ),
    "lstm-char": lambda data: run_pipeline(
        "LSTMClassifier, char 1-2-grams",
        [
            tokenizer("char"),
            Vocabulary(),
            SequencePadder(),
            LSTMClassifier(random_state=SEED),
        ],
        data,
    ),
    "fasttext-char": lambda data: run_pipeline(
        "FastTextClassifier, char 1-2-grams (recommended default)",
        [
            tokenizer("char"),
            Vocabulary(min_freq=1),
            FastTextClassifier(random_state=SEED),
        ],
        data,
    ),
    "plain-fasttext-char": plain_torch_fasttext,
    "fasttext-words": lambda data: run_pipeline(
        "FastTextClassifier, char 1-2-grams + jieba words 1-2-grams",
        fasttext_with_words(),
        data,
    ),
    "fasttext-words-compressed": lambda data: run_pipeline(
        "same, embedding_compression=10",
        fasttext_with_words(embedding_compression=10),
        data,
    ),
    "fasttext-words-vote3": lambda data: run_pipeline(
        "same, soft vote of 3 seeds (VotingClassifier)",
        [
            *fasttext_with_words()[:2],
            VotingClassifier(
                [(f"seed{i}", FastTextClassifier(random_state=i)) for i in range(3)],
                voting="soft",
            ),
        ],
        data,
    ),
    "fasttext-words-vote3-plain": lambda data: run_pipeline(
        "same, vote of 3 seeds trained without weight decay, averaging or "
        "class weights",
        [
            *fasttext_with_words()[:2],
            VotingClassifier(
                [
                    (
                        f"seed{i}",
                        FastTextClassifier(
                            random_state=i,
                            weight_decay=0.0,
                            average=False,
                            class_weight=None,
                        ),
                    )
                    for i in range(3)
                ],
                voting="soft",
            ),
        ],
        data,
    ),
    "lstm-word": lambda data: run_pipeline(
        "LSTMClassifier, word (jieba)",
        [
            tokenizer("word"),
            Vocabulary(),
            SequencePadder(),
            LSTMClassifier(random_state=SEED),
        ],
        data,
    ),
}


def write_table(rows, output):
    baseline = next(
        (r["test_acc"] for r in rows if r["model"].startswith("TF-IDF")), None
    )
    lines = [
        "| model | dev acc | test acc | vs TF-IDF (points) | fit (s) | epochs "
        "| s/epoch | embedding params |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        diff = "" if baseline is None else f"{100 * (r['test_acc'] - baseline):+.2f}"
        per_epoch = f"{r['s_per_epoch']:.1f}" if "s_per_epoch" in r else ""
        params = f"{r['embedding_params']:,}" if "embedding_params" in r else ""
        lines.append(
            f"| {r['model']} | {100 * r['dev_acc']:.2f} % "
            f"| {100 * r['test_acc']:.2f} % | {diff} | {r['fit_s']:.0f} "
            f"| {r.get('epochs', '')} | {per_epoch} | {params} |"
        )
    notes = []
    for ours_name, plain_prefix, label in (
        (
            "TextCNNClassifier, char 1-2-grams",
            "plain PyTorch loop, TextCNN",
            "TextCNNClassifier",
        ),
        (
            "FastTextClassifier, char 1-2-grams (recommended default)",
            "plain PyTorch loop, fastText",
            "FastTextClassifier",
        ),
    ):
        ours = next((r for r in rows if r["model"] == ours_name), None)
        plain = next((r for r in rows if r["model"].startswith(plain_prefix)), None)
        if ours and plain:
            ratio = ours["s_per_epoch"] / plain["s_per_epoch"]
            notes.append(
                f"{label} time per epoch / plain PyTorch loop: {ratio:.3f} "
                f"({100 * (ratio - 1):+.1f} %)"
            )
    command = " ".join(["python benchmarks/bench_thucnews.py", *sys.argv[1:]])
    text = "\n".join(
        [
            "# THUCNews (train 45k, dev 10k, test 10k)",
            "",
            f"Command: `{command}`",
            f"{platform.machine()}, {torch.get_num_threads()} torch threads, "
            f"torch {torch.__version__}.",
            "",
            *lines,
            "",
            *notes,
            "",
        ]
    )
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{output}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{output}.json").write_text(
        json.dumps({"rows": rows, "notes": notes}, indent=2), encoding="utf-8"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--models", nargs="+", default=list(MODELS), choices=list(MODELS)
    )
    parser.add_argument("--train-size", type=int, default=None, help="subsample train")
    parser.add_argument(
        "--output",
        default="thucnews",
        help="name of the result files in benchmarks/results (default: thucnews)",
    )
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    folder = Path(args.data) / "thucnews"
    if not folder.is_dir():
        sys.exit(f"THUCNews data not found at {folder}; pass --data DIR")
    train = read_split(folder, "train")
    if args.train_size:
        train = (train[0][: args.train_size], train[1][: args.train_size])
    data = (train, read_split(folder, "dev"), read_split(folder, "test"))
    rows = []
    for name in args.models:
        row = MODELS[name](data)
        print(json.dumps(row), flush=True)
        rows.append(row)
    write_table(rows, args.output)


if __name__ == "__main__":
    main()
