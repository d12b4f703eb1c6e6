from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "kb.worker"
    label = "kb_worker"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Background worker"
