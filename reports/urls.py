"""URLs for report downloads (mounted under /reports/)."""
from django.urls import path, re_path

from . import views

app_name = "reports"

ACTION_PLAN = r"^providers/(?P<slug>[-\w]+)/action-plans/(?P<year>\d{4}-\d{2})/action-plan\."

urlpatterns = [
    path("assessments/<int:pk>/report.pdf", views.assessment_download, {"fmt": "pdf"},
         name="assessment_pdf"),
    path("assessments/<int:pk>/ratings.csv", views.assessment_download, {"fmt": "csv"},
         name="assessment_csv"),
    path("assessments/<int:pk>/ratings.xlsx", views.assessment_download, {"fmt": "xlsx"},
         name="assessment_xlsx"),
    path("visits/<int:pk>/report.pdf", views.visit_download, {"fmt": "pdf"}, name="visit_pdf"),
    path("visits/<int:pk>/ratings.csv", views.visit_download, {"fmt": "csv"}, name="visit_csv"),
    path("visits/<int:pk>/ratings.xlsx", views.visit_download, {"fmt": "xlsx"},
         name="visit_xlsx"),
    re_path(ACTION_PLAN + r"pdf$", views.action_plan_download, {"fmt": "pdf"},
            name="action_plan_pdf"),
    re_path(ACTION_PLAN + r"csv$", views.action_plan_download, {"fmt": "csv"},
            name="action_plan_csv"),
    re_path(ACTION_PLAN + r"xlsx$", views.action_plan_download, {"fmt": "xlsx"},
            name="action_plan_xlsx"),
]
