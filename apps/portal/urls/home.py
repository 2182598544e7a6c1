from django.urls import path

from ..views import home, network, search, timeline

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search, name="search"),
    path("healthz", home.health, name="health"),
    path("timeline/", timeline.timeline, name="timeline"),
    path("timeline.svg", timeline.timeline_svg, name="timeline_svg"),
    path("timeline.csv", timeline.timeline_csv, name="timeline_csv"),
    path("network/", network.network, name="network"),
    path("network.svg", network.network_svg, name="network_svg"),
    path("network.csv", network.network_csv, name="network_csv"),
]
