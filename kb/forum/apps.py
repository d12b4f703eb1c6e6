from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "kb.forum"
    label = "forum"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Community forum"

    def ready(self):
        # Visible threads are part of the site search (see kb/search/registry.py).
        from kb.search.registry import register

        from .models import Topic, Visibility

        register(
            "thread",
            model="forum.Topic",
            label="Forum thread",
            label_plural="Forum threads",
            queryset=lambda: Topic.objects.filter(
                status=Visibility.VISIBLE
            ).select_related("section"),
            text_fields=("title", "search_body"),
            summary_field="search_body",
            category_of=lambda topic: topic.section.name,
            answered=lambda topic: topic.accepted_answer_id is not None,
        )
