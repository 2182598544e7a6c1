from django.apps import AppConfig


class DebateConfig(AppConfig):
    name = "apps.debate"
    verbose_name = "The debate"

    def ready(self):
        from .models import connect_data_version

        connect_data_version()
