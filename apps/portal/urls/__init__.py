"""The public site's URLs, one module per section. Each section keeps its own URL namespace
(``people:expert``, ``debate:viewpoints``…), named after the domain it shows."""

from django.urls import include, path

urlpatterns = [
    path("", include("apps.portal.urls.exports")),
    path("", include("apps.portal.urls.feeds")),
    path("", include("apps.portal.urls.home")),
    path("", include("apps.portal.urls.people")),
    path("", include("apps.portal.urls.sources")),
    path("", include("apps.portal.urls.analysis")),
    path("", include("apps.portal.urls.debate")),
]
