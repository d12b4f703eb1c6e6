from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site

from kb.cache import KeptCopy

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


def _default_site_name() -> str:
    name = (
        BrandingSettings.objects.filter(site__is_default_site=True)
        .values_list("site_name", flat=True)
        .first()
    )
    return name or settings.WAGTAIL_SITE_NAME


# Every e-mail signs with it, several times; each process keeps it until an
# editor saves the branding or another site becomes the default.
kept_site_name = KeptCopy("kb-branding:site-name", _default_site_name)


def default_site_name() -> str:
    """The default site's name, as its e-mails and other messages sign it."""
    return kept_site_name.get()


def connect() -> None:
    for model in (BrandingSettings, Site):
        uid = f"kb-branding-site-name-{model.__name__}"
        post_save.connect(kept_site_name.changed, model, dispatch_uid=uid)
        post_delete.connect(kept_site_name.changed, model, dispatch_uid=uid)
