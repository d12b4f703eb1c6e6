"""Editors with the permission brand the help center in Settings → Branding; what
they set shows on the public pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from kb.branding.models import BrandingSettings

pytestmark = pytest.mark.django_db
SETTINGS_URL = reverse("wagtailsettings:edit", args=["branding", "brandingsettings"])
REFUSED = "Sorry, you do not have permission"


def branding_form(client):
    response = client.get(SETTINGS_URL, follow=True)
    assert response.status_code == 200
    assert REFUSED not in response.content.decode()
    form = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    # The StreamField's own inputs are drawn by JavaScript: start with no links.
    form.update(nested_form_data({"footer_links": streamfield([])}))
    return response.wsgi_request.path, form


def test_moderators_brand_the_site_and_readers_see_it(
    moderator_client, client, make_image
):
    logo, dark_logo = make_image("Logo"), make_image("Dark")
    icon = make_image("Icon", (64, 64))
    path, form = branding_form(moderator_client)
    form.update(
        {
            "site_name": "Globex Support",
            "logo": logo.pk,
            "logo_dark": dark_logo.pk,
            "favicon": icon.pk,
            "brand_colour": "#7A1FA2",
            "notice_enabled": "on",
            "notice_text": "Payments are delayed; we are on it.",
            "notice_level": "critical",
        }
    )
    form.update(
        nested_form_data(
            {
                "footer_links": streamfield(
                    [
                        (
                            "link",
                            {
                                "label": "Status page",
                                "url": "https://status.globex.example",
                            },
                        ),
                        ("link", {"label": "Privacy", "url": "/privacy/"}),
                    ]
                )
            }
        )
    )

    saved = moderator_client.post(path, form)

    assert saved.status_code == 302, saved.content.decode()[:3000]
    client.logout()
    html = client.get("/").content.decode()
    assert "<title>Globex Support</title>" in html or "Globex Support</title>" in html
    assert f'src="{logo.file.url}"' in html and 'alt="Globex Support"' in html
    assert f'srcset="{dark_logo.file.url}" media="(prefers-color-scheme: dark)"' in html
    assert f'<link rel="icon" href="{icon.file.url}">' in html
    assert "Payments are delayed; we are on it." in html
    assert '<a href="https://status.globex.example">Status page</a>' in html
    assert html.index("Status page") < html.index("Privacy") < html.index("Sitemap")
    brand = BrandingSettings.objects.get()
    assert brand.brand_colour == "#7a1fa2"
    assert f"/branding/brand.css?v={brand.stylesheet_version}" in html


def test_editors_without_the_permission_cannot_change_the_branding(editor_client, home):
    site_path = reverse(
        "wagtailsettings:edit",
        args=["branding", "brandingsettings", home.get_site().pk],
    )

    opened = editor_client.get(site_path, follow=True)
    posted = editor_client.post(
        site_path, {"site_name": "Hijacked", "brand_colour": "#000000"}, follow=True
    )

    assert REFUSED in opened.content.decode()
    assert REFUSED in posted.content.decode()
    assert posted.redirect_chain == [("/admin/", 302)]
    assert not BrandingSettings.objects.filter(site_name="Hijacked").exists()


def test_a_brand_colour_too_light_for_links_is_refused_with_a_darker_suggestion(
    moderator_client,
):
    path, form = branding_form(moderator_client)
    form["brand_colour"] = "#ffcc00"

    response = moderator_client.post(path, form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "#ffcc00 on the page background have a contrast of 1.3:1" in html
    assert "A darker shade such as #856a00 would do." in html and "at least 4.5:1" in html
    assert not BrandingSettings.objects.filter(brand_colour="#ffcc00").exists()


def test_a_colour_that_is_not_hex_is_refused(moderator_client):
    path, form = branding_form(moderator_client)
    form["brand_colour"] = "red; }"

    response = moderator_client.post(path, form)

    assert response.status_code == 200
    assert "Enter a colour as # and six hex digits." in response.content.decode()


def test_a_footer_link_to_javascript_is_refused(moderator_client):
    path, form = branding_form(moderator_client)
    form.update(
        nested_form_data(
            {
                "footer_links": streamfield(
                    [("link", {"label": "Evil", "url": "javascript:alert(1)"})]
                )
            }
        )
    )

    response = moderator_client.post(path, form)

    assert response.status_code == 200
    assert "Enter an address starting with https://" in response.content.decode()
    assert all(
        "javascript" not in str(brand.footer_links.raw_data)
        for brand in BrandingSettings.objects.all()
    )


def test_the_notice_shows_until_its_end_time(client, home):
    brand = BrandingSettings.for_site(home.get_site())
    brand.notice_enabled = True
    brand.notice_text = "Maintenance tonight from 22:00 UTC."
    brand.notice_level = "warning"
    brand.notice_ends_at = timezone.now() + datetime.timedelta(hours=1)
    brand.save()

    html = client.get("/search/").content.decode()
    assert 'class="notice-banner notice-banner--warning"' in html
    assert "Maintenance tonight from 22:00 UTC." in html

    brand.notice_ends_at = timezone.now() - datetime.timedelta(minutes=1)
    brand.save()
    assert "Maintenance tonight" not in client.get("/search/").content.decode()


def test_without_branding_the_site_name_comes_from_the_settings(client, home, settings):
    settings.WAGTAIL_SITE_NAME = "Initech Help"

    html = client.get("/").content.decode()

    assert '<a class="brand" href="/">Initech Help</a>' in html
    assert "brand.css" not in html  # the default colour is in kb.css already


def test_the_brand_stylesheet_has_the_colour_and_readable_text_on_it(client, home):
    brand = BrandingSettings.for_site(home.get_site())
    brand.brand_colour = "#1d6b2f"
    brand.save()

    response = client.get("/branding/brand.css", {"v": brand.stylesheet_version})

    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert "--brand: #1d6b2f;" in css and "--on-brand: #ffffff;" in css
    assert "prefers-color-scheme: dark" in css
    assert "immutable" in response["Cache-Control"]
    stale = client.get("/branding/brand.css", {"v": "old"})
    assert "immutable" not in stale["Cache-Control"]
