"""The pages where an organisation's lead manages its API tokens."""
from django.urls import path

from . import views

app_name = "tokens"
urlpatterns = [
    path("organisations/<slug:slug>/api-tokens/", views.token_list, name="list"),
    path("organisations/<slug:slug>/api-tokens/new/", views.token_new, name="new"),
    path("organisations/<slug:slug>/api-tokens/<int:pk>/", views.token_detail, name="detail"),
]
