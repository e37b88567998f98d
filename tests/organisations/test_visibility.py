"""The one visibility rule: who sees which organisations and links."""
import pytest

from organisations.models import Commissioning, Organisation


def names(queryset):
    return sorted(o.name for o in queryset)


@pytest.mark.parametrize(("role", "expected"), [
    ("provider_lead", ["North SEIP", "Riverside College", "Shire Council"]),
    ("provider_staff", ["North SEIP", "Riverside College", "Shire Council"]),
    ("other_provider_lead", ["Far Council", "Hilltop AP"]),
    ("partnership_officer", ["North SEIP", "Riverside College"]),
    ("la_commissioner", ["Riverside College", "Shire Council"]),
    ("other_la_commissioner", ["Far Council", "Hilltop AP"]),
    ("no_membership", []),
])
def test_each_role_sees_only_its_own_and_commissioned_organisations(world, role, expected):
    assert names(Organisation.objects.visible_to(world.users[role])) == expected


def test_admin_sees_every_organisation(world):
    assert Organisation.objects.visible_to(world.users["admin"]).count() == Organisation.objects.count()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser
    assert not Organisation.objects.visible_to(AnonymousUser()).exists()
    assert not Commissioning.objects.visible_to(AnonymousUser()).exists()


def test_a_provider_never_sees_another_providers_commissioning(world):
    links = Commissioning.objects.visible_to(world.users["provider_lead"])
    assert {link.provider for link in links} == {world.provider}


def test_a_commissioner_sees_every_link_of_a_provider_it_commissions(world):
    # Decisions about a provider are shared with every partnership and LA that commissions it.
    links = Commissioning.objects.visible_to(world.users["la_commissioner"])
    assert sorted(link.commissioner.name for link in links) == ["North SEIP", "Shire Council"]


def test_a_decommissioned_provider_stays_visible_to_its_commissioner(world):
    Commissioning.objects.filter(commissioner=world.la).update(status="decommissioned")
    assert world.provider in Organisation.objects.visible_to(world.users["la_commissioner"])


def test_an_inactive_user_sees_nothing(world):
    user = world.users["provider_lead"]
    user.is_active = False
    user.save()
    assert not Organisation.objects.visible_to(user).exists()


def test_visible_to_returns_each_organisation_once_for_a_user_in_several_roles(world):
    from tests.factories import MembershipFactory
    user = world.users["la_commissioner"]
    MembershipFactory(user=user, organisation=world.partnership, role="partnership_officer")
    visible = list(Organisation.objects.visible_to(user))
    assert len(visible) == len(set(visible))
