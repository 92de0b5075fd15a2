"""Tests of the sklearn-textnn command line: train, evaluate, predict and errors."""

import csv
import json
import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.pipeline import Pipeline

import sklearn_textnn.datasets
from sklearn_textnn import Vocabulary
from sklearn_textnn.classifiers import TextClassifier
from sklearn_textnn.cli import build_parser, main
from sklearn_textnn.cli._loading import load_data
from sklearn_textnn.cli._pipeline import build_pipeline
from sklearn_textnn.datasets import load_thucnews_sample
from sklearn_textnn.networks import LSTM, TextCNN, available_networks
from sklearn_textnn.persistence import load_model

CLASSES = ["education", "finance", "sports"]
SMALL_NET = ["--embedding-dim", "16", "--num-filters", "16", "--random-state", "0"]
# Tiny nets run faster on one thread than on cores shared with other work.
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONIOENCODING": "utf-8"}


def _run(*args, input=None):
    """Run ``python -m sklearn_textnn ARGS`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "sklearn_textnn", *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        timeout=600,
    )


def _main(argv, capsys):
    """Run ``main`` in this process: ``(status, stdout, stderr)``."""
    try:
        status = main([str(arg) for arg in argv])
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """300 headlines of 3 classes as class folders: 80 a class to train, 20 to test."""
    root = tmp_path_factory.mktemp("corpus")
    news = load_thucnews_sample()
    names = np.array(news.target_names)[news.target]
    for name in CLASSES:
        for n, i in enumerate(np.flatnonzero(names == name)[:100]):
            file = root / ("train" if n < 80 else "test") / name / f"{n:03d}.txt"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(news.data[i], encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def trained(corpus):
    """The output of ``train`` and the model file it wrote."""
    model = corpus / "model.tnn"
    result = _run(
        "train", corpus / "train", "--model", "textcnn", "--tokenizer", "char",
        "--output", model, "--epochs", "2", "--max-length", "30", *SMALL_NET,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result, model


@pytest.fixture(scope="module")
def test_set(corpus):
    folder = corpus / "test"
    texts, labels = [], []
    for file in sorted(folder.glob("*/*.txt")):
        texts.append(file.read_text(encoding="utf-8"))
        labels.append(file.parent.name)
    return folder, texts, np.array(labels)


# End to end, each command in its own process


@pytest.mark.slow
def test_cli_train_saves_a_pipeline_that_predicts_label_names(trained, test_set):
    result, path = trained
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Read 240 documents in 3 classes from ")
    assert lines[0].endswith("education (80), finance (80), sports (80)")
    assert any("valid_acc" in line for line in lines)  # the per-epoch table
    summary = next(line for line in lines if line.startswith("Trained on"))
    assert summary.startswith("Trained on 240 documents, 3 classes: 2 epochs, ")
    assert "validation accuracy 0." in summary and summary.endswith(" s")
    assert lines[-1] == f"Saved the model to {path}"
    assert result.stderr == ""

    model = load_model(path)
    assert isinstance(model, Pipeline)
    assert list(model.named_steps) == [
        "tokenizer",
        "vocabulary",
        "padder",
        "classifier",
    ]
    classifier = model.named_steps["classifier"]
    assert isinstance(classifier, TextClassifier)
    assert isinstance(classifier.encoder, TextCNN)
    assert (classifier.embedding_dim, classifier.encoder.num_filters) == (16, 16)
    assert classifier.n_epochs_ == 2
    assert model.named_steps["padder"].maxlen_ == 30
    assert list(model.classes_) == CLASSES
    _, texts, _ = test_set
    assert set(model.predict(texts)) <= set(CLASSES)


@pytest.mark.slow
def test_cli_evaluate_prints_report_and_confusion_matrix(trained, test_set):
    _, path = trained
    folder, texts, labels = test_set
    result = _run("evaluate", path, folder, "--misclassified", "3")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()

    predicted = load_model(path).predict(texts)
    accuracy = np.mean(predicted == labels)
    assert out[0] == f"60 documents from {folder}: accuracy {accuracy:.3f}"
    assert any(line.split()[:1] == ["macro"] for line in out)  # sklearn's report
    start = out.index("Confusion matrix (rows: true label, columns: predicted label)")
    assert out[start + 1].split() == ["true", "\\", "predicted", *CLASSES]
    matrix = [[int(n) for n in line.split()[1:]] for line in out[start + 2 : start + 5]]
    assert [line.split()[0] for line in out[start + 2 : start + 5]] == CLASSES
    expected = [
        [int(np.sum((labels == t) & (predicted == p))) for p in CLASSES]
        for t in CLASSES
    ]
    assert matrix == expected

    n_wrong = int(np.sum(predicted != labels))
    heading = f"The 3 most confidently wrong of {n_wrong} misclassified documents:"
    listed = out[out.index(heading) + 2 :]
    assert len(listed) == 3
    confidence = [float(line.split()[3]) for line in listed]
    assert confidence == sorted(confidence, reverse=True)
    for line in listed:
        document, true, wrong = line.split()[:3]
        assert document.startswith(f"{true}/") and true != wrong


@pytest.mark.slow
def test_cli_predict_reads_a_file(trained, tmp_path):
    _, path = trained
    texts = ["央行宣布降准0.5个百分点", "湖人主场击败凯尔特人", "", "高考作文题目公布"]
    file = tmp_path / "texts.txt"
    file.write_text("\n".join(texts) + "\n", encoding="utf-8")
    result = _run("predict", path, file)
    assert result.returncode == 0, result.stderr

    model = load_model(path)
    proba = model.predict_proba(texts)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [label for label, _ in rows] == list(model.predict(texts))
    assert [float(p) for _, p in rows] == pytest.approx(proba.max(axis=1), abs=1e-4)


@pytest.mark.slow
def test_cli_predict_reads_stdin_as_json_with_all_probabilities(trained):
    _, path = trained
    texts = ["央行宣布降准0.5个百分点", "湖人主场击败凯尔特人"]
    result = _run(
        "predict", path, "-", "--proba", "--format", "json", input="\n".join(texts)
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    proba = load_model(path).predict_proba(texts)
    assert len(records) == 2
    for record, row in zip(records, proba):
        assert list(record["probabilities"]) == CLASSES
        assert list(record["probabilities"].values()) == pytest.approx(row, abs=1e-6)
        assert record["label"] == CLASSES[int(np.argmax(row))]


@pytest.mark.slow
def test_cli_error_is_one_line_without_traceback_in_a_process(tmp_path):
    result = _run(
        "train", tmp_path / "missing", "--model", "textcnn", "--tokenizer", "char",
        "--output", tmp_path / "model.joblib",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    missing = tmp_path / "missing"
    assert (
        result.stderr == f"sklearn-textnn: error: {missing}: no such file or folder\n"
    )


# In this process: quick checks of the options and of every clear error


def test_cli_predict_proba_tsv_has_a_header(trained, tmp_path, capsys):
    _, path = trained
    file = tmp_path / "texts.txt"
    file.write_text("央行宣布降准\n", encoding="gbk")
    status, out, _ = _main(["predict", path, file, "--proba"], capsys)
    assert status == 0
    header, row = out.splitlines()
    assert header.split("\t") == ["label", *CLASSES]
    label, *probabilities = row.split("\t")
    assert label in CLASSES and len(probabilities) == 3
    assert sum(map(float, probabilities)) == pytest.approx(1, abs=1e-3)


def test_cli_train_reads_a_csv_file_without_validation_set(tmp_path, capsys):
    news = load_thucnews_sample()
    data = tmp_path / "news.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "headline", "topic"])
        for i in range(0, 3000, 25):
            writer.writerow([i, news.data[i], news.target_names[news.target[i]]])
    n_classes = len(set(news.target[::25]))
    output = tmp_path / "news.joblib"
    status, out, err = _main(
        ["train", data, "--model", "lstm", "--tokenizer", "word", "-o", output,
         "--text-column", "headline", "--label-column", "topic",
         "--validation-fraction", "0", "--epochs", "1", "--quiet",
         "--embedding-dim", "8", "--hidden-size", "8"],
        capsys,
    )  # fmt: skip
    assert status == 0, err
    assert "valid_acc" not in out
    assert (
        f"Trained on 120 documents, {n_classes} classes: 1 epoch, no validation set"
        in out
    )
    classifier = joblib.load(output)[-1]
    assert classifier.validation_fraction is None
    assert isinstance(classifier.encoder, LSTM)
    assert (classifier.encoder.hidden_size, classifier.max_epochs) == (8, 1)


def test_cli_help_warns_to_load_trusted_joblib_files_only(capsys):
    import sklearn_textnn.cli

    docstring = " ".join(sklearn_textnn.cli.__doc__.split())
    assert "load it only from a source you trust" in docstring
    for command in ([], ["evaluate"], ["predict"]):
        status, out, _ = _main([*command, "--help"], capsys)
        assert status == 0
        assert "sources you trust" in " ".join(out.split())


def test_cli_console_script_runs_main():
    (script,) = [
        entry
        for entry in metadata.entry_points(group="console_scripts")
        if entry.name == "sklearn-textnn"
    ]
    assert script.load() is main


def _errors(tmp_path, trained, corpus):
    empty = tmp_path / "empty"
    empty.mkdir()
    garbage = tmp_path / "garbage.joblib"
    garbage.write_text("not a model", encoding="utf-8")
    not_a_model = tmp_path / "dict.joblib"
    joblib.dump({"weights": [1, 2]}, not_a_model)
    hostile = tmp_path / "hostile.tnn"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr(
            "model.json",
            json.dumps(
                {
                    "format": "sklearn-textnn model",
                    "format_version": 1,
                    "model": {"__estimator__": "os.system", "params": {}},
                }
            ),
        )
    model = trained[1]
    unknown_class = tmp_path / "test"
    (unknown_class / "weather").mkdir(parents=True)
    (unknown_class / "weather" / "1.txt").write_text("明天有雨", encoding="utf-8")
    train = ["--model", "textcnn", "--tokenizer", "char", "-o", tmp_path / "m.joblib"]
    tsv = tmp_path / "news.tsv"
    tsv.write_text("headline\ttopic\n央行降准\tfinance\n", encoding="utf-8")
    return {
        "missing data": (
            ["train", tmp_path / "nothing", *train],
            f"{tmp_path / 'nothing'}: no such file or folder",
        ),
        "empty folder": (["train", empty, *train], f"{empty} has no class folders"),
        "unknown model name": (
            ["train", corpus / "train", *train, "--model", "bert"],
            "argument --model: invalid choice: 'bert'",
        ),
        "option of the other model": (
            ["train", corpus / "train", *train, "--hidden-size", "8"],
            "--hidden-size applies to "
            + " or ".join(
                f"--model {name}"
                for name, network in available_networks().items()
                if "hidden_size" in network().get_params()
            )
            + ", not --model textcnn",
        ),
        "parameter the network does not have": (
            ["train", corpus / "train", *train, "--network-param", "pooling=mean"],
            "--network-param pooling: --model textcnn has no parameter 'pooling'; "
            "its parameters are kernel_sizes, num_filters",
        ),
        "network parameter set twice": (
            [
                *["train", corpus / "train", *train, "--num-filters", "8"],
                *["--network-param", "num_filters=16"],
            ],
            "--network-param num_filters: num_filters is already set by --num-filters",
        ),
        "bad network parameter value": (
            ["train", corpus / "train", *train, "--network-param", "kernel_sizes=0"],
            "--model textcnn: The 'kernel_sizes' parameter of TextCNN must be",
        ),
        "network parameter without a value": (
            ["train", corpus / "train", *train, "--network-param", "pooling"],
            "argument --network-param: 'pooling' is not NAME=VALUE",
        ),
        "column name without header": (
            ["train", tsv, *train, "--text-column", "headline", "--no-header"],
            "--text-column headline names a column, but --no-header reads no column "
            "names",
        ),
        "missing model file": (
            ["evaluate", tmp_path / "none.joblib", corpus / "test"],
            f"{tmp_path / 'none.joblib'}: no such file",
        ),
        "unreadable model file": (
            ["predict", garbage, corpus / "test"],
            f"{garbage} is not a sklearn-textnn model file",
        ),
        "model file naming a foreign step": (
            ["evaluate", hostile, corpus / "test"],
            f"{hostile}: model: unknown step type 'os.system'",
        ),
        "other pickled object": (
            ["evaluate", not_a_model, corpus / "test"],
            f"{not_a_model} holds a dict, not a sklearn-textnn model",
        ),
        "missing input file": (
            ["predict", model, tmp_path / "none.txt"],
            f"{tmp_path / 'none.txt'}: no such file",
        ),
        "unknown label": (
            ["evaluate", model, unknown_class],
            "labels the model was not trained on: ['weather']",
        ),
    }


def test_cli_errors_are_one_line_with_status_2(tmp_path, trained, corpus, capsys):
    for name, (argv, message) in _errors(tmp_path, trained, corpus).items():
        status, out, err = _main(argv, capsys)
        assert status == 2, name
        assert err.count("\n") == 1 and err.startswith("sklearn-textnn"), name
        assert message in err, name
        assert out == "", name


# The choices and defaults come from the networks, the classifier and Vocabulary


def test_cli_model_choices_are_the_available_networks(capsys):
    status, out, _ = _main(["train", "--help"], capsys)
    assert status == 0
    text = " ".join(out.split())
    assert f"--model {{{','.join(sorted(available_networks()))}}}" in text
    for name, network in available_networks().items():
        summary = network.__doc__.strip().splitlines()[0].rstrip(".")
        assert f"{name}: {summary[0].lower()}{summary[1:]}" in text
    assert "textcnn: kernel_sizes=(2, 3, 4), num_filters=128" in text


def test_cli_train_defaults_are_those_of_vocabulary_and_the_classifier(capsys):
    args = build_parser().parse_args(
        ["train", "data/", "--model", "textcnn", "--tokenizer", "char", "-o", "m"]
    )
    assert args.min_freq == Vocabulary().min_freq == 2
    status, out, _ = _main(["train", "--help"], capsys)
    assert status == 0
    text = " ".join(out.split())
    defaults = TextClassifier().get_params()
    assert f"most epochs (default: {defaults['max_epochs']})" in text
    assert f"documents per step (default: {defaults['batch_size']})" in text
    assert f"learning rate (default: {defaults['lr']})" in text
    assert f"the others read as unknown (default: {Vocabulary().min_freq})" in text
    with_hidden = {
        name: network().hidden_size
        for name, network in available_networks().items()
        if "hidden_size" in network().get_params()
    }
    assert "lstm" in with_hidden and "fasttext" in with_hidden
    assert (
        " or ".join(with_hidden)
        + " only (default: "
        + ", ".join(f"{name} {size}" for name, size in with_hidden.items())
        + ")"
    ) in text


def test_cli_network_param_sets_any_parameter_of_the_network():
    def encoder(*options):
        args = build_parser().parse_args(
            ["train", "data/", "--tokenizer", "char", "-o", "m", *options]
        )
        return build_pipeline(args).named_steps["classifier"].encoder

    lstm = encoder(
        "--model", "lstm", "--hidden-size", "8", "--network-param", "pooling=mean",
        "--network-param", "num_layers=2", "--network-param", "bidirectional=False",
    )  # fmt: skip
    assert isinstance(lstm, LSTM)
    assert lstm.get_params() == {
        "hidden_size": 8,
        "num_layers": 2,
        "bidirectional": False,
        "pooling": "mean",
    }
    textcnn = encoder("--model", "textcnn", "--network-param", "kernel_sizes=2,3")
    assert (textcnn.kernel_sizes, textcnn.num_filters) == ((2, 3), 128)


def test_cli_help_does_not_import_torch():
    code = (
        "import sys\n"
        "from sklearn_textnn.cli import main\n"
        "for argv in (['--help'], ['predict', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('torch' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=ENV
    )
    assert result.stderr == "False\n"
    assert "usage: sklearn-textnn" in result.stdout


# Data files with and without a header line


def _sample_path():
    return (
        Path(sklearn_textnn.datasets.__file__).parent / "data" / "thucnews_sample.tsv"
    )


def test_cli_reads_the_header_of_the_bundled_tsv_as_column_names(capsys):
    path = _sample_path()
    assert path.read_text(encoding="utf-8").startswith("text\tlabel\n")
    args = build_parser().parse_args(["evaluate", "m.joblib", str(path)])
    data = load_data(args)
    assert "label" not in set(data.labels)
    assert len(data.documents) == len(load_thucnews_sample().data)
    assert data.header is True
    assert capsys.readouterr().err == (
        f"sklearn-textnn: note: read line 1 of {path} ('text', 'label') as column "
        "names: its label occurs on no other line; --no-header reads it as a "
        "document\n"
    )

    args = build_parser().parse_args(["evaluate", "m.joblib", str(path), "--no-header"])
    data = load_data(args)
    assert (data.documents[0], data.labels[0], data.header) == ("text", "label", False)
    assert capsys.readouterr().err == ""


def test_cli_train_warns_about_classes_too_small_to_validate(tmp_path, capsys):
    news = load_thucnews_sample()
    names = np.array(news.target_names)[news.target]
    rows = ["text\tlabel"]
    for name in ("finance", "sports"):
        rows += [f"{news.data[i]}\t{name}" for i in np.flatnonzero(names == name)[:20]]
    rows.append("明天有雨\tweather")  # one document: no header is detected
    data = tmp_path / "news.tsv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    status, out, err = _main(
        ["train", data, "--model", "textcnn", "--tokenizer", "char",
         "-o", tmp_path / "m.joblib", "--epochs", "1", "--quiet", *SMALL_NET],
        capsys,
    )  # fmt: skip
    assert status == 0, err
    assert "label (1)" in out.splitlines()[0]
    assert err == (
        "sklearn-textnn: warning: classes 'label' and 'weather' have 1 document "
        "each: a stratified validation split needs at least 2 documents of each "
        "class, so the documents held out are drawn at random and such a class may "
        "be missing from training (add documents, or pass --validation-fraction 0); "
        f"if line 1 of {data} holds column names, pass --header\n"
    )

    status, out, err = _main(
        ["train", data, "--model", "textcnn", "--tokenizer", "char", "--header",
         "-o", tmp_path / "m.joblib", "--epochs", "1", "--quiet", *SMALL_NET],
        capsys,
    )  # fmt: skip
    assert status == 0, err
    assert "label (" not in out.splitlines()[0]
    assert err.startswith("sklearn-textnn: warning: class 'weather' has 1 document:")
    assert "pass --header" not in err


# Output: colour, blank lines, line numbers, the model file


def test_cli_train_progress_has_no_colour_codes_in_a_pipe(trained):
    result, _ = trained
    assert "valid_loss" in result.stdout
    assert "\x1b[" not in result.stdout


def test_cli_predict_warns_about_blank_lines_and_keeps_lines_aligned(
    trained, tmp_path, capsys
):
    _, path = trained
    file = tmp_path / "texts.txt"
    file.write_text("央行宣布降准\n\n   \n湖人主场击败凯尔特人\n", encoding="utf-8")
    status, out, err = _main(["predict", path, file], capsys)
    assert status == 0
    assert len(out.splitlines()) == 4
    assert err == (
        f"sklearn-textnn: warning: lines 2 and 3 of {file} are blank; their labels "
        "are the model's guess for an empty text\n"
    )
    file.write_text("央行宣布降准\n\n", encoding="utf-8")
    status, out, err = _main(["predict", path, file], capsys)
    assert len(out.splitlines()) == 2
    assert err == (
        f"sklearn-textnn: warning: line 2 of {file} is blank; its label is the "
        "model's guess for an empty text\n"
    )


def test_cli_evaluate_misclassified_gives_line_numbers_from_1(
    trained, test_set, tmp_path, capsys
):
    _, path = trained
    _, texts, labels = test_set
    lines = ["text\tlabel"] + [f"{t}\t{y}" for t, y in zip(texts, labels)]
    lines.insert(5, "")  # blank lines are skipped, and still counted
    data = tmp_path / "test.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = _main(["evaluate", path, data, "--misclassified", "100"], capsys)
    assert status == 0
    out = out.splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("The "))
    heading = f"misclassified documents (line: its line in {data}, from 1):"
    assert out[start].endswith(heading)
    assert out[start + 1].split()[:3] == ["line", "true", "predicted"]
    listed = out[start + 2 :]
    assert listed
    for row in listed:
        number, true, predicted = row.split()[:3]
        text, label = lines[int(number) - 1].split("\t")
        assert label == true != predicted
        assert " ".join(text.split())[:10] in row


def test_cli_train_checks_the_output_can_be_written_before_training(
    corpus, tmp_path, capsys
):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    status, out, err = _main(
        ["train", corpus / "train", "--model", "textcnn", "--tokenizer", "char",
         "-o", "/dev/full"],
        capsys,
    )  # fmt: skip
    assert status == 2
    assert out == ""
    assert err == (
        "sklearn-textnn: error: cannot write --output /dev/full: No space left on "
        "device (nothing trained)\n"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_cli_iter_lines_streams_what_reading_whole_gives(
    encoding, tmp_path, monkeypatch
):
    from sklearn_textnn.cli import _loading

    lines = ["央行宣布降准", "", "Ünïcödé line\r", "last one 新闻"] * 5
    text = "\r\n".join(lines[:7]) + "\n" + "\n".join(lines[7:]) + "\r\n"
    path = tmp_path / "lines.txt"
    path.write_bytes(text.encode(encoding))
    whole = [line for chunk in _loading.iter_lines(path, None)[0] for line in chunk]
    assert whole == text.splitlines()
    # Reads of a few bytes split characters, and \r from \n, between reads.
    monkeypatch.setattr(_loading, "_WHOLE_FILE_BYTES", 7)
    chunks, where = _loading.iter_lines(path, None, chunk_lines=3)
    chunks = list(chunks)
    assert where == str(path)
    assert [len(c) for c in chunks[:-1]] == [3] * (len(chunks) - 1)
    assert [line for chunk in chunks for line in chunk] == whole


def test_cli_predict_streams_a_long_file_with_progress(trained, tmp_path, capsys):
    _, path = trained
    headlines = load_thucnews_sample().data
    lines = [headlines[i % len(headlines)] for i in range(35_000)]
    file = tmp_path / "many.txt"
    file.write_text("\n".join(lines) + "\n", encoding="gb18030")
    assert file.stat().st_size > 1 << 20  # streamed, not read whole
    status, out, err = _main(["predict", path, file], capsys)
    assert status == 0
    rows = out.splitlines()
    assert len(rows) == len(lines)
    expected = load_model(path).predict(lines)
    assert [row.split("\t")[0] for row in rows] == expected.tolist()
    progress = err.splitlines()
    assert progress[0].startswith("sklearn-textnn: 20,000 lines predicted (")
    assert progress[-1].startswith("sklearn-textnn: 35,000 lines predicted (")


def test_cli_help_imports_neither_scikit_learn_nor_torch():
    code = (
        "import sys\n"
        "from sklearn_textnn.cli import main\n"
        "for argv in (['--help'], ['--version']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, exc.code\n"
        "heavy = sorted({'torch', 'sklearn', 'skorch', 'jieba'} & set(sys.modules))\n"
        "print('heavy:', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "heavy: []"
    assert "train     train a classifier and save it" in result.stdout
    assert f"sklearn-textnn {sklearn_textnn.__version__}" in result.stdout
