"""Every view and download of learner-level rows is recorded: who, for which organisation,
when, which learners and how many rows, one insert a request; the records are never changed
or deleted through the portal. The learner-level CSV holds every goal the list's filters
select, on every page."""
import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.access_models import APPEND_ONLY, AppendOnly, LearnerAccess
from outcomes.models import LearnerSharing
from outcomes.services import learner_sharing_set

from .test_learner_pages import learner, learners  # noqa: F401  (learners: a fixture)

LEARNERS = reverse("outcomes:learners")
CSV = reverse("outcomes:learners_csv")


def _inserts(client, url) -> tuple[object, int]:
    """The response, and how many INSERTs into the access records it made."""
    table = LearnerAccess._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, sum(1 for q in queries if q["sql"].startswith("INSERT")
                         and table in q["sql"])


def test_a_learners_page_is_recorded_once(shire, learners, client_for):  # noqa: F811
    commissioner = shire.users["la_commissioner"]
    page = reverse("outcomes:learner", args=[learners["SH-0001"].pk])
    response, inserts = _inserts(client_for(commissioner), page)
    assert response.status_code == 200 and inserts == 1
    assert "recorded for Shire Council’s data-protection lead" in response.content.decode()
    record = LearnerAccess.objects.get()
    assert (record.user, record.who, record.acted_for, record.local_authority) == (
        commissioner, commissioner.email, shire.la, shire.la)
    assert (record.kind, record.reference_list, record.rows, record.path) == (
        LearnerAccess.Kind.LEARNER, ["SH-0001"], 1, page)


def test_the_list_records_the_learners_on_the_page(shire, learners, client_for):  # noqa: F811
    response, inserts = _inserts(client_for(shire.users["la_commissioner"]),
                                 LEARNERS + "?need=ASD")
    assert response.status_code == 200 and inserts == 1
    record = LearnerAccess.objects.get()
    assert record.kind == LearnerAccess.Kind.LIST and record.reference_list == ["SH-0001"]
    assert record.path == LEARNERS + "?need=ASD"
    # A list that shows nobody records nothing.
    _, inserts = _inserts(client_for(shire.users["la_commissioner"]), LEARNERS + "?q=nobody")
    assert inserts == 0 and LearnerAccess.objects.count() == 1


def test_a_provider_is_recorded_as_acting_for_itself(shire, learners, client_for):  # noqa: F811
    learner_sharing_set(local_authority=shire.la, provider=shire.provider, shared=True,
                        by=shire.users["la_commissioner"])
    assert LearnerSharing.objects.exists()
    client_for(shire.users["provider_lead"]).get(LEARNERS)
    record = LearnerAccess.objects.get()
    assert (record.acted_for, record.local_authority) == (shire.provider, shire.la)
    assert record.reference_list == ["SH-0001", "SH-0002"]


def test_the_csv_holds_every_goal_selected_and_is_recorded(shire, learners,  # noqa: F811
                                                           client_for):
    commissioner = shire.users["la_commissioner"]
    learner(shire.la, "SH-0003", commissioner)  # no goal: a row of its own facts
    learner(shire.la, "SH-0004", commissioner, provider=shire.provider,
            goal="=HYPERLINK(\"x\") Travel by bus")
    response, inserts = _inserts(client_for(commissioner), CSV)
    assert response.status_code == 200 and inserts == 1
    assert response["Content-Disposition"] == 'attachment; filename="learners.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["learner_ref", "local_authority", "year_of_birth", "primary_need"]
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference["SH-0001"] == [
        "SH-0001", "Shire Council", "2008", "Autistic spectrum disorder", "2025/26",
        "2026-03-12", "Riverside College", "Travel by bus", "Independent Living",
        "Partially met"]
    assert by_reference["SH-0003"][4:] == ["", "", "", "", "", ""]
    # Text a spreadsheet would run as a formula is quoted.
    assert by_reference["SH-0004"][7] == "'=HYPERLINK(\"x\") Travel by bus"
    assert "FAR-0001" not in by_reference  # another LA's learner
    record = LearnerAccess.objects.get()
    assert record.kind == LearnerAccess.Kind.DOWNLOAD and record.rows == 4
    assert sorted(record.reference_list) == ["SH-0001", "SH-0002", "SH-0003", "SH-0004"]


def test_the_csv_keeps_the_lists_filters(shire, learners, client_for):  # noqa: F811
    response = client_for(shire.users["la_commissioner"]).get(CSV + "?year=2024/25")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["SH-0002"]


def test_a_record_is_never_changed_or_deleted(shire, learners, client_for):  # noqa: F811
    client_for(shire.users["la_commissioner"]).get(LEARNERS)
    record = LearnerAccess.objects.get()
    record.purpose = "changed"
    with pytest.raises(AppendOnly, match=APPEND_ONLY):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    assert LearnerAccess.objects.get().purpose == ""
