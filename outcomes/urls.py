"""URLs for outcomes monitoring: the import and its templates."""
from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/template.csv", views.template_csv_download, name="template_csv"),
    path("import/template.xlsx", views.template_xlsx_download, name="template_xlsx"),
]
