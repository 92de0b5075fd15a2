"""The CPU cores this process may use, for the libraries that start threads.

torch and onnxruntime start one thread per core of the host, which in a container
or under a CPU affinity can be many more than the process may use: the threads then
wait for each other. This module imports nothing heavy, so that the torch-free
prediction path reads the same number as the training core.
"""

import math
import os
from pathlib import Path

# Where Linux shows the control groups of this process (its container's, inside one).
_CGROUP = Path("/sys/fs/cgroup")


def available_cores():
    """The CPU cores this process may run on: its affinity, and the quota of its
    control group (a container limited to 2 cores on a 64-core host has 2).

    The quota is read as joblib reads it for its worker processes (``cpu.max`` of
    cgroup v2, else ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` of cgroup v1,
    rounded up), so that both count the same cores.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = cores or os.cpu_count() or 1
    quota = _cpu_quota()
    if quota is not None:
        cores = min(cores, max(1, math.ceil(quota)))
    return cores


def _cpu_quota(cgroup=_CGROUP):
    """The CPU time per unit of time the control group allows, or None without a
    limit (or outside Linux)."""
    try:
        quota, period = cgroup.joinpath("cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        try:
            quota = cgroup.joinpath("cpu", "cpu.cfs_quota_us").read_text().strip()
            period = cgroup.joinpath("cpu", "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        quota, period = int(quota), int(period)
    except ValueError:
        # "max" (v2) means no limit.
        return None
    # A negative quota (-1 in cgroup v1) means no limit.
    return quota / period if quota > 0 and period > 0 else None
