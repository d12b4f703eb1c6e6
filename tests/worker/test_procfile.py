"""`make run`'s processes (the Procfile, run by honcho): the site and its worker.

The worker publishes what was scheduled and delivers the mail the site queued,
in processes of their own, as on a real site.
"""

import os
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.live_server_process import ROOT, database_kinds, prepared_site, serving

pytestmark = pytest.mark.django_db(transaction=True)

PREPARE = """
from datetime import timedelta
from django.core.mail import send_mail
from django.utils import timezone
from tests.factories import make_article, make_category, make_home
home = make_home()
article = make_article(make_category(home), "Holiday opening hours", live=False)
revision = article.latest_revision
revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
revision.save()
send_mail("Your question got an answer", "Open the thread.", None, ["ann@example.com"])
print("URL=" + article.url_path)
"""


def wait_for(check, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.parametrize("database_kind", database_kinds())
def test_the_procfile_serves_the_site_and_its_worker_does_the_background_work(
    tmp_path, database_kind
):
    outbox = tmp_path / "mail"
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }

    def prepare(site):
        out = site.manage("shell", "-c", PREPARE)
        return {"path": out.split("URL=", 1)[1].split()[0]}

    with prepared_site(tmp_path, database_kind, env, prepare=prepare) as site:
        port = site.url.rsplit(":", 1)[1]
        honcho = [str(Path(sys.executable).parent / "honcho"), "start"]
        command = [*honcho, "--port", port, "--procfile", str(ROOT / "Procfile")]
        with serving(site, command, tmp_path / "honcho.log"):
            # The scheduled article's page: /help/<category>/<article>/ under the
            # site root, which is the help center home.
            article_url = site.url + "/" + site.data["path"].split("/", 2)[2]

            def published():
                return requests.get(article_url, timeout=10).status_code == 200

            assert wait_for(published), (tmp_path / "honcho.log").read_text()[-3000:]
            assert wait_for(lambda: outbox.is_dir() and any(outbox.iterdir()))
            [message] = list(outbox.iterdir())
            assert "Your question got an answer" in message.read_text()
