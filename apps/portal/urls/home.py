from django.urls import path

from ..views import home, search

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search, name="search"),
    path("healthz", home.health, name="health"),
]
