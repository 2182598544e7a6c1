from django.urls import path

from .. import feeds

app_name = "feeds"
urlpatterns = [
    path("feeds/sources/", feeds.NewSourcesFeed(), name="sources"),
    path("feeds/experts/<slug:slug>/", feeds.ExpertFeed(), name="expert"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFeed(), name="theme"),
]
