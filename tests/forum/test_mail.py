"""The e-mails members get: the site's name and sender, an HTML and a text part
from the same sanitised Markdown, and a confirmation link that signs them in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from kb.forum import services
from tests import factories

SIGNUP = {
    "email": "new.member@example.com",
    "username": "newmember",
    "password1": "a-long-pass-phrase-42",
    "password2": "a-long-pass-phrase-42",
}


@pytest.fixture(autouse=True)
def site_mail_settings(settings):
    settings.WAGTAIL_SITE_NAME = "Acme Help Center"
    settings.DEFAULT_FROM_EMAIL = "support@acme.example"


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_sent_by_the_site(message):
    assert message.subject.startswith("[Acme Help Center] ")
    assert "127.0.0.1" not in message.subject and "example.com" not in message.subject
    assert message.from_email == "Acme Help Center <support@acme.example>"


def test_sign_up_mail_is_the_sites_and_its_link_signs_the_member_in(client, db):
    client.post("/accounts/signup/", SIGNUP)
    [message] = mail.outbox

    assert_sent_by_the_site(message)
    assert "Confirm" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+?/)", message.body)
    assert link, message.body
    assert "Hello from Acme Help Center!" in message.body
    assert f'href="http://testserver{link.group(1)}"' in html_part(message)
    assert "<p>Hello from Acme Help Center!</p>" in html_part(message)

    confirm_page = client.get(link.group(1))
    response = client.post(link.group(1), follow=True)

    assert confirm_page.status_code == 200
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert user.is_authenticated and user.username == "newmember"
    assert "/accounts/login/" not in response.redirect_chain[-1][0]
    assert get_user_model().objects.get().emailaddress_set.get().verified


def test_password_reset_mail_is_the_sites_with_both_parts(client, db):
    user = factories.make_user("forgetful")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    client.post("/accounts/password/reset/", {"email": user.email})
    [message] = mail.outbox

    assert_sent_by_the_site(message)
    assert "/accounts/password/reset/key/" in message.body
    assert "/accounts/password/reset/key/" in html_part(message)


def test_follow_notification_renders_the_answers_markdown_in_both_parts(
    topic, helper, django_capture_on_commit_callbacks
):
    body = (
        "Open **Settings** and pick *Guest*:\n\n"
        "1. Click [Members](https://acme.example/members)\n"
        "2. Choose `Can view`\n\n"
        "<script>alert(1)</script>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_create(author=helper, topic=topic, body=body)
    [message] = mail.outbox
    html = html_part(message)

    assert_sent_by_the_site(message)
    assert "New answer: How do I invite a client to a project?" in message.subject
    assert "<strong>Settings</strong>" in html and "<code>Can view</code>" in html
    assert '<a href="https://acme.example/members"' in html
    assert "**" not in html and "<script" not in html
    assert "Open Settings and pick Guest:" in message.body
    assert "Members (https://acme.example/members)" in message.body
    assert "**" not in message.body and "`" not in message.body
    assert "<script" not in message.body
    assert "/community/unsubscribe/" in message.body
    assert "/community/unsubscribe/" in html
