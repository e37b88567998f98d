"""URLs for self-assessments."""
from django.urls import include, path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("start/", views.assessment_start, name="start"),
    path("<int:pk>/", views.assessment_overview, name="overview"),
    path("<int:pk>/sections/<str:code>/", views.section_edit, name="section"),
    path("<int:pk>/responses/<int:response_pk>/", views.criterion_save, name="criterion_save"),
    path("<int:pk>/summary/", views.assessment_summary, name="summary"),
    path("<int:pk>/submit/", views.assessment_submit, name="submit"),
    path("<int:pk>/reopen/", views.assessment_reopen, name="reopen"),
    path("<int:pk>/share/", views.assessment_share, name="share"),
    path("<int:pk>/history/", views.assessment_history, name="history"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("", include("assessments.narrative_urls")),
    path("", include("assessments.quality_document_urls")),
]
