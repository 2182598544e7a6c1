from django.urls import path

from ..views import debate as views
from ..views import pictures

app_name = "debate"
urlpatterns = [
    path("viewpoints/", views.viewpoint_list, name="viewpoints"),
    path("viewpoints/<int:pk>/", views.position_detail, name="position"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("themes/overview.svg", pictures.overview_svg, name="overview_svg"),
    path("themes/overview.csv", pictures.overview_csv, name="overview_csv"),
    path("themes/<slug:slug>/overview.svg", pictures.overview_svg, name="theme_overview_svg"),
    path("themes/<slug:slug>/overview.csv", pictures.overview_csv, name="theme_overview_csv"),
    path("themes/<slug:slug>/map.svg", pictures.map_svg, name="map_svg"),
    path("themes/<slug:slug>/map.csv", pictures.map_csv, name="map_csv"),
    path("compare/", views.compare, name="compare"),
    path("glossary/", views.glossary, name="glossary"),
]
