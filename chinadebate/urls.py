from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.research.urls")),
    path("admin/", admin.site.urls),
    path("", include("apps.portal.urls")),
]

admin.site.site_header = "chinadebate — research desk"
admin.site.site_title = "chinadebate admin"
admin.site.index_title = "Sources, experts and positions"
