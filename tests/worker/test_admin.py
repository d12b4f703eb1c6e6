"""The admin shows the background tasks, failed ones with their error."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_user

from .test_mail import fail_every_delivery, queued_mail  # noqa: F401

# The worker closes connections it finds inside a transaction, as in production,
# so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def test_administrators_see_a_failed_task_with_its_error(client, queued_mail):  # noqa: F811
    fail_every_delivery(queued_mail)
    client.force_login(make_user("root", is_superuser=True, is_staff=True))

    page = client.get("/admin/background-tasks/", {"status": "FAILED"})

    assert page.status_code == 200
    assert b"deliver_email" in page.content
    assert b"ConnectionRefusedError" in page.content


def test_editors_cannot_open_the_task_list(client):
    editor = make_user("ed")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    page = client.get("/admin/background-tasks/")

    assert page.status_code == 302 and "background-tasks" not in page["Location"]
