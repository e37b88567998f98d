"""URLs for a self-assessment's SAR and QIP (``assessments.quality_documents``)."""
from django.urls import path

from . import quality_documents

urlpatterns = [
    path("<int:pk>/sar-and-qip/", quality_documents.quality_documents,
         name="quality_documents"),
    path("quality-documents/<int:pk>/", quality_documents.quality_document_download,
         name="quality_document"),
]
