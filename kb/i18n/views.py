from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .selectors import home_url

# A year: the reader's choice outlives the session, like Django's set_language.
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def language_choose(request, language):
    """The language switcher's link: remember the reader's choice, then go on.

    A link, not a form, so the switcher works without JavaScript and every
    option is an ordinary link; setting a language cookie changes nothing else.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/"):
        next_url = home_url(language)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
