"""modelsearch's backend conformance suite (BackendTests), on the Whoosh backend."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import TestCase

FIXTURE = Path(settings.FIXTURE_DIRS[0]) / "search.json"
if not FIXTURE.is_file():
    message = (
        f"modelsearch's test fixture {FIXTURE} is missing (the shared data folder; "
        "set KB_SHARED_DIR)"
    )
    if os.environ.get("KB_REQUIRE_SHARED"):
        pytest.fail(message + " but KB_REQUIRE_SHARED is set", pytrace=False)
    pytest.skip(message, allow_module_level=True)

from modelsearch.tests.test_backends import BackendTests  # noqa: E402


class TestWhooshBackend(BackendTests, TestCase):
    backend_path = "kb.search.backends.whoosh"
