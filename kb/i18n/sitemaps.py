from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page


class TranslatedPageSitemap(PageSitemap):
    """Wagtail's page sitemap over every language's tree, each URL listing its
    translations as `<xhtml:link rel="alternate" hreflang>`."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(
            translation_key=root.translation_key, depth=root.depth
        )
        in_a_tree = Q(pk__in=[])
        for path in roots.values_list("path", flat=True):
            in_a_tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        by_key = defaultdict(list)
        for translation in (
            Page.objects.filter(translation_key__in={i.translation_key for i in items})
            .live()
            .public()
            .select_related("locale")
        ):
            by_key[translation.translation_key].append(translation)
        urls, last_mods = [], set()
        for item in items:
            own = item.get_full_url(self.request) or ""
            translations = by_key[item.translation_key]
            for url_info in item.get_sitemap_urls(self.request):
                if len(translations) > 1:
                    # The same place in each translation (the home's /articles/ too).
                    suffix = url_info["location"][len(own) :]
                    url_info["alternates"] = [
                        {
                            "lang_code": t.locale.language_code,
                            "location": (t.get_full_url(self.request) or "") + suffix,
                        }
                        for t in translations
                    ]
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
