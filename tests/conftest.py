import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from tests import factories


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (content types, Wagtail's
    root page) it found; a plain flush would leave the next test an empty database."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or {
            "transactional_db",
            "live_server",
        } & set(getattr(item, "fixturenames", ()))
        if transactional and getattr(item, "cls", None) is None:
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True),
                append=False,
            )
    _shared_rows_last(items)


# Module-scoped fixtures whose rows (`shared_rows`) stay until the module ends.
SHARED_ROW_FIXTURES = {"module_help_center", "indexed_help_center"}


def _shared_rows_last(items):
    """Within each run of one module's tests, those that use a module's shared rows
    go last, so that no other test finds those rows in its database."""
    ordered, start = [], 0
    for end in range(1, len(items) + 1):
        if end == len(items) or getattr(items[end], "module", None) is not getattr(
            items[start], "module", None
        ):
            run = items[start:end]
            run.sort(
                key=lambda item: bool(
                    SHARED_ROW_FIXTURES & set(getattr(item, "fixturenames", ()))
                )
            )
            ordered += run
            start = end
    items[:] = ordered


def require_or_skip(what: str, env_flag: str):
    """Skip a test whose outside requirement is missing; fail instead in CI."""
    if os.environ.get(env_flag):
        pytest.fail(f"{what} is required here ({env_flag} is set) but missing")
    pytest.skip(f"{what} is missing")


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request under /de/ leaves German
    active in the thread that served it (LocaleMiddleware never switches back), and
    a later test's reverse() would give German addresses."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_kept_copies():
    """A transactional test ends with a flush, which sends no signals: the copies
    this process kept of editors' settings would outlive their rows."""
    yield
    from kb.cache import KeptCopy

    for copy in KeptCopy.instances:
        copy.forget()


@contextmanager
def shared_rows(django_db_blocker):
    """A transaction for rows that a module's tests share and do not change (as in
    Django's TestCase.setUpTestData), rolled back when the block ends. Each test
    runs in a savepoint inside it; index updates apply at once, as in a test's own
    transaction. Use from a module-scoped fixture that asks for `django_db_setup`."""
    from wagtail.models import Site

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            Site.clear_site_root_paths_cache()


@pytest.fixture
def shared_dir() -> Path:
    path = Path(settings.KB_SHARED_DIR)
    if not path.is_dir():
        require_or_skip(
            f"the shared data folder {path} (set KB_SHARED_DIR)", "KB_REQUIRE_SHARED"
        )
    return path


def chromium_or_skip() -> str:
    """Debian's Chromium; skips the test (fails it under KB_REQUIRE_BROWSER) if missing.

    Also for module fixtures, so that they skip before any costly set-up."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        require_or_skip(
            "Debian's chromium (apt-get install chromium)", "KB_REQUIRE_BROWSER"
        )
    return path


@pytest.fixture
def chromium_path() -> str:
    return chromium_or_skip()


@pytest.fixture
def home(db):
    return factories.make_home()


@pytest.fixture
def editor_client(client, home):
    """The test client signed in as a member of Wagtail's Editors group."""
    from django.contrib.auth.models import Group

    user = factories.make_user("writer")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def fresh_search_index(settings, tmp_path):
    """The site's Whoosh backend on an index of this test's own: the run's shared
    index keeps what earlier tests indexed (their rows are rolled back, not their
    documents)."""
    from kb.settings.base import search_backends

    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        "kb.search.backends.whoosh",
        str(tmp_path / "index"),
        "en",
        languages=[code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES],
    )


@pytest.fixture
def category(home):
    return factories.make_category(home)


@pytest.fixture
def article(category):
    return factories.make_article(category)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(chromium_path, monkeypatch):
    """Debian's Chromium driven by Playwright; use with the `live_server` fixture."""
    # Playwright's sync API runs an event loop in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    page = browser.new_page()
    page.set_default_timeout(10_000)
    return page
