"""The provider pack: the provider profile as a PDF, with each agreement's standards and the
support log, the same figures for the same person as the page, and a number of queries that does
not grow with the service or the log."""
import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.models import SupportEntry
from organisations.models import Commissioning
from tests.list_data import agreement, many_providers
from tests.reports.conftest import pdf_text

TODAY = datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC)


def url(provider) -> str:
    return f"/dashboard/providers/{provider.slug}/provider-pack.pdf"


@pytest.fixture
def la_link(world):
    return Commissioning.objects.get(commissioner=world.la, provider=world.provider)


def log(world, provider, topic, on, uptake="offered"):
    return SupportEntry.objects.create(
        provider=provider, commissioner=world.la, kind="training", topic=topic, on=on,
        uptake=uptake, given_by="Shire inclusion team", recorded_by=world.users["la_commissioner"])


@time_machine.travel(TODAY, tick=False)
def test_a_commissioners_pack_holds_the_agreement_its_standards_and_the_support_log(
        known, world, la_link, client_for):
    agreement(world, la_link)
    response = client_for(world.users["la_commissioner"]).get(url(world.provider))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college-provider-pack-2026-12-06.pdf"')
    pdf = pdf_text(response.content)
    assert "Riverside College: provider pack" in pdf
    assert "Commissioner copy: not for the provider" in pdf
    # The agreement in force, standard by standard, as commissioning.standards judges them.
    assert "Shire Council: Active" in pdf
    assert f"SLA-{la_link.pk}" in pdf and "1 of 4 standards met, 3 not met" in pdf
    assert "Attendance at least 90% Met" in pdf
    assert "North SEIP: Active" in pdf and "No current agreement" in pdf
    # The support log, and the rest of the profile as the commissioner's page shows it.
    assert "Safeguarding Training" in pdf and "Attended" in pdf
    assert "2025/26 36 of 36" in pdf
    assert "Learner Safety: Red" in pdf
    assert "Causes for concern and decisions" in pdf and "Raised by North SEIP" in pdf


def test_the_providers_own_lead_gets_the_provider_copy_without_concerns(known, world, la_link,
                                                                         client_for):
    agreement(world, la_link)
    response = client_for(world.users["provider_lead"]).get(url(world.provider))
    assert response.status_code == 200
    pdf = pdf_text(response.content)
    assert "Commissioner copy" not in pdf
    assert "Safeguarding Training" in pdf and f"SLA-{la_link.pk}" in pdf
    assert "Learner Safety: Red" in pdf  # the visit is final: its findings are shared
    assert "cause for concern" not in pdf.lower()


def test_the_pack_lists_the_latest_entries_and_says_the_log_holds_the_rest(world, client_for,
                                                                          monkeypatch):
    monkeypatch.setattr("dashboards.profile_views.SUPPORT_IN_PACK", 2)
    for day, topic in [(1, "Oldest topic"), (2, "Middle topic"), (3, "Newest topic")]:
        log(world, world.provider, topic, datetime.date(2026, 3, day))
    pdf = pdf_text(client_for(world.users["la_commissioner"]).get(url(world.provider)).content)
    assert "The latest 2 entries; the support log in the portal holds them all." in pdf
    assert "Newest topic" in pdf and "Middle topic" in pdf and "Oldest topic" not in pdf


def test_the_profile_page_offers_the_pack(world, client_for):
    html = client_for(world.users["partnership_officer"]).get(
        f"/dashboard/providers/{world.provider.slug}/").content.decode()
    assert f'href="{url(world.provider)}"' in html and "Download the provider pack" in html


def queries(client, provider) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(provider)).status_code == 200
    return len(captured)


def test_the_packs_queries_do_not_grow_with_the_service_or_its_log(world, frameworks, la_link,
                                                                   client_for):
    agreement(world, la_link)
    many_providers(world, frameworks, 1)  # with a visit and a plan of the world's provider
    client = client_for(world.users["la_commissioner"])
    few = queries(client, world.provider)
    # Each with an agreement and a support-log entry.
    many_providers(world, frameworks, 20, first=2, own=False)
    for day in range(1, 21):
        log(world, world.provider, f"Topic {day}", datetime.date(2026, 2, day))
    assert queries(client, world.provider) == few
