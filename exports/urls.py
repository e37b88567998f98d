"""URLs for bulk exports, mounted at /exports/."""
from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.export_list, name="list"),
    path("new/", views.export_new, name="new"),
    path("<int:pk>/", views.export_detail, name="detail"),
    path("<int:pk>/download/", views.export_download, name="download"),
    path("<int:pk>/spreadsheet/", views.export_spreadsheet, name="spreadsheet"),
    path("inspection-pack/new/", views.pack_new, name="pack_new"),
    path("dashboard-pdf/new/", views.dashboard_pdf_new, name="dashboard_pdf"),
]
