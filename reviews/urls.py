"""URLs for reviews of submitted self-assessments, mounted at /reviews/."""
from django.urls import include, path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    # Moderation samples (sampled second marking): reviews:sample_list, _draw, _detail.
    path("samples/", include("reviews.sample_urls")),
    path("start/<int:assessment_pk>/", views.review_start, name="start"),
    path("<int:pk>/", views.review_overview, name="overview"),
    path("<int:pk>/sections/<str:code>/", views.review_section, name="section"),
    path("<int:pk>/share/", views.review_share, name="share"),
    path("<int:pk>/respond/", views.review_respond, name="respond"),
    path("<int:pk>/finalise/", views.review_finalise, name="finalise"),
]
