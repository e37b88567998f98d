"""URLs for moderation samples, included under /reviews/samples/ in the ``reviews``
namespace (no ``app_name`` here: the including URLconf names it)."""
from django.urls import path

from . import sample_views

urlpatterns = [
    path("", sample_views.sample_list, name="sample_list"),
    path("draw/", sample_views.sample_draw, name="sample_draw"),
    path("<int:pk>/", sample_views.sample_detail, name="sample_detail"),
]
