from django.utils.functional import SimpleLazyObject, lazy

from .selectors import branding_for_request


def branding(request):
    """`branding` and `WAGTAIL_SITE_NAME` (the name editors set, else KB_SITE_NAME);
    read only when a template uses them."""
    brand = SimpleLazyObject(lambda: branding_for_request(request))
    return {
        "branding": brand,
        "WAGTAIL_SITE_NAME": lazy(lambda: brand.name, str)(),
    }
