from django.urls import path

from . import views

app_name = "debate"
urlpatterns = [
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("viewpoints/<int:pk>/", views.position_detail, name="position"),
    path("glossary/", views.glossary, name="glossary"),
]
