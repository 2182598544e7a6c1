from django.urls import path

from ..views import people as views

app_name = "people"
urlpatterns = [
    path("experts/", views.expert_list, name="experts"),
    path("experts/<slug:slug>/", views.expert_detail, name="expert"),
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
]
