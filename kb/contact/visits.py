"""Which help-center visit a request belongs to: a signed cookie naming the visit.

The cookie lives as long as the browser session; a visit idle for VISIT_IDLE ends
and the next request starts a new one (the usual analytics definition of a visit).
Crawlers and scripts start no visit. Only a keyed hash of the address is kept
(kb.feedback.readers.client_hash), never the address.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import DatabaseError

from kb.feedback.readers import client_hash, is_bot

from . import services

logger = logging.getLogger(__name__)

VISIT_COOKIE = "kb_visit"
VISIT_COOKIE_SALT = "kb.contact.visit"
VISIT_IDLE = datetime.timedelta(minutes=30)
_UNSET = object()


def _cookie_visit_id(request) -> int | None:
    try:
        value = request.get_signed_cookie(VISIT_COOKIE, salt=VISIT_COOKIE_SALT)
    except (KeyError, signing.BadSignature):
        return None
    return int(value) if value.isdigit() else None


def current_visit(request, *, start: bool = True):
    """The request's visit, continued or (with `start`) begun; None for bots."""
    cached = getattr(request, "_kb_visit", _UNSET)
    if cached is not _UNSET and (cached is not None or not start):
        return cached
    visit = None
    if not is_bot(request):
        visit_id = _cookie_visit_id(request)
        if visit_id is not None:
            visit = services.visit_continue(visit_id=visit_id, idle=VISIT_IDLE)
        if visit is None and start:
            visit = services.visit_start(visitor=client_hash(request))
            request._kb_visit_started = True
    request._kb_visit = visit
    return visit


def record(request, **event) -> None:
    """Add an event to the request's visit; a failure never costs the page."""
    try:
        visit = current_visit(request)
        if visit is not None:
            services.visit_event_record(visit=visit, **event)
    except DatabaseError:
        logger.warning("could not record a visit event", exc_info=True)


def set_visit_cookie(request, response) -> None:
    visit = getattr(request, "_kb_visit", None)
    if visit is not None and getattr(request, "_kb_visit_started", False):
        response.set_signed_cookie(
            VISIT_COOKIE,
            str(visit.pk),
            salt=VISIT_COOKIE_SALT,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
