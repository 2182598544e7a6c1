from django.urls import path

from ..views import debate as views

app_name = "debate"
urlpatterns = [
    path("viewpoints/", views.viewpoint_list, name="viewpoints"),
    path("viewpoints/<int:pk>/", views.position_detail, name="position"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("compare/", views.compare, name="compare"),
    path("glossary/", views.glossary, name="glossary"),
]
