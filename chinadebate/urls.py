from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.research.urls")),
    path("admin/", admin.site.urls),
    path("", include("apps.portal.urls")),
    path("", include("apps.people.urls")),
    path("", include("apps.sources.urls")),
    path("", include("apps.analysis.urls")),
    path("", include("apps.debate.urls")),
]

admin.site.site_header = "chinadebate — research desk"
admin.site.site_title = "chinadebate admin"
admin.site.index_title = "Sources, experts and positions"
