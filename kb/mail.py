"""E-mail as the site sends it: the site's name in the subject and the From
address, and an HTML and a text part rendered from the same sanitised Markdown."""

import re
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from kb.markup import html_to_text, render_markdown

# A bare address in the text ("go to https://..."), not one inside Markdown's
# own link syntax; the linkifier alone misses hosts like "127.0.0.1:8000".
BARE_URL = re.compile(r"(^|\s)(https?://[^\s<>]*[^\s<>.,;:!?)\]'\"])", re.MULTILINE)


def site_name() -> str:
    """The name editors set in Settings → Branding (default site), else KB_SITE_NAME."""
    from kb.branding.selectors import default_site_name

    return default_site_name()


def recipient_language(user) -> str:
    """The language to write to `user` in: the one an app remembers for them (the
    forum: the language they last signed in with, through the
    "kb_recipient_language" hook), else the admin language they chose (Wagtail's
    account settings), else the site's."""
    from wagtail import hooks
    from wagtail.users.models import UserProfile

    remembered = [hook(user) for hook in hooks.get_hooks("kb_recipient_language")]
    admin_language = (
        UserProfile.objects.filter(user_id=user.pk)
        .values_list("preferred_language", flat=True)
        .first()
    )
    languages = dict(settings.LANGUAGES)
    for language in (*remembered, admin_language):
        if language in languages:
            return language
    return settings.LANGUAGE_CODE


def in_language_of(user):
    """Write what follows (subject, text, links) in `user`'s language."""
    return translation.override(recipient_language(user))


def site_domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc


def absolute_url(path: str) -> str:
    """A site path as the full address an e-mail links to (a page's URL on a
    multi-site install is already absolute)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def subject_line(subject: str) -> str:
    return f"[{site_name()}] {subject}"


def from_address() -> str:
    """DEFAULT_FROM_EMAIL, shown under the site's name unless it names itself."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((site_name(), address))


def markdown_email(
    *, subject: str, markdown_text: str, to: list[str], headers: dict | None = None
) -> EmailMultiAlternatives:
    """A message whose text and HTML parts come from one Markdown source.

    `subject` is used as given (callers add the site's name with `subject_line`).
    The Markdown passes through the site's sanitiser, as forum posts do, because
    it may quote what members wrote.
    """
    html = render_markdown(BARE_URL.sub(r"\1<\2>", markdown_text))
    return html_email(subject=subject, html=html, to=to, headers=headers)


def html_email(
    *, subject: str, html: str, to: list[str], headers: dict | None = None
) -> EmailMultiAlternatives:
    """A message from HTML that is already safe (sanitised by `render_markdown`,
    or escaped): the HTML part in the site's frame, and its plain-text version."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=html_to_text(html),
        from_email=from_address(),
        to=to,
        headers=headers or {},
    )
    document = render_to_string(
        "email/message.html", {"body": html, "site_name": site_name()}
    )
    message.attach_alternative(document, "text/html")
    return message
