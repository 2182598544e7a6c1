from django.urls import path

from ..views import sources as views

app_name = "sources"
urlpatterns = [
    path("publications/", views.publication_list, name="publications"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
]
