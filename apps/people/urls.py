from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("experts/<slug:slug>/", views.expert_detail, name="expert"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
]
