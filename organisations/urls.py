"""URLs for organisations."""
from django.urls import path

from . import import_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    # Before the organisations' own pages: "import" is a reserved slug (identifiers.py).
    path("import/", import_views.import_upload, name="import"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/template.csv", import_views.template_csv_download, name="template_csv"),
    path("import/template.xlsx", import_views.template_xlsx_download, name="template_xlsx"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
    path("<slug:slug>/setting/", views.setting, name="setting"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/restore/", views.restore, name="restore"),
    path("commissioning/<int:pk>/status/", views.commissioning_status, name="commissioning_status"),
]
