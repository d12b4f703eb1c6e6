from django.conf import settings


def site(request):
    return {"WAGTAIL_SITE_NAME": settings.WAGTAIL_SITE_NAME}
