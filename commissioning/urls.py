"""URLs of the commissioning cycle."""
from django.urls import path

from . import agreement_views, views

app_name = "commissioning"
urlpatterns = [
    path("", views.check_list, name="list"),
    path("new/", views.check_new, name="new"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("checks/<int:pk>/items/<slug:code>/", views.item_edit, name="item"),
    path("checks/<int:pk>/items/<slug:code>/evidence/", views.item_evidence,
         name="item_evidence"),
    path("checks/<int:pk>/decide/", views.check_decide, name="decide"),
    path("checks/<int:pk>/invite/", views.lead_invite, name="invite_lead"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("links/<int:pk>/agreements/", agreement_views.link_agreements, name="link_agreements"),
    path("links/<int:pk>/agreements/new/", agreement_views.agreement_new, name="agreement_new"),
    path("agreements/<int:pk>/", agreement_views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", agreement_views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/standards/new/", agreement_views.standard_new,
         name="standard_new"),
    path("standards/<int:pk>/record/", agreement_views.standard_record, name="standard_record"),
    path("standards/<int:pk>/remove/", agreement_views.standard_remove, name="standard_remove"),
    path("providers/<slug:slug>/support/", agreement_views.support_list, name="support"),
    path("links/<int:pk>/support/new/", agreement_views.support_new, name="support_new"),
    path("links/<int:pk>/decommission/", agreement_views.decommission, name="decommission"),
    path("decommissionings/<int:pk>/", agreement_views.decommissioning_detail,
         name="decommissioning"),
]
