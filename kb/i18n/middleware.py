from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from .selectors import preferred_home_url


class PreferredLanguageHomeMiddleware:
    """Sends a reader arriving at "/" to the home page in their language.

    Their language is the one they chose in the switcher (a cookie), else their
    browser's first supported one (Accept-Language). Only "/": every other
    unprefixed URL is the English page it always was, so a shared link shows
    what was shared (the switcher offers the other languages), and search
    engines see each language at its own address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        default_prefix = f"/{settings.LANGUAGE_CODE}/"
        if request.path_info.startswith(default_prefix):
            # English has no prefix: /en/getting-started/ is /getting-started/.
            url = "/" + request.get_full_path()[len(default_prefix) :]
            return HttpResponsePermanentRedirect(url)
        if request.method in ("GET", "HEAD") and request.path_info == "/":
            # Cookie first, then Accept-Language; unknown or malformed values fall
            # back to the default language (Django parses and bounds the header).
            language = get_language_from_request(request, check_path=False)
            if language != settings.LANGUAGE_CODE:
                url = preferred_home_url(request, language)
                if url and url != "/":
                    response = HttpResponseRedirect(url)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)
