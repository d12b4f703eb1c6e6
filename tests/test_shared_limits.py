"""Limits and "once per visitor" hold for the whole site, not per worker process.

A real gunicorn with several workers, on the default cache (kb.cache.FileCache),
as `make run` serves the site.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.live_server_process import database_kinds, gunicorn_site

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0"
LIMIT = 40

LOGGED_SCRIPT = """
import json
from kb.search.models import QueryDailyStats
print("LOGGED" + json.dumps(
    {s.query.query_string: s.searches for s in QueryDailyStats.objects.all()}
))
"""


@pytest.mark.parametrize("database_kind", database_kinds())
def test_one_clients_searches_are_limited_and_logged_once_across_workers(
    tmp_path, database_kind
):
    with gunicorn_site(
        tmp_path,
        database_kind,
        {"KB_SEARCH_RATE_LIMIT": f"{LIMIT}/m"},
        ready_path="/robots.txt",
        workers=3,
        threads=4,
    ) as site:

        def search(query):
            return requests.get(
                f"{site.url}/api/search/",
                params={"q": query},
                headers={"User-Agent": BROWSER_UA, "Connection": "close"},
                timeout=60,
            ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            repeated = list(pool.map(search, ["export invoices"] * 8))
            burst = list(pool.map(search, [f"burst {n}" for n in range(100)]))

        logged = site.shell_json(LOGGED_SCRIPT, "LOGGED")

    # A visitor repeating a search is one search, whichever worker answered.
    assert repeated == [200] * 8
    assert logged["export invoices"] == 1
    # The address's limit is the site's, not each worker's.
    assert burst.count(200) == LIMIT - 8
    assert burst.count(429) == 100 - (LIMIT - 8)
