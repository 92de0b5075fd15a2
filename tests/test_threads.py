"""Torch threads of trainings that run side by side: no more than the cores.

``GridSearchCV(n_jobs=k)`` on ``c`` cores runs ``k`` fits at once; each must train
with about ``c / k`` torch threads, never ``c``: ``k * c`` threads on ``c`` cores
wait for each other. joblib's process workers get ``OMP_NUM_THREADS`` and
``MKL_NUM_THREADS`` set to ``c // k``, which torch reads at start-up; the threads of
one process (joblib's ``threading`` backend) share its torch through
``cores_torch_may_use``. (Dask's workers: ``test_dask.py``.)
"""

import os
import threading

import joblib
import pytest
import torch
from _worker_probes import TorchThreads, most_threads
from joblib.externals.loky import get_reusable_executor
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_textnn import (
    SequencePadder,
    TextCNNClassifier,
    TextTokenizer,
    Vocabulary,
    _cores,
)
from sklearn_textnn.classifiers import _training

# The variables joblib sets for its process workers, unless the caller has them.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def threads_of_each_fit(X, y, **search_params):
    """The torch threads of every fit of a ``GridSearchCV(n_jobs=2)``: 2 candidates
    times 2 folds."""
    pipeline = make_pipeline(
        TextTokenizer(level="char"),
        Vocabulary(),
        SequencePadder(),
        TextCNNClassifier(
            embedding_dim=8,
            num_filters=4,
            max_epochs=1,
            validation_fraction=None,
            random_state=0,
            callbacks=[("threads", TorchThreads())],
        ),
    )
    search = GridSearchCV(
        pipeline,
        {"textcnnclassifier__lr": [1e-3, 1e-2]},
        cv=2,
        scoring=most_threads,
        refit=False,
        **search_params,
    ).fit(X, y)
    results = search.cv_results_
    return [value for split in (0, 1) for value in results[f"split{split}_test_score"]]


@pytest.fixture
def headlines(thucnews):
    return thucnews.data[:120], thucnews.target[:120]


@pytest.fixture
def host_default_threads():
    """torch's own default in this process (one thread per core) for the test:
    conftest trains the other tests on one."""
    threads = torch.get_num_threads()
    torch.set_num_threads(_cores.available_cores())
    yield
    torch.set_num_threads(threads)


@pytest.mark.slow
def test_grid_search_process_workers_train_on_their_share_of_the_cores(
    headlines, monkeypatch
):
    # joblib's own rule, as on a machine where nobody set the variables: the
    # workers get cores // n_jobs threads.
    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    try:
        threads = threads_of_each_fit(*headlines, n_jobs=2)
    finally:
        # Workers started without the variables are not for the next tests.
        get_reusable_executor().shutdown(wait=True)
    share = max(1, joblib.cpu_count() // 2)
    assert threads == [share] * 4
    if _cores.available_cores() == 2:
        assert threads == [1] * 4


def test_grid_search_threading_backend_shares_the_cores(
    headlines, monkeypatch, host_default_threads
):
    monkeypatch.setattr(_training, "available_cores", lambda: 2)
    torch.set_num_threads(2)
    with joblib.parallel_config(backend="threading"):
        threads = threads_of_each_fit(*headlines, n_jobs=2)
    # Two fits at once on 2 cores: one thread each, not two.
    assert threads == [1] * 4
    # The calling thread keeps its setting.
    assert torch.get_num_threads() == 2


def test_grid_search_sequential_fits_use_every_core(
    headlines, monkeypatch, host_default_threads
):
    monkeypatch.setattr(_training, "available_cores", lambda: 2)
    torch.set_num_threads(2)
    assert threads_of_each_fit(*headlines, n_jobs=1) == [2] * 4


def test_cores_torch_may_use_shares_the_cores_between_threads(monkeypatch):
    monkeypatch.setattr(_training, "available_cores", lambda: 4)
    inside = threading.Barrier(2)
    leave = threading.Event()
    seen = {}

    def first():
        torch.set_num_threads(4)
        with _training.cores_torch_may_use():
            seen["first"] = torch.get_num_threads()
            inside.wait(timeout=30)
            leave.wait(timeout=30)
        seen["first after"] = torch.get_num_threads()

    def second():
        inside.wait(timeout=30)
        torch.set_num_threads(4)
        with _training.cores_torch_may_use():
            seen["second"] = torch.get_num_threads()
        leave.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Alone, the first takes every core; the second, beside it, half of them.
    assert seen == {"first": 4, "second": 2, "first after": 4}


def test_cores_torch_may_use_nested_in_one_thread_counts_it_once(monkeypatch):
    monkeypatch.setattr(_training, "available_cores", lambda: 4)
    torch.set_num_threads(4)
    with _training.cores_torch_may_use():
        with _training.cores_torch_may_use():
            assert torch.get_num_threads() == 4
        assert torch.get_num_threads() == 4
    assert _training._RUNNING == [0]


def test_cores_torch_may_use_keeps_a_lower_setting(monkeypatch):
    monkeypatch.setattr(_training, "available_cores", lambda: 4)
    torch.set_num_threads(1)
    with _training.cores_torch_may_use():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == 1


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({}, None),
    ],
    ids=["v2", "v2-no-limit", "v1", "v1-no-limit", "no-cgroup"],
)
def test_available_cores_reads_cgroup_v2_and_v1_quotas(tmp_path, files, expected):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert _cores._cpu_quota(tmp_path) == expected


def test_available_cores_is_the_least_of_affinity_and_quota(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), False)
    for quota, cores in [(None, 8), (2.5, 3), (0.2, 1), (16.0, 8)]:
        monkeypatch.setattr(_cores, "_cpu_quota", lambda quota=quota: quota)
        assert _cores.available_cores() == cores
