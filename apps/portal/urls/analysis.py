from django.urls import path

from ..views import analysis as views

app_name = "analysis"
urlpatterns = [
    path("analysis/", views.analysis_list, name="index"),
    path("analysis/<slug:slug>/", views.analysis_detail, name="analysis"),
    path("analysis/<slug:slug>/<slug:chapter_slug>/", views.chapter_detail, name="chapter"),
]
