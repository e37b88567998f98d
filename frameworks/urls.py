"""URLs for the framework browser."""
from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.FrameworkListView.as_view(), name="list"),
    path("<slug:slug>/<str:version>/", views.FrameworkDetailView.as_view(), name="detail"),
]
