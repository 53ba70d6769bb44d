import os
import uuid

import pytest
import redis


@pytest.fixture
def redis_url():
    """The real Redis; the test fails if it is down."""
    url = os.environ.get("ATELIER_TEST_REDIS_URL")
    if not url:
        pytest.skip("set ATELIER_TEST_REDIS_URL to run against Redis")
    redis.Redis.from_url(url).ping()
    return url


@pytest.fixture
def redis_env(redis_url):
    """Settings that keep this test's traffic and counts apart from any other run
    sharing the same Redis (another checkout's suite, an earlier minute's counts)."""
    prefix = uuid.uuid4().hex
    return {
        "ATELIER_MESSAGE_QUEUE": redis_url,
        "ATELIER_MESSAGE_QUEUE_CHANNEL": f"atelier-test-{prefix}",
        "ATELIER_RATELIMIT_KEY_PREFIX": prefix,
    }
