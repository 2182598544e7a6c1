from django.apps import AppConfig


class DebateConfig(AppConfig):
    name = "apps.debate"
    verbose_name = "The debate"
