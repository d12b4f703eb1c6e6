from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from kb.forum.sitemaps import TopicSitemap

SITEMAPS = {"pages": PageSitemap, "community": TopicSitemap()}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("kb.search.urls")),
    path("api/search/", include("kb.search.api_urls")),
    path("accounts/", include("allauth.urls")),
    path("community/", include("kb.forum.urls")),
    path("feedback/", include("kb.feedback.urls")),
    path("contact/", include("kb.contact.urls")),
    path("branding/", include("kb.branding.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
