"""Server time of the public pages on the site's own database (`make demo` first).

    python -m bench.page_speed [--requests 50] [PATH ...]

Each page is requested through Django's full stack (middleware, context processors,
templates) with the test client, after warm-up requests, and the median and 95th
percentile of the time from request to response (and the median CPU time of this
process, steadier on a busy machine) are printed per page. Defaults to
the home page and the first live article. Network and static files are not timed:
this is the server's share of a page view.
"""

import argparse
import os
import statistics
import sys
import time

TARGET_MS = 30


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    import django

    django.setup()


def _default_paths():
    from kb.articles.models import ArticlePage

    article = ArticlePage.objects.live().order_by("path").first()
    return ["/"] + ([article.url] if article else [])


def measure(client, path, requests):
    """Median and 95th percentile of wall time, and median CPU time, in ms."""
    for _ in range(5):
        client.get(path)
    wall, cpu = [], []
    for number in range(requests):
        # A new visitor each time, like readers arriving from a search engine.
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, HTTP_USER_AGENT=f"bench {number}")
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    wall.sort()
    p95 = wall[max(0, round(0.95 * len(wall)) - 1)]
    return statistics.median(wall), p95, statistics.median(cpu)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.page_speed")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args(argv)
    _setup_django()
    from django.test import Client

    client = Client(SERVER_NAME=os.environ.get("BENCH_HOST", "localhost"))
    print(f"| page | median ms | p95 ms | median CPU ms | under {TARGET_MS} ms |")
    print("| --- | --- | --- | --- | --- |")
    slow = False
    for path in args.paths or _default_paths():
        median, p95, cpu = measure(client, path, args.requests)
        slow = slow or median >= TARGET_MS
        verdict = "yes" if median < TARGET_MS else "no"
        print(f"| {path} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {verdict} |")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
