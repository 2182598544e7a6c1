from django.urls import path

from . import views

app_name = "sources"
urlpatterns = [
    path("publications/", views.publication_list, name="publications"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
]
