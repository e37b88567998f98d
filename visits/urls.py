"""URLs for QA visits and causes for concern, mounted at /visits/."""
from django.urls import path

from . import concern_views, contact_views, record_views, views, workflow_views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("new/", views.visit_create, name="create"),
    path("<int:pk>/", views.visit_overview, name="overview"),
    path("<int:pk>/team/", views.visit_setup, name="setup"),
    path("<int:pk>/lebc-check/", contact_views.visit_lebc, name="lebc"),
    path("<int:pk>/contacts/", contact_views.visit_contacts, name="contacts"),
    path("<int:pk>/sections/<str:code>/", record_views.visit_section, name="section"),
    path("<int:pk>/requirements/<int:response_pk>/", record_views.requirement_save,
         name="requirement_save"),
    path("<int:pk>/sections/<str:code>/judgement/", record_views.visit_judgement,
         name="judgement"),
    path("<int:pk>/evidence/<str:code>/", record_views.provider_evidence, name="evidence"),
    path("<int:pk>/evidence/requirements/<int:response_pk>/", record_views.evidence_save,
         name="evidence_save"),
    path("<int:pk>/files/<int:file_pk>/", record_views.evidence_download,
         name="evidence_download"),
    path("<int:pk>/share/", workflow_views.visit_share, name="share"),
    path("<int:pk>/record/", workflow_views.visit_record, name="record"),
    path("<int:pk>/share-judgements/", workflow_views.visit_share_judgements,
         name="share_judgements"),
    path("<int:pk>/respond/", workflow_views.visit_respond, name="respond"),
    path("<int:pk>/finalise/", workflow_views.visit_finalise, name="finalise"),
    path("<int:pk>/withdraw/", workflow_views.visit_withdraw, name="withdraw"),
    path("<int:pk>/history/", views.visit_history, name="history"),
    path("concerns/<int:pk>/", concern_views.concern_detail, name="concern"),
]
