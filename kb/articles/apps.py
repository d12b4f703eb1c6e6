from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "kb.articles"
    label = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Published articles are part of the site search (see kb/search/registry.py).
        from kb.search.registry import register

        register(
            "article",
            model="articles.ArticlePage",
            label="Article",
            text_fields=("summary", "body"),
            summary_field="summary",
            boost=1.2,
        )
