from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "kb.forum"
    label = "forum"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Community forum"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
