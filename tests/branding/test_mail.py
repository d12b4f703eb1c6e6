"""The site's e-mails are signed with the name editors set in Settings → Branding."""

import pytest
from django.core import mail as outbox
from wagtail.models import Site

from kb import mail
from kb.branding.models import BrandingSettings

pytestmark = pytest.mark.django_db


def send_test_message():
    mail.markdown_email(
        subject=mail.subject_line("Your question got an answer"),
        markdown_text="Open the thread to read it.",
        to=["member@example.com"],
    ).send()
    return outbox.outbox[-1]


def test_mail_is_signed_with_the_branded_site_name(home, settings):
    settings.DEFAULT_FROM_EMAIL = "help@example.com"
    assert send_test_message().subject.startswith(f"[{settings.WAGTAIL_SITE_NAME}] ")

    brand = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
    brand.site_name = "Globex Support"
    brand.save()
    message = send_test_message()

    assert message.subject == "[Globex Support] Your question got an answer"
    assert message.from_email == "Globex Support <help@example.com>"
    assert "Globex Support" in message.alternatives[0][0]
