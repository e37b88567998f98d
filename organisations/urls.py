"""URLs for organisations."""
from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<slug:slug>/setting/", views.setting, name="setting"),
    path("commissioning/<int:pk>/status/", views.commissioning_status, name="commissioning_status"),
]
