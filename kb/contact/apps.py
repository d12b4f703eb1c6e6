from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "kb.contact"
    label = "contact"
    verbose_name = "Contact support"
    default_auto_field = "django.db.models.BigAutoField"
