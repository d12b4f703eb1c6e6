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


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_signs_with_the_name_saved_last(settings):
    """Outside a transaction (as the worker sends) the name is kept between mails
    and dropped when an editor saves the branding or makes another site the default."""
    from tests import factories

    factories.make_home()
    default_site = Site.objects.get(is_default_site=True)
    BrandingSettings.objects.create(site=default_site, site_name="Globex Support")
    assert send_test_message().subject.startswith("[Globex Support] ")

    brand = BrandingSettings.for_site(default_site)
    brand.site_name = "Globex Help"
    brand.save()
    assert send_test_message().subject.startswith("[Globex Help] ")

    other = Site.objects.create(
        hostname="other.example.com", root_page=default_site.root_page
    )
    BrandingSettings.objects.create(site=other, site_name="Initech Help")
    default_site.is_default_site = False
    default_site.save()
    other.is_default_site = True
    other.save()
    assert send_test_message().subject.startswith("[Initech Help] ")
