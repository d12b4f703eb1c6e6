from django.conf import settings
from wagtail.models import Site

from .models import BrandingSettings


def branding_for_request(request) -> BrandingSettings:
    """The site's branding, read once per request (images included) and never
    written on a read: a site nobody has branded yet gets the defaults, unsaved."""
    branding = getattr(request, "_kb_branding", None)
    if branding is None:
        site = Site.find_for_request(request)
        if site is not None:
            branding = BrandingSettings.base_queryset().filter(site=site).first()
        if branding is None:
            branding = BrandingSettings(site=site)
        request._kb_branding = branding
    return branding


def default_site_name() -> str:
    """The default site's name, as its e-mails and other messages sign it."""
    name = (
        BrandingSettings.objects.filter(site__is_default_site=True)
        .values_list("site_name", flat=True)
        .first()
    )
    return name or settings.WAGTAIL_SITE_NAME
