import os
import uuid

import pytest

from tests.conftest import IN_CI

TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def redis_reachable(url: str) -> str | None:
    """None if Redis answers PING at `url`, else the reason."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as failure:  # noqa: BLE001
        return f"{type(failure).__name__}: {failure}"
    return None


@pytest.fixture
def redis_layer(settings):
    """Switch the channel layer to real Redis for this test. Under CI a missing Redis fails."""
    problem = redis_reachable(TEST_REDIS_URL)
    if problem:
        if IN_CI:
            pytest.fail(f"Redis at {TEST_REDIS_URL} is required under CI: {problem}")
        pytest.skip(f"Redis not reachable at {TEST_REDIS_URL}: {problem}")
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # A prefix of its own so parallel runs sharing this Redis never cross.
            "CONFIG": {"hosts": [TEST_REDIS_URL], "prefix": f"test-{uuid.uuid4().hex[:8]}"},
        }
    }
    yield TEST_REDIS_URL
