"""URLs for action plans."""
from django.urls import path

from . import views

app_name = "actionplans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("assessments/<int:pk>/actions/new/", views.stage2_action_create_view,
         name="stage2_action_create"),
    path("review-items/<int:pk>/action/", views.review_action_create, name="review_action"),
    path("<slug:slug>/<str:period>/", views.plan_detail, name="plan"),
    path("<slug:slug>/<str:period>/actions/new/", views.action_create, name="action_create"),
    path("<slug:slug>/<str:period>/carry-forward/", views.carry_forward_view, name="carry_forward"),
]
