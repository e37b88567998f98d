"""An LA's data-protection lead erases one learner (a confirmation page listing what will go,
then every row and history row of theirs deleted in one transaction, with a record), downloads
everything held on one learner as a ZIP, and sets the LA's retention periods. Bad input gets a
message next to the field and deletes nothing; nobody else reaches these pages."""
import csv
import io
import zipfile

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from outcomes import retention
from outcomes.access_models import LearnerAccess
from outcomes.access_views import NOT_ALLOWED
from outcomes.data_protection_forms import GIVE_REASON, NO_SUCH_LEARNER
from outcomes.models import GoalOutcome, Learner
from outcomes.retention_models import DataRemoval, RetentionPeriods
from tests.dashboards.test_outcomes_dashboard import URL as DASHBOARD
from tests.dashboards.test_outcomes_dashboard import outcomes, table  # noqa: F401  (a fixture)
from tests.qaportal.test_fuzz_no_server_errors import NASTY

from .test_access_records import _lead
from .test_learner_pages import learners  # noqa: F401  (a fixture)

HUB = reverse("outcomes:data_protection")
ERASE = reverse("outcomes:erase")
SUBJECT_ACCESS = reverse("outcomes:subject_access")


def _everything(pk) -> dict[str, int]:
    return {label: rows.count() for label, rows in retention.learner_rows([pk])}


def test_erasure_shows_what_will_go_then_deletes_it_all_and_the_dashboard_stops_counting(
        world, outcomes, client_for):  # noqa: F811
    commissioner = client_for(world.users["la_commissioner"])
    assert "Employment 10 10 20% 30% 50%" in table(commissioner.get(DASHBOARD), "area")
    gone = Learner.objects.get(reference="SHIRE-L10")
    GoalOutcome.objects.filter(learner=gone).get().delete()  # a deleted goal's history too
    GoalOutcome.objects.create(learner=gone, scheme_id=outcomes[1].outcomes.first().scheme_id,
                               academic_year="2025/26", review_date="2026-03-12",
                               provider=world.provider, goal="Work in a café",
                               pfa_area="employment", rating="not_met",
                               updated_by=world.users["la_commissioner"])
    others = {learner.pk: _everything(learner.pk) for learner in Learner.objects.exclude(pk=gone.pk)}
    held = _everything(gone.pk)
    assert held["History of goals"] == 3 and held["Goals"] == 1

    lead_user = _lead(world, world.la)
    lead = client_for(lead_user)
    asked = {"local_authority": world.la.pk, "reference": "SHIRE-L10",
             "reason": "The learner's request of 1 December 2026"}
    check = lead.post(ERASE, asked)
    assert check.status_code == 200
    page = check.content.decode()
    assert "Erase learner SHIRE-L10?" in page and "Work in a café" in page
    assert check.context["counts"] == held
    assert Learner.objects.filter(pk=gone.pk).exists()  # nothing deleted yet
    assert LearnerAccess.objects.filter(references=",SHIRE-L10,").count() == 1

    done = lead.post(ERASE, {**asked, "confirmed": "yes"})
    assert done.status_code == 302 and done["Location"] == HUB
    assert not any(_everything(gone.pk).values())
    assert {pk: _everything(pk) for pk in others} == others
    removal = DataRemoval.objects.get()
    assert (removal.kind, removal.local_authority, removal.user, removal.who, removal.reason) == (
        DataRemoval.Kind.ERASURE, world.la, lead_user, lead_user.email, asked["reason"])
    assert removal.reference_hash == retention.reference_hash(world.la.pk, "SHIRE-L10")
    assert "SHIRE-L10" not in str(removal.counts) and removal.counts == held
    hub = lead.get(HUB).content.decode()
    assert "Learner SHIRE-L10 is erased" in hub and "Erasure of one learner" in hub
    # The commissioner's dashboard counts nine learners now: 1 not met of 9.
    commissioner = client_for(world.users["la_commissioner"])
    assert "Employment 9 9 11% 33% 56%" in table(commissioner.get(DASHBOARD), "area")


def test_erasure_of_an_unknown_or_another_las_learner_deletes_nothing(world, learners,  # noqa: F811
                                                                      client_for):
    lead = client_for(_lead(world, world.la))
    before = Learner.history.count()
    for reference in ("SH-9999", "FAR-0001"):
        response = lead.post(ERASE, {"local_authority": world.la.pk, "reference": reference,
                                     "reason": "Asked", "confirmed": "yes"})
        assert response.status_code == 400
        assert NO_SUCH_LEARNER.format(reference=reference, la=world.la.name).replace(
            "'", "&#x27;") in response.content.decode()
    forged = lead.post(ERASE, {"local_authority": world.other_la.pk, "reference": "FAR-0001",
                               "reason": "Asked", "confirmed": "yes"})
    # A lead of one LA: the learner is looked for in it, whatever LA is posted.
    assert forged.status_code == 400 and NO_SUCH_LEARNER.format(
        reference="FAR-0001", la=world.la.name).replace("'", "&#x27;") in forged.content.decode()
    no_reason = lead.post(ERASE, {"local_authority": world.la.pk, "reference": "SH-0001",
                                  "reason": "", "confirmed": "yes"})
    assert no_reason.status_code == 400 and GIVE_REASON in no_reason.content.decode()
    nul = lead.post(ERASE, {"local_authority": world.la.pk, "reference": "SH-\x000001",
                            "reason": "Asked\x00", "confirmed": "yes"})
    assert nul.status_code == 400
    assert Learner.history.count() == before and not DataRemoval.objects.exists()


@pytest.mark.parametrize("role", ["la_commissioner", "provider_lead", "partnership_officer",
                                  "admin"])
def test_nobody_but_a_data_protection_lead_reaches_the_pages(world, role, client_for):
    client = client_for(world.users[role])
    for url in (HUB, ERASE, SUBJECT_ACCESS, reverse("outcomes:retention", args=[world.la.slug])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert NOT_ALLOWED.replace("’", "&rsquo;") in response.content.decode() or \
            NOT_ALLOWED in response.content.decode()


def test_the_subject_access_file_holds_every_row_the_portal_had(world, learners,  # noqa: F811
                                                                client_for):
    learner = learners["SH-0001"]
    client_for(world.users["la_commissioner"]).get(reverse("outcomes:learner",
                                                           args=[learner.pk]))
    held = _everything(learner.pk)
    lead = client_for(_lead(world, world.la))
    response = lead.post(SUBJECT_ACCESS, {"local_authority": world.la.pk,
                                          "reference": "SH-0001"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"README.txt", "records-of-access.csv", "learners.csv", "goals.csv",
            "history-of-goals.csv"} <= names

    def rows(name):
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))

    for label, count in held.items():
        assert len(rows(slugify(label) + ".csv")) == count, label
    [goal] = rows("goals.csv")
    assert goal["goal"] == "Travel by bus" and goal["provider"] == world.provider.name
    assert goal["updated_by"] == world.users["la_commissioner"].email and goal["soft"] == "{}"
    [me] = rows("learners.csv")
    assert (me["reference"], me["year_of_birth"]) == ("SH-0001", "2008")
    seen = rows("records-of-access.csv")
    # The commissioner's view, and this download itself.
    assert [r["purpose"] for r in seen] == ["", "Subject access request"]
    assert "SH-0002" not in archive.read("goals.csv").decode("utf-8-sig")
    assert "learner SH-0001" in archive.read("README.txt").decode()
    unknown = lead.post(SUBJECT_ACCESS, {"local_authority": world.la.pk, "reference": "FAR-0001"})
    assert unknown.status_code == 400


def test_the_lead_sets_the_las_retention_periods(world, client_for):
    lead = client_for(_lead(world, world.la))
    url = reverse("outcomes:retention", args=[world.la.slug])
    page = lead.get(url)
    assert page.status_code == 200 and "turns 31" in page.content.decode()
    for bad, message in [({"learner_age": "24", "access_years": "2"}, "25 or more"),
                         ({"learner_age": "abc", "access_years": "2"}, "whole number"),
                         ({"learner_age": "31", "access_years": "99999999999"}, "20 or fewer"),
                         ({"learner_age": "31\x00", "access_years": "2"}, "")]:
        response = lead.post(url, bad)
        assert response.status_code == 400 and message in response.content.decode()
    assert not RetentionPeriods.objects.filter(local_authority=world.la).exists()
    response = lead.post(url, {"learner_age": "35", "access_years": "3"})
    assert response.status_code == 302
    periods = RetentionPeriods.objects.get(local_authority=world.la)
    assert (periods.learner_age, periods.access_years) == (35, 3)
    assert periods.history.count() == 1
    hub = lead.get(HUB).content.decode()
    assert "turns 35" in hub and "Kept 3 years" in hub
    # Another LA's periods: refused.
    assert lead.get(reverse("outcomes:retention", args=[world.other_la.slug])).status_code == 403
    assert lead.get(reverse("outcomes:retention", args=["no-such-la"])).status_code == 404


def test_a_lead_sees_only_their_las_removals(world, learners, client_for):  # noqa: F811
    mine, theirs = _lead(world, world.la), _lead(world, world.other_la)
    client_for(theirs).post(ERASE, {"local_authority": world.other_la.pk,
                                    "reference": "FAR-0001", "reason": "Asked",
                                    "confirmed": "yes"})
    assert len(client_for(theirs).get(HUB).context["removals"]) == 1
    assert list(client_for(mine).get(HUB).context["removals"]) == []


FIELDS = {ERASE: ["local_authority", "reference", "reason", "confirmed"],
          SUBJECT_ACCESS: ["local_authority", "reference"],
          "retention": ["learner_age", "access_years"]}


@pytest.mark.parametrize("page", sorted(FIELDS))
def test_nothing_posted_to_the_data_protection_forms_is_a_server_error(world, learners,  # noqa: F811
                                                                      page):
    """Every field of each form, in turn, with each of the fuzz test's nasty values and the
    rest sensible (another LA's id too): a 4xx, a page or a redirect, never a 5xx. Each post
    is rolled back."""
    client = Client(raise_request_exception=False)
    client.force_login(_lead(world, world.la))
    url = reverse("outcomes:retention", args=[world.la.slug]) if page == "retention" else page
    sensible = {"local_authority": str(world.la.pk), "reference": "SH-0002", "reason": "Asked",
                "confirmed": "yes", "learner_age": "31", "access_years": "2"}
    for name in FIELDS[page]:
        for value in [*NASTY, str(world.other_la.pk), "SH-0001"]:
            with transaction.atomic():
                response = client.post(url, {**{n: sensible[n] for n in FIELDS[page]},
                                             name: value})
                assert response.status_code < 500, (name, value)
                transaction.set_rollback(True)
    assert Learner.objects.filter(reference__in=["SH-0001", "SH-0002"]).count() == 2


def _queries(client, method, url, data=None) -> int:
    getattr(client, method)(url, data)  # the first request of a session may write it
    with CaptureQueriesContext(connection) as captured:
        assert getattr(client, method)(url, data).status_code == 200
    return len(captured)


def test_the_pages_ask_the_same_queries_whatever_was_deleted_or_held(world, learners,  # noqa: F811
                                                                     client_for):
    """The Data protection page at 1 and at 60 removal records; the erasure check at 1 and
    at 40 goals of the learner (one more insert each time: its access record)."""
    lead = client_for(_lead(world, world.la))
    asked = {"local_authority": world.la.pk, "reference": "SH-0001", "reason": "Asked"}
    removal = {"kind": DataRemoval.Kind.RETENTION, "local_authority": world.la,
               "counts": {"Goals": 3}, "at": timezone.now()}
    DataRemoval.objects.create(**removal)
    few = _queries(lead, "get", HUB), _queries(lead, "post", ERASE, asked)
    DataRemoval.objects.bulk_create([DataRemoval(**removal) for _ in range(59)])
    learner = learners["SH-0001"]
    scheme_id = learner.outcomes.get().scheme_id
    GoalOutcome.objects.bulk_create([GoalOutcome(
        learner=learner, local_authority=world.la, scheme_id=scheme_id, academic_year="2024/25",
        review_date="2025-03-12", provider=world.provider, goal=f"Goal {n}",
        pfa_area="employment", rating="met", updated_by=world.users["la_commissioner"])
        for n in range(39)])
    many = _queries(lead, "get", HUB), _queries(lead, "post", ERASE, asked)
    assert many == few
