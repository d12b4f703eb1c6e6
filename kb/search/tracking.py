"""Who is searching: a per-client key for counting, and whether it is a bot.

Kept apart from the views so the page, the JSON API and the click endpoint count
visitors the same way.
"""

import hashlib
import hmac
import ipaddress
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse

BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"monitor|pingdom|uptime|curl/|wget/|python-requests|python-urllib|httpx|"
    r"aiohttp|go-http-client|java/|okhttp|libwww|scrapy",
    re.IGNORECASE,
)
CLICK_SALT = "kb.search.click"
CLICK_MAX_AGE = 24 * 60 * 60


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def visitor_key(request) -> str:
    """An opaque key per visitor: the account when signed in, else address + browser."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    else:
        raw = f"anon:{client_ip(request)}:{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def searcher_key(request) -> str:
    """One key per client, whatever its headers or account: a keyed hash of its
    address (an IPv6 client's whole /64, which it can rotate through at will)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        prefix = 64 if ip.version == 6 and ip.ipv4_mapped is None else ip.max_prefixlen
        network = str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
    key = f"kb.search.searcher:{settings.SECRET_KEY}".encode()
    return hmac.new(key, network.encode(), hashlib.sha256).hexdigest()[:32]


def is_bot(request) -> bool:
    """Crawlers, scripts and browser prefetches count as neither searches nor clicks."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if not agent.strip() or BOT_USER_AGENT.search(agent):
        return True
    purpose = (
        request.META.get("HTTP_SEC_PURPOSE", "") + request.META.get("HTTP_PURPOSE", "")
    ).lower()
    return "prefetch" in purpose or "prerender" in purpose


def referring_search(request) -> str:
    """The query of this site's search page the request came from (its Referer),
    else "": how a page knows it was opened from the search, with or without
    JavaScript."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc != request.get_host():
        return ""
    if referer.path != reverse("kb_search:search"):
        return ""
    return " ".join(parse_qs(referer.query).get("q", [""])[0].split())[:255]


def click_token(
    *, query: str, hit, source: str = "results", language: str = ""
) -> str:
    """A signed description of one result at one rank, put on its link.

    The click endpoint records only what it can verify, so nobody can invent clicks
    for results that were never shown.
    """
    obj = hit.object
    payload = {
        "q": query,
        "k": hit.kind,
        "i": str(obj.pk) if obj is not None else "",
        "u": hit.url,
        "t": hit.title[:255],
        "r": hit.rank,
        "s": source,
        "l": language,
    }
    return signing.dumps(payload, salt=CLICK_SALT, compress=True)


def read_click_token(token: str) -> dict | None:
    try:
        payload = signing.loads(token, salt=CLICK_SALT, max_age=CLICK_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    return payload


def search_rate(group, request):
    """Anonymous visitors are limited per address; signed-in people are not."""
    if request.user.is_authenticated:
        return None
    return settings.KB_SEARCH_RATE_LIMIT


def suggest_rate(group, request):
    if request.user.is_authenticated:
        return None
    return settings.KB_SEARCH_SUGGEST_RATE_LIMIT
