from django.contrib import admin
from django.urls import path

from . import feeds, views

app_name = "research"
urlpatterns = [
    path("admin/research/import/", admin.site.admin_view(views.import_sources), name="import"),
    path("admin/research/deleted/", admin.site.admin_view(views.deleted_list), name="deleted"),
    path(
        "admin/research/deleted/<str:label>/<int:history_id>/restore/",
        admin.site.admin_view(views.restore_deleted),
        name="restore",
    ),
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
    path("feeds/sources/", feeds.NewSourcesFeed(), name="feed_sources"),
    path("feeds/experts/<slug:slug>/", feeds.ExpertFeed(), name="feed_expert"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFeed(), name="feed_theme"),
]
