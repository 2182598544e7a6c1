from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "apps.synthetic"
    verbose_name = "Synthetic data"
