"""Who is voting: an account, or an anonymous reader's signed cookie; bots are not.

No raw IP address is ever stored: the client address only feeds a keyed hash
(HMAC with the site's secret), kept with a vote for abuse checks.
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core import signing

READER_COOKIE = "kb_reader"
READER_COOKIE_SALT = "kb.feedback.reader"
READER_COOKIE_MAX_AGE = 365 * 24 * 3600

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|scrape|preview|facebookexternalhit|headless|python-requests"
    r"|curl/|wget/|httpclient|go-http-client|java/|libwww|okhttp|lighthouse|pingdom",
    re.IGNORECASE,
)


def _keyed_hash(value: str, purpose: str, length: int = 32) -> str:
    key = f"{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:length]


def client_hash(request) -> str:
    """Keyed hash of the client address (for abuse checks); never the address."""
    return _keyed_hash(request.META.get("REMOTE_ADDR", ""), "kb.feedback.client")


def is_bot(request) -> bool:
    """Known crawlers, scripts and link previewers, and browser prefetches."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent.strip() or BOT_PATTERN.search(agent):
        return True
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") + request.META.get(
        "HTTP_PURPOSE", ""
    )
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def read_reader_token(request) -> str | None:
    try:
        return request.get_signed_cookie(
            READER_COOKIE, salt=READER_COOKIE_SALT, max_age=READER_COOKIE_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return None


def new_reader_token() -> str:
    return secrets.token_urlsafe(18)


def reader_key(request, token: str | None) -> str | None:
    """'u:<id>' for a signed-in reader, else a keyed hash of the cookie token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    if token:
        return "c:" + _keyed_hash(token, "kb.feedback.reader", 40)
    return None


def set_reader_cookie(response, token: str) -> None:
    response.set_signed_cookie(
        READER_COOKIE,
        token,
        salt=READER_COOKIE_SALT,
        max_age=READER_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
