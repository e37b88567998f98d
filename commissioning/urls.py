"""URLs of the commissioning cycle."""
from django.urls import path

from . import views

app_name = "commissioning"
urlpatterns = [
    path("", views.check_list, name="list"),
    path("new/", views.check_new, name="new"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("checks/<int:pk>/items/<slug:code>/", views.item_edit, name="item"),
    path("checks/<int:pk>/items/<slug:code>/evidence/", views.item_evidence,
         name="item_evidence"),
    path("checks/<int:pk>/decide/", views.check_decide, name="decide"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
