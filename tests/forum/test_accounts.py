"""Member accounts through django-allauth, in the site's own layout."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

from tests import factories

SIGNUP = {
    "email": "new.member@example.com",
    "username": "newmember",
    "password1": "a-long-pass-phrase-42",
    "password2": "a-long-pass-phrase-42",
}


def _link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_sends_a_verification_mail_and_the_link_verifies(client, db):
    page = client.get("/accounts/signup/")
    assert page.status_code == 200
    assert b'class="site-header"' in page.content  # the site's layout, not allauth's
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newmember")
    assert len(mail.outbox) == 1
    assert not user.emailaddress_set.get().verified
    confirm_url = _link(mail.outbox[0])
    client.post(confirm_url)
    assert user.emailaddress_set.get().verified


def test_unverified_members_cannot_log_in_yet(client, db):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    mail.outbox.clear()
    response = client.post(
        "/accounts/login/", {"login": "newmember", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert (
        "confirm-email" in response["Location"]
        or "verification" in response["Location"]
    )
    assert "_auth_user_id" not in client.session


def test_a_bot_filling_the_honeypot_gets_no_account(client, db):
    response = client.post(
        "/accounts/signup/", {**SIGNUP, "website": "http://spam.example"}
    )
    assert response.status_code in (200, 302)
    assert not get_user_model().objects.filter(username="newmember").exists()
    assert mail.outbox == []


def test_sign_up_errors_are_shown_on_the_form(client, db):
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "different"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert not get_user_model().objects.exists()


def test_log_in_and_log_out(client, db):
    user = factories.make_user("member")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/", {"login": "member", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
    assert client.get("/community/").wsgi_request.user == user
    page = client.get("/community/").content
    assert b"Log out" in page and b"Profile" in page
    client.post("/accounts/logout/")
    assert b"Log in" in client.get("/community/").content


def test_password_reset_mails_a_working_link(client, db):
    user = factories.make_user("forgetful")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0])
    form = client.get(reset_url, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else reset_url,
        {
            "password1": "brand-new-pass-phrase-7",
            "password2": "brand-new-pass-phrase-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-pass-phrase-7")
