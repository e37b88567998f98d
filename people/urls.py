"""URLs for people: an organisation's people (its lead's pages) and the invitation link."""
from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("organisations/<slug:slug>/people/", views.people_list, name="list"),
    path("organisations/<slug:slug>/people/invite/", views.invite, name="invite"),
    path("organisations/<slug:slug>/people/<int:pk>/role/", views.change_role,
         name="change_role"),
    path("organisations/<slug:slug>/people/<int:pk>/remove/", views.remove, name="remove"),
    path("organisations/<slug:slug>/people/<int:pk>/data-protection/", views.data_protection,
         name="data_protection"),
    path("organisations/<slug:slug>/invitations/<int:pk>/resend/", views.resend, name="resend"),
    path("organisations/<slug:slug>/invitations/<int:pk>/withdraw/", views.withdraw,
         name="withdraw"),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
