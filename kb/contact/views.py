"""The contact page: suggestions before sending, the request, the confirmation."""

import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from kb.feedback.readers import client_hash
from kb.search.tracking import search_rate, suggest_rate

from . import visits
from .forms import ContactForm
from .models import VisitEvent
from .selectors import suggestions
from .services import contact_request_create

SENT_SALT = "kb.contact.sent"
SENT_MAX_AGE = 24 * 60 * 60
OPEN_SALT = "kb.contact.open"
OPEN_MAX_AGE = 24 * 60 * 60


def open_url(result: dict) -> str:
    """The suggestion's link through /contact/open/, which notes the deflection."""
    token = signing.dumps(
        {"u": result["url"], "t": result["title"][:255], "p": result["page_id"]},
        salt=OPEN_SALT,
        compress=True,
    )
    return reverse("contact:open") + "?" + f"t={token}"


def _with_open_urls(results: list[dict]) -> list[dict]:
    return [{**result, "open_url": open_url(result)} for result in results]


def _client_key(group, request):
    return client_hash(request)


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()


def _over_limits(request) -> bool:
    """Requests sent per client and per e-mail address (counted when sending)."""
    over_client = is_ratelimited(
        request,
        group="kb-contact-client",
        key=_client_key,
        rate=settings.KB_CONTACT_RATE,
        increment=True,
    )
    over_email = is_ratelimited(
        request,
        group="kb-contact-email",
        key=_email_key,
        rate=settings.KB_CONTACT_EMAIL_RATE,
        increment=True,
    )
    return over_client or over_email


def _render(request, form, *, status=200, found=None, reattach=False):
    return render(
        request,
        "contact/contact.html",
        {
            "form": form,
            "before_send": found is not None,
            "suggestions": found or [],
            "reattach": reattach,
        },
        status=status,
    )


# Every POST, valid or not, costs a search: held to the search's rate per address.
@ratelimit(group="kb-contact-form", key="ip", rate=search_rate, method="POST")
def contact(request):
    visit = visits.current_visit(request)
    if request.method != "POST":
        initial = {"form_token": secrets.token_urlsafe(16)}
        if request.user.is_authenticated:
            initial["email"] = request.user.email
        subject = request.GET.get("subject", "").replace("\x00", "")[:200]
        if subject:
            initial["subject"] = subject
        return _render(request, ContactForm(initial=initial))

    form = ContactForm(request.POST, request.FILES)
    if form.is_spam:
        return redirect("contact:sent")  # looks sent; nothing is stored or mailed
    if not form.is_valid():
        return _render(request, form, status=400)
    data = form.cleaned_data
    if not data["suggestions_seen"] and "send_anyway" not in request.POST:
        found = suggestions(subject=data["subject"], description=data["description"])
        if found:
            seen = request.POST.copy()
            seen["suggestions_seen"] = "on"
            return _render(
                request,
                ContactForm(seen),
                found=_with_open_urls(found),
                reattach=bool(data["attachment"]),
            )
    if settings.RATELIMIT_ENABLE and _over_limits(request):
        form.add_error(
            None,
            "You've sent several requests in the last hour. Please wait a while "
            "before sending another; we answer the ones you sent by e-mail.",
        )
        response = _render(request, form, status=429)
        response["Retry-After"] = "3600"
        return response
    contact_request = contact_request_create(
        subject=data["subject"],
        description=data["description"],
        email=data["email"],
        category=data.get("category"),
        attachment=data["attachment"],
        attachment_type=form.attachment_type,
        visit=visit,
        form_token=data["form_token"],
        user=request.user,
        client_hash=client_hash(request),
    )
    proof = signing.dumps(contact_request.reference, salt=SENT_SALT)
    return redirect(reverse("contact:sent") + f"?r={proof}")


@require_GET
def sent(request):
    try:
        reference = signing.loads(
            request.GET.get("r", ""), salt=SENT_SALT, max_age=SENT_MAX_AGE
        )
    except signing.BadSignature:
        reference = None
    return render(request, "contact/sent.html", {"reference": reference})


@require_GET
@ratelimit(group="kb-contact-suggest", key="ip", rate=suggest_rate, block=True)
def suggest(request):
    """Suggestions for what is typed so far (static/js/contact.js)."""
    subject = request.GET.get("subject", "")[:200]
    description = request.GET.get("description", "")[:2000]
    if "\x00" in subject + description:
        return JsonResponse({"error": gettext("That isn't text.")}, status=400)
    found = suggestions(subject=subject, description=description)
    return JsonResponse({"results": _with_open_urls(found)})


@require_GET
def open_suggestion(request):
    """Note that the customer opened a suggestion (a deflection, unless the visit
    still sends a request), then go there."""
    try:
        payload = signing.loads(
            request.GET.get("t", ""), salt=OPEN_SALT, max_age=OPEN_MAX_AGE
        )
        target = str(payload["u"])
    except (signing.BadSignature, KeyError, TypeError):
        return render(request, "contact/bad_link.html", status=400)
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return render(request, "contact/bad_link.html", status=400)
    page_id = payload.get("p")
    visits.record(
        request,
        kind=VisitEvent.Kind.SUGGESTION,
        text=str(payload.get("t", "")),
        url=target,
        page_id=page_id if isinstance(page_id, int) else None,
    )
    return HttpResponseRedirect(target)
