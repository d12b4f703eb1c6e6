"""The README's Redis cache set-up: the site runs on Redis, and its limits and
"once per visitor" hold across gunicorn workers there too.

Needs the Redis at 127.0.0.1:6379 (skipped when there is none; CI sets
KB_REQUIRE_REDIS=1 to fail instead). Its keys get a prefix of their own and are
deleted afterwards.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.conftest import require_or_skip
from tests.live_server_process import gunicorn_site

REDIS_URL = "redis://127.0.0.1:6379/0"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0"
LIMIT = 12

LOGGED_SCRIPT = """
import json
from kb.search.models import QueryDailyStats
print("LOGGED" + json.dumps(
    {s.query.query_string: s.searches for s in QueryDailyStats.objects.all()}
))
"""


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

        def search(query):
            return requests.get(
                f"{site.url}/api/search/",
                params={"q": query},
                headers={"User-Agent": BROWSER_UA, "Connection": "close"},
                timeout=60,
            ).status_code

        with ThreadPoolExecutor(max_workers=4) as pool:
            repeated = list(pool.map(search, ["export invoices"] * 4))
            burst = list(pool.map(search, [f"burst {n}" for n in range(20)]))

        logged = site.shell_json(LOGGED_SCRIPT, "LOGGED")

    assert repeated == [200] * 4
    assert logged["export invoices"] == 1
    assert burst.count(200) == LIMIT - 4
    assert burst.count(429) == 20 - (LIMIT - 4)
