"""The dashboards' URLs (the home page is the site root, in ``qaportal.urls``)."""
from django.urls import path

from . import board_views, outcome_views, profile_views, trend_views, views

app_name = "dashboards"
urlpatterns = [
    path("providers/", views.provider_dashboard, name="providers"),
    path("providers.csv", views.provider_dashboard_export, {"fmt": "csv"}, name="providers_csv"),
    path("providers.xlsx", views.provider_dashboard_export, {"fmt": "xlsx"},
         name="providers_xlsx"),
    path("providers.pdf", views.provider_dashboard_pdf, name="providers_pdf"),
    path("visits/", board_views.visit_heatmap, name="heatmap"),
    path("concerns/", board_views.concerns, name="concerns"),
    path("self-assessment-and-visit/", board_views.self_assessment_beside_visit, name="beside"),
    path("providers/<slug:slug>/", profile_views.provider_profile, name="provider_profile"),
    path("providers/<slug:slug>/provider-pack.pdf", profile_views.provider_profile_pdf,
         name="provider_pack"),
    path("trends/", trend_views.trends_page, name="trends"),
    path("outcomes/", outcome_views.outcomes_page, name="outcomes"),
    path("outcomes.csv", outcome_views.outcomes_export, {"fmt": "csv"}, name="outcomes_csv"),
    path("outcomes.xlsx", outcome_views.outcomes_export, {"fmt": "xlsx"}, name="outcomes_xlsx"),
]
