from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from kb.forum.sitemaps import TopicSitemap
from kb.i18n.sitemaps import TranslatedPageSitemap
from kb.i18n.views import language_choose

SITEMAPS = {"pages": TranslatedPageSitemap, "community": TopicSitemap()}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/search/", include("kb.search.api_urls")),
    path("branding/", include("kb.branding.urls")),
    # The language switcher: remembers the reader's choice, then goes to the page.
    path("language/<str:language>/", language_choose, name="language_choose"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What readers read, in English at the URLs it always had and in the other
# languages under their prefix (/de/search/, /es/community/).
urlpatterns += i18n_patterns(
    path("search/", include("kb.search.urls")),
    path("accounts/", include("allauth.urls")),
    path("community/", include("kb.forum.urls")),
    path("feedback/", include("kb.feedback.urls")),
    path("contact/", include("kb.contact.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
