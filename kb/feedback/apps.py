from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "kb.feedback"
    label = "feedback"
    verbose_name = "Article feedback"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
