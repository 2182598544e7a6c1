from django.apps import AppConfig


class DebateConfig(AppConfig):
    name = "apps.debate"
    verbose_name = "The debate"

    def ready(self):
        from apps.core.admin_base import register_dependent_texts

        from . import changes, copies
        from .search import positions_searched_through, refresh_search_texts

        copies.connect()
        changes.connect()
        # Positions are searched by the words of their themes, sources, holders and terms.
        register_dependent_texts(positions_searched_through, refresh_search_texts)
