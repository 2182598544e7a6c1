from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "apps.dataset"
    verbose_name = "The dataset"
