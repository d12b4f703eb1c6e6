"""The README's Redis cache set-up: the site runs on Redis, and its limits and
"once per visitor" hold across gunicorn workers there too.

Needs the Redis at 127.0.0.1:6379 (skipped when there is none; CI sets
KB_REQUIRE_REDIS=1 to fail instead). Its keys get a prefix of their own and are
deleted afterwards.
"""

import uuid

import pytest

from tests.conftest import require_or_skip
from tests.live_server_process import gunicorn_site
from tests.test_shared_limits import assert_limited_and_logged_once

REDIS_URL = "redis://127.0.0.1:6379/0"
LIMIT = 12


@pytest.fixture
def redis_prefix():
    import redis  # a runtime dependency: the site's RedisCache needs it

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        require_or_skip(f"Redis at {REDIS_URL}", "KB_REQUIRE_REDIS")
    prefix = f"kb-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_the_site_on_redis_limits_and_logs_once_across_workers(tmp_path, redis_prefix):
    env = {
        "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "CACHE_LOCATION": REDIS_URL,
        "CACHE_KEY_PREFIX": redis_prefix,
        "KB_SEARCH_RATE_LIMIT": f"{LIMIT}/h",  # an hour: no window ends mid-test
    }
    with gunicorn_site(
        tmp_path, "sqlite", env, ready_path="/robots.txt", workers=2, threads=4
    ) as site:
        assert_limited_and_logged_once(site, limit=LIMIT, repeats=4, burst=20)
