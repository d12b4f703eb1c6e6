from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "kb.i18n"
    label = "kb_i18n"
    verbose_name = "Languages"
