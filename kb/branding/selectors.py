from .models import BrandingSettings


def branding_for_request(request) -> BrandingSettings:
    """The site's branding, read once per request (cached on it by Wagtail); the
    defaults, unsaved, where the request matches no site."""
    try:
        return BrandingSettings.for_request(request)
    except BrandingSettings.DoesNotExist:
        return BrandingSettings()
