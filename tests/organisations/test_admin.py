"""Django's admin: staff only. Signed-out visitors are sent to the admin sign-in, signed-in
people of every portal role who are not staff are refused, and a staff administrator can
open the index and every registered model's list."""
import pytest
from django.contrib import admin
from django.urls import reverse

NON_STAFF_ROLES = [
    "no_membership", "provider_lead", "provider_staff", "other_provider_lead",
    "partnership_officer", "partnership_chair", "la_commissioner", "other_la_commissioner",
]
CHANGELISTS = sorted(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist"
                     for m in admin.site._registry)


def test_a_signed_out_visitor_is_sent_to_the_admin_sign_in(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", NON_STAFF_ROLES)
def test_people_who_are_not_staff_cannot_use_the_admin(world, client_for, role):
    client = client_for(world.users[role])
    for url in [reverse("admin:index"), *(reverse(name) for name in CHANGELISTS)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_a_staff_administrator_opens_the_index_and_every_models_list(world, client_for):
    client = client_for(world.users["admin"])
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "Organisations, people and frameworks" in index.content.decode()
    assert "admin:organisations_organisation_changelist" in CHANGELISTS
    for name in CHANGELISTS:
        assert client.get(reverse(name)).status_code == 200, name
