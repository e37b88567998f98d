"""Archiving an organisation no longer in use: an administrator archives it, saying why, and
restores it; archived, it is left out of the lists and no new work starts with it, while its
page and records stay readable to everyone who could read them."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organisations import services
from organisations.models import Organisation
from organisations.permissions import can


def archived(world, org=None, reason="Closed in July 2026."):
    return services.organisation_archive(organisation=org or world.other_provider,
                                         reason=reason, by=world.users["admin"])


def test_an_administrator_archives_saying_why_and_restores(world):
    org = archived(world)
    assert org.is_archived and org.archived_reason == "Closed in July 2026."
    assert org.history.first().history_change_reason == "archived: Closed in July 2026."
    assert org.history.first().history_user == world.users["admin"]
    org = services.organisation_restore(organisation=org, by=world.users["admin"])
    assert not org.is_archived and org.archived_reason == ""
    assert org.history.first().history_change_reason == "restored"


def test_only_administrators_archive_and_a_reason_is_needed(world):
    for role in ("other_provider_lead", "other_la_commissioner", "partnership_chair"):
        with pytest.raises(PermissionDenied):
            services.organisation_archive(organisation=world.other_provider, reason="x",
                                          by=world.users[role])
    with pytest.raises(ValidationError) as refused:
        archived(world, reason="  ")
    assert refused.value.message_dict == {"reason": [services.ARCHIVE_REASON_REQUIRED]}
    archived(world)
    with pytest.raises(ValidationError):
        archived(world)


def test_an_archived_provider_is_left_out_of_the_lists_but_its_page_stays(world, client_for):
    archived(world)
    for role in ("admin", "other_la_commissioner"):
        client = client_for(world.users[role])
        assert "Hilltop AP" not in client.get(reverse("organisations:list")).content.decode()
        page = client.get(world.other_provider.get_absolute_url())
        assert page.status_code == 200
        assert "Archived on" in page.content.decode()
        assert "Closed in July 2026." in page.content.decode()
    assert list(Organisation.objects.in_use().filter(pk=world.other_provider.pk)) == []


def test_the_pages_archive_and_restore(world, client_for):
    admin = client_for(world.users["admin"])
    url = reverse("organisations:archive", args=[world.other_provider.slug])
    assert url in admin.get(world.other_provider.get_absolute_url()).content.decode()
    empty = admin.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert empty.context["form"].errors == {"reason": [services.ARCHIVE_REASON_REQUIRED]}
    done = admin.post(url, {"reason": "Closed."}, follow=True)
    assert "Hilltop AP is archived." in done.content.decode()
    restore = reverse("organisations:restore", args=[world.other_provider.slug])
    assert restore in done.content.decode()
    admin.post(restore)
    world.other_provider.refresh_from_db()
    assert not world.other_provider.is_archived


def test_no_new_work_starts_with_an_archived_organisation(world):
    from organisations.models import Commissioning

    provider = archived(world, world.provider)
    link = Commissioning.objects.get(commissioner=world.partnership, provider=world.provider)
    assert not can(world.users["provider_lead"], "assessments.start_self_assessment", provider)
    assert not can(world.users["partnership_officer"], "visits.create_visit", link)
    from people import services as people

    with pytest.raises(ValidationError) as refused:
        people.invite(organisation=provider, email="new@riverside.test",
                      role="provider_staff", by=world.users["provider_lead"])
    assert refused.value.messages == [people.ARCHIVED.format(organisation="Riverside College")]


def test_dashboards_exports_and_visit_choices_leave_an_archived_provider_out(world,
                                                                               client_for):
    from exports.selectors import commissioned_providers
    from visits.selectors import creatable_links

    assert "Riverside College" in client_for(world.users["la_commissioner"]).get(
        reverse("dashboards:providers")).content.decode()
    archived(world, world.provider)
    page = client_for(world.users["la_commissioner"]).get(reverse("dashboards:providers"))
    assert "Riverside College" not in page.content.decode()
    assert world.provider not in commissioned_providers(world.la)
    assert not creatable_links(world.users["partnership_officer"]).exists()


def test_the_import_refuses_an_archived_provider_or_commissioner(world):
    from organisations.import_rows import ARCHIVED_COMMISSIONER
    from organisations.importer import ARCHIVED, import_check

    from .import_helpers import csv_bytes, with_cell

    world.other_provider.urn = "100001"
    world.other_provider.save()
    archived(world)
    archived(world, world.partnership)
    plan = import_check(content=csv_bytes(rows=with_cell("commissioned_by", "north-seip")[:1]),
                        filename="p.csv")
    assert [(e.column, e.message) for e in plan.errors] == [
        ("commissioned_by", ARCHIVED_COMMISSIONER.format(name="North SEIP"))]
    plan = import_check(content=csv_bytes(rows=with_cell("commissioned_by", "")[:1]),
                        filename="p.csv")
    assert [(e.column, e.message) for e in plan.errors] == [
        ("urn", ARCHIVED.format(name="Hilltop AP"))]
