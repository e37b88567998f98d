"""URLs for outcomes monitoring: the import and its templates, learners and their goals,
and which providers see learner rows."""
from django.urls import path

from . import (
    access_views,
    indicator_views,
    learner_views,
    medium_term_views,
    progress_views,
    views,
)

app_name = "outcomes"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/", views.import_status, name="import_status"),
    path("import/template.csv", views.template_csv_download, name="template_csv"),
    path("import/template.xlsx", views.template_xlsx_download, name="template_xlsx"),
    path("learners/", learner_views.learner_list, name="learners"),
    path("learners.csv", learner_views.learner_csv, name="learners_csv"),
    path("access-records/", access_views.access_records, name="access_records"),
    path("access-records.csv", access_views.access_records_csv, name="access_records_csv"),
    path("learners/new/", learner_views.learner_add, name="learner_add"),
    path("learners/<int:pk>/", learner_views.learner_detail, name="learner"),
    path("learners/<int:pk>/goals/new/", learner_views.outcome_add, name="outcome_add"),
    path("learners/<int:pk>/medium-term/new/", medium_term_views.medium_term_add,
         name="medium_term_add"),
    path("medium-term/<int:pk>/steps/new/", medium_term_views.step_add, name="step_add"),
    path("medium-term/<int:pk>/steps/send/", progress_views.step_send, name="step_send"),
    path("goals/<int:pk>/edit/", learner_views.outcome_edit, name="outcome_edit"),
    path("sharing/", learner_views.sharing, name="sharing"),
    path("indicators/", indicator_views.indicator_list, name="indicators"),
    path("indicators/new/", indicator_views.indicator_add, name="indicator_add"),
    path("indicators/import/", indicator_views.indicator_import_file, name="indicators_import"),
    path("indicators/import/confirm/", indicator_views.indicator_import_confirm,
         name="indicators_import_confirm"),
    path("progress/", progress_views.progress_list, name="progress_list"),
    path("progress/send/", progress_views.progress_upload, name="progress_send"),
    path("progress/enter/", progress_views.progress_enter, name="progress_enter"),
    path("progress/send/confirm/", progress_views.progress_confirm,
         name="progress_send_confirm"),
    path("progress/<int:pk>/", progress_views.progress_detail, name="progress"),
]
