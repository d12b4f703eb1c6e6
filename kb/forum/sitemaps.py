from django.contrib.sitemaps import Sitemap

from .models import Topic


class TopicSitemap(Sitemap):
    """Every visible community thread, with its last activity."""

    limit = 5000

    def items(self):
        return (
            Topic.objects.visible()
            .order_by("pk")
            .only("pk", "title", "last_activity_at")
        )

    def lastmod(self, topic):
        return topic.last_activity_at
