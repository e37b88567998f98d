"""The service level agreement a commissioning link works to: kept by those who decide on
commissioning, in the link's history, and shown on the provider's page and its QA visits
("QA Visit Record is linked to the Service Level Agreement")."""
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from organisations.models import Commissioning
from tests.visits.helpers import create_visit
from tests.visits.test_visit_pages import date_fields


@pytest.fixture
def link(world):
    return Commissioning.objects.get(commissioner=world.partnership, provider=world.provider)


def test_the_chair_records_the_agreement_and_the_visit_shows_it(world, frameworks, link,
                                                                client_for):
    chair = world.users["partnership_chair"]
    client = client_for(chair)
    url = reverse("organisations:commissioning_agreement", args=[link.pk])
    assert "Record the agreement" in client.get(world.provider.get_absolute_url()).content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Enter the agreement&#x27;s reference, as it is written on it." in empty.content.decode()
    assert "Enter the date the agreement starts." in empty.content.decode()
    backwards = client.post(url, {"reference": "SLA-2026-014",
                                  **date_fields(datetime.date(2026, 9, 1), "starts"),
                                  **date_fields(datetime.date(2026, 8, 31), "ends")})
    assert "must be on or after the day it starts" in backwards.content.decode()
    done = client.post(url, {"reference": " SLA-2026-014 ",
                             **date_fields(datetime.date(2026, 9, 1), "starts"),
                             **date_fields(datetime.date(2027, 8, 31), "ends")})
    assert done.status_code == 302
    link.refresh_from_db()
    assert (link.agreement_reference, link.agreement_starts, link.agreement_ends) == (
        "SLA-2026-014", datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert link.history.first().history_user == chair
    shown = "SLA-2026-014, from 1 September 2026 to 31 August 2027"
    assert shown in client.get(world.provider.get_absolute_url()).content.decode()
    visit = create_visit(world, frameworks)
    overview = client_for(world.users["partnership_officer"]).get(visit.get_absolute_url())
    assert "Service level agreement" in overview.content.decode()
    assert shown in overview.content.decode()


def test_an_officer_reads_it_but_does_not_change_it(world, link, client_for):
    client = client_for(world.users["partnership_officer"])
    url = reverse("organisations:commissioning_agreement", args=[link.pk])
    assert client.get(url).status_code == 403
    assert url not in client.get(world.provider.get_absolute_url()).content.decode()


def test_the_database_refuses_an_agreement_ending_before_it_starts(world, link):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commissioning.objects.filter(pk=link.pk).update(
            agreement_starts=datetime.date(2026, 9, 1), agreement_ends=datetime.date(2026, 1, 1))
