"""The dashboards' URLs (the home page is the site root, in ``qaportal.urls``)."""
from django.urls import path

from . import trend_views, views

app_name = "dashboards"
urlpatterns = [
    path("providers/", views.provider_dashboard, name="providers"),
    path("providers.csv", views.provider_dashboard_export, {"fmt": "csv"}, name="providers_csv"),
    path("providers.xlsx", views.provider_dashboard_export, {"fmt": "xlsx"},
         name="providers_xlsx"),
    path("trends/", trend_views.trends_page, name="trends"),
]
