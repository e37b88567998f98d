"""URLs for action plans."""
from django.urls import path

from . import views

app_name = "actionplans"
urlpatterns = [
    path("assessments/<int:pk>/actions/new/", views.stage2_action_create_view,
         name="stage2_action_create"),
]
