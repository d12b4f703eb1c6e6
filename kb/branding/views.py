from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .selectors import branding_for_request

YEAR = 365 * 24 * 60 * 60


@require_safe
def brand_stylesheet(request):
    """The brand colour as CSS custom properties (the Content-Security-Policy allows
    no inline styles). Pages link it with ?v=<version>, so a new colour is a new
    address and browsers may keep each one for a year."""
    brand = branding_for_request(request)
    response = render(
        request,
        "branding/brand.css",
        {"brand": brand},
        content_type="text/css; charset=utf-8",
    )
    if request.GET.get("v") == brand.stylesheet_version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response
