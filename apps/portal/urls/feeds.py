from django.urls import path
from django.views.decorators.http import require_safe

from .. import feeds

# GET and HEAD only: any other method is answered 405.
app_name = "feeds"
urlpatterns = [
    path("feeds/sources/", require_safe(feeds.NewSourcesFeed()), name="sources"),
    path("feeds/analyses/", require_safe(feeds.AnalysesFeed()), name="analyses"),
    path("feeds/experts/<slug:slug>/", require_safe(feeds.ExpertFeed()), name="expert"),
    path("feeds/themes/<slug:slug>/", require_safe(feeds.ThemeFeed()), name="theme"),
]
