"""An LA's data-protection lead reads the records of access to its learners' rows: searched
by person, learner reference and date, downloaded as CSV; nobody else reads them, and a lead
sees nothing of another LA's. The LA's lead makes a member its data-protection lead, with a
reason kept in the history."""
import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership
from outcomes.access_models import LearnerAccess
from outcomes.access_views import NOT_ALLOWED, UNTIL_BEFORE_SINCE
from people import services as people_services
from tests.factories import MembershipFactory

from .test_learner_pages import learners  # noqa: F401  (a fixture)

RECORDS = reverse("outcomes:access_records")
RECORDS_CSV = reverse("outcomes:access_records_csv")


def _lead(world, la):
    """A colleague at ``la`` whom its commissioner makes the data-protection lead."""
    membership = MembershipFactory(organisation=la, role=Membership.Role.LA_COMMISSIONER)
    lead = world.users["la_commissioner"] if la == world.la else world.users[
        "other_la_commissioner"]
    people_services.set_data_protection_lead(membership=membership, lead=True,
                                             reason="Our information governance officer",
                                             by=lead)
    return membership.user


@pytest.fixture
def seen(shire, learners, client_for):  # noqa: F811
    """Shire's commissioner opens two learners and downloads the list; Far's opens its own."""
    commissioner = client_for(shire.users["la_commissioner"])
    for reference in ("SH-0001", "SH-0002"):
        commissioner.get(reverse("outcomes:learner", args=[learners[reference].pk]))
    commissioner.get(reverse("outcomes:learners_csv"))
    client_for(shire.users["other_la_commissioner"]).get(
        reverse("outcomes:learner", args=[learners["FAR-0001"].pk]))
    return learners


def _text(response) -> str:
    return response.content.decode()


def test_the_data_protection_lead_reads_their_las_records_only(shire, seen, client_for):
    lead = client_for(_lead(shire, shire.la))
    page = lead.get(RECORDS)
    assert page.status_code == 200
    records = list(page.context["records"])
    assert [r.get_kind_display() for r in records] == [
        "Learner-level download", "Learner's page", "Learner's page"]
    assert {r.local_authority for r in records} == {shire.la}
    assert "FAR-0001" not in _text(page)
    # The other LA's lead sees its own record only.
    other = client_for(_lead(shire, shire.other_la)).get(RECORDS)
    assert [r.reference_list for r in other.context["records"]] == [["FAR-0001"]]


def test_the_records_are_searched_by_person_reference_and_date(shire, seen, client_for):
    lead = client_for(_lead(shire, shire.la))
    by_reference = lead.get(RECORDS, {"reference": "SH-0002"}).context["records"]
    assert sorted(r.get_kind_display() for r in by_reference) == [
        "Learner's page", "Learner-level download"]
    assert not lead.get(RECORDS, {"who": "nobody@"}).context["records"]
    assert len(lead.get(RECORDS, {"who": shire.users["la_commissioner"].email[:6]})
               .context["records"]) == 3
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    assert len(lead.get(RECORDS, {"since_0": today.day, "since_1": today.month,
                                  "since_2": today.year}).context["records"]) == 3
    assert not lead.get(RECORDS, {"since_0": tomorrow.day, "since_1": tomorrow.month,
                                  "since_2": tomorrow.year}).context["records"]
    # An end before the start: said next to the field, and nothing narrowed.
    wrong = lead.get(RECORDS, {"since_0": tomorrow.day, "since_1": tomorrow.month,
                               "since_2": tomorrow.year, "until_0": today.day,
                               "until_1": today.month, "until_2": today.year})
    assert wrong.status_code == 400 and UNTIL_BEFORE_SINCE in _text(wrong)
    assert "<title>Error: " in _text(wrong)


def test_the_records_download_as_csv(shire, seen, client_for):
    lead = client_for(_lead(shire, shire.la))
    response = lead.get(RECORDS_CSV, {"reference": "SH-0001"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["when", "who", "acting_for", "local_authority", "what", "learner_refs",
                       "rows", "page", "purpose"]
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [
        (shire.users["la_commissioner"].email, "Shire Council", "Learner-level download"),
        (shire.users["la_commissioner"].email, "Shire Council", "Learner's page")]
    assert rows[2][5] == "SH-0001"
    # Downloading the records is not itself learner-level data.
    assert LearnerAccess.objects.count() == 4


@pytest.mark.parametrize("role", ["la_commissioner", "admin", "provider_lead"])
def test_nobody_else_reads_them(shire, seen, client_for, role):
    client = client_for(shire.users[role])
    for url in (RECORDS, RECORDS_CSV):
        response = client.get(url)
        assert response.status_code == 403 and NOT_ALLOWED in _text(response)


def test_the_las_lead_makes_a_member_its_data_protection_lead(shire, client_for):
    colleague = MembershipFactory(organisation=shire.la, role=Membership.Role.LA_COMMISSIONER)
    url = reverse("people:data_protection", args=[shire.la.slug, colleague.pk])
    client = client_for(shire.users["la_commissioner"])
    assert "Is " in _text(client.get(url))
    refused = client.post(url, {"lead": "yes"})
    assert "Give the reason for the change." in _text(refused)
    done = client.post(url, {"lead": "yes", "reason": "Information governance officer"})
    assert done.url == reverse("people:list", args=[shire.la.slug])
    colleague.refresh_from_db()
    assert colleague.data_protection_lead
    latest = colleague.history.latest()
    assert latest.history_change_reason == "Information governance officer"
    again = client.post(url, {"lead": "yes", "reason": "Again"})
    assert "is already a data-protection lead" in _text(again)
    assert "Data-protection lead" in _text(client.get(reverse("people:list",
                                                              args=[shire.la.slug])))


def test_only_a_local_authority_has_a_data_protection_lead(shire, client_for):
    staff = shire.users["provider_staff"].memberships.get()
    lead = shire.users["provider_lead"]
    with pytest.raises(ValidationError):
        people_services.set_data_protection_lead(membership=staff, lead=True, reason="No",
                                                 by=lead)
    url = reverse("people:data_protection", args=[shire.provider.slug, staff.pk])
    assert client_for(lead).get(url).status_code == 404
