"""Two Daphne processes on the run's database and the machine's Redis (a prefix of their own),
shared by the fault tests that kill or stop one of them; each test makes its own workshop."""

from __future__ import annotations

import pytest

from tests.reliability.harness import SHARED_REDIS_URL, Cluster, redis_problem, require

# A write waits this long for a lock before the socket answers "not saved yet, retrying"
# (tests/reliability/test_database_locked.py holds a lock longer than this).
LOCK_TIMEOUT_S = 3


@pytest.fixture(scope="package")
def running_cluster():
    require(redis_problem(SHARED_REDIS_URL))
    running = Cluster(
        processes=2,
        redis_url=SHARED_REDIS_URL,
        extra_env={"DB_LOCK_TIMEOUT": str(LOCK_TIMEOUT_S)},
    )
    try:
        running.start()
        yield running
    finally:
        running.close_query()
        running.stop()


@pytest.fixture
def cluster(running_cluster):
    """The shared processes, every one of them up: a test that killed or stopped one starts
    it again and need not wait for it; the next test waits only if it is still starting."""
    for index in range(running_cluster.processes):
        running_cluster.wait_up(index)
    return running_cluster
