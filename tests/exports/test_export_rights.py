"""A bulk export's ZIP is downloaded only with the rights it was made with: someone removed
from the organisation it was made for, or who can no longer see one of its providers, or
who lost a role that put something into it (a partnership's internal notes), cannot download
it, and the export's page says why instead of offering the link."""
import pytest
from django.urls import reverse

from exports.permissions import NO_LONGER_SEEN, ROLES_CHANGED
from organisations.models import Commissioning, Membership
from tests.reports.conftest import pdf_text

from .conftest import request_export, run_worker, stored_zip, zip_contents

pytestmark = pytest.mark.django_db


def _download(client, export):
    return client.get(reverse("exports:download", args=[export.pk]))


def _visit_notes(demo):
    notes = list(demo.visit.responses.exclude(internal_notes="")
                 .values_list("internal_notes", flat=True))
    assert notes
    return notes


def test_someone_removed_from_the_organisation_can_no_longer_open_or_download_its_export(
        demo, media, client_for):
    officer = demo.user("seip_officer")
    membership = officer.memberships.get()
    export = request_export(officer, membership.organisation, providers=[demo.oakfield],
                            reports=["visits"])
    run_worker()
    client = client_for(officer)
    assert _download(client, export).status_code == 200  # the officer's own, while in the SEIP

    membership.delete()

    assert _download(client, export).status_code == 404
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(export.get_absolute_url(), headers={"HX-Request": "true"}).status_code == 404


def test_a_lost_role_that_put_internal_notes_into_the_zip_stops_the_download(
        demo, media, client_for):
    """An SEIP officer who is also a Leicestershire commissioner exports as Leicestershire:
    the visit's internal notes are in the ZIP because of the SEIP role. Once that role is gone,
    so is the download, though the person still commissions for Leicestershire."""
    user = demo.user("seip_officer")
    seip = user.memberships.get()
    leics = demo.user("leics_commissioner").memberships.get().organisation
    Membership.objects.create(user=user, organisation=leics, role=Membership.Role.LA_COMMISSIONER)
    export = request_export(user, leics, providers=[demo.oakfield], reports=["visits"])
    run_worker()
    export.refresh_from_db()
    (pdf,) = [v for k, v in zip_contents(stored_zip(export)).items() if k.endswith(".pdf")]
    assert any(note[:40] in pdf_text(pdf) for note in _visit_notes(demo))

    seip.delete()

    client = client_for(user)
    response = _download(client, export)
    reason = ROLES_CHANGED.format(role="partnership officer", organisation=seip.organisation.name)
    assert response.status_code == 403 and reason in response.content.decode()
    page = client.get(export.get_absolute_url()).content.decode()
    assert reason in page
    assert reverse("exports:download", args=[export.pk]) not in page
    # Asked again, the new export holds what the person may see now: no internal notes.
    again = request_export(user, leics, providers=[demo.oakfield], reports=["visits"])
    run_worker()
    response = _download(client_for(user), again)
    assert response.status_code == 200
    contents = zip_contents(b"".join(response.streaming_content))
    (pdf,) = [v for k, v in contents.items() if k.endswith(".pdf")]
    assert not any(note[:40] in pdf_text(pdf) for note in _visit_notes(demo))


def test_a_provider_no_longer_seen_stops_the_download_without_naming_it(
        world, ctx, media, client_for):
    user = world.users["la_commissioner"]
    export = request_export(user, world.la, providers=[world.provider], period="2024/25",
                            reports=["self_assessments"])
    run_worker()
    client = client_for(user)
    assert _download(client, export).status_code == 200

    Commissioning.objects.filter(commissioner=world.la, provider=world.provider).delete()

    assert _download(client, export).status_code == 403
    page = client.get(export.get_absolute_url()).content.decode()
    assert NO_LONGER_SEEN.format(count=1, providers="provider") in page
    assert world.provider.name not in page
    assert reverse("exports:download", args=[export.pk]) not in page
