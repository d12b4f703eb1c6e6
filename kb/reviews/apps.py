from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "kb.reviews"
    label = "reviews"
    verbose_name = "Article reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
