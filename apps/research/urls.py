from django.contrib import admin
from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("admin/research/import/", admin.site.admin_view(views.import_sources), name="import"),
    path("admin/research/deleted/", admin.site.admin_view(views.deleted_list), name="deleted"),
    path(
        "admin/research/deleted/<str:label>/<int:history_id>/restore/",
        admin.site.admin_view(views.restore_deleted),
        name="restore",
    ),
]
