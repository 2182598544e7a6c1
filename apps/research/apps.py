from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "apps.research"
    verbose_name = "Research desk"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import logins  # noqa: F401  (connects the sign-in log's receivers)
        from .roles import sync_researchers_group

        post_migrate.connect(sync_researchers_group, sender=self)
