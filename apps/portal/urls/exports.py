from django.urls import path

from ..views import exports as views

app_name = "exports"
urlpatterns = [
    *[
        path(
            f"publications/<slug:slug>/cite.{fmt}",
            views.publication_citation,
            {"fmt": fmt},
            name=f"cite_{fmt}",
        )
        for fmt in ("bib", "ris", "json")
    ],
    *[
        path(
            f"viewpoints/export.{fmt}",
            views.viewpoints_export,
            {"fmt": fmt},
            name=f"viewpoints_{fmt}",
        )
        for fmt in ("csv", "json")
    ],
    path("downloads/chinadebate-<str:version>.zip", views.dataset_download, name="download"),
]
