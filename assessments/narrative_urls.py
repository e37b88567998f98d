"""URLs for what a provider says beside its ratings: cohort figures, narrative and strengths."""
from django.urls import path

from . import narrative_views

urlpatterns = [
    path("<int:pk>/cohort/", narrative_views.cohort_edit, name="cohort"),
    path("<int:pk>/narrative/", narrative_views.narrative_edit, name="narrative"),
]
