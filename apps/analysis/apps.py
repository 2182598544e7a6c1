from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "apps.analysis"
    verbose_name = "The analysis"
