"""Causes for concern are named by their phase, in the same words everywhere: awaiting decision,
decided and under review until a date, closed. The dashboard counts the ones not closed, so
Oakfield (Red for Learner Safety, the chair's "continue with conditions" under review) is not
"0 open concerns" there while Home lists it."""
import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from visits import workflow
from visits.models import Concern, ConcernDecision


def words(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def commissioner(demo, client):
    client.force_login(demo.user("leics_commissioner"),
                       backend="django.contrib.auth.backends.ModelBackend")
    return client


def oakfield_review_date(demo):
    decision = ConcernDecision.objects.get(concern__provider=demo.oakfield)
    return decision.review_date


def row_of(response, slug: str) -> str:
    """The words of the table row whose provider link goes to ``slug``."""
    html = response.content.decode()
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
               if f'href="/dashboard/providers/{slug}/"' in r)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))


def short(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def test_the_dashboard_counts_oakfields_concern_under_review_in_words(demo, commissioner):
    review = oakfield_review_date(demo)
    response = commissioner.get("/dashboard/providers/", {"year": "2025/26"})
    page = words(response)
    assert "Causes for concern not closed" in page
    assert f"1 under review until {short(review)}" in row_of(response, "oakfield-ap")
    assert "Open concerns" not in page


def test_home_and_the_concerns_page_name_the_phase_as_the_dashboard_does(demo, commissioner):
    review = oakfield_review_date(demo)
    home = words(commissioner.get("/"))
    assert f"Decided, under review until {short(review)}" in home
    board = words(commissioner.get("/dashboard/concerns/"))
    assert f"Decided, under review until {short(review)}" in board


def test_the_filters_choose_by_phase(demo, commissioner):
    def providers(**params):
        html = commissioner.get("/dashboard/providers/", {"year": "2025/26", **params}
                                ).content.decode()
        return re.findall(r'href="/dashboard/providers/([\w-]+)/">', html)

    assert "oakfield-ap" in providers(concern="not_closed")
    assert "oakfield-ap" not in providers(concern="awaiting_decision")
    assert "oakfield-ap" in providers(concern="any")
    form = words(commissioner.get("/dashboard/providers/"))
    for label in ("With a cause for concern not closed", "With a cause for concern awaiting "
                  "decision", "With any cause for concern"):
        assert label in form

    board = commissioner.get("/dashboard/concerns/", {"show": workflow.UNDER_REVIEW})
    assert "Oakfield Alternative Provision" in words(board)
    board = commissioner.get("/dashboard/concerns/", {"show": workflow.AWAITING_DECISION})
    assert "Oakfield Alternative Provision" not in words(board)


def test_the_export_names_the_phases_in_the_same_words(demo, commissioner):
    review = oakfield_review_date(demo)
    response = commissioner.get("/dashboard/providers.csv", {"year": "2025/26"})
    rows = {row["Provider"]: row for row in csv.DictReader(
        io.StringIO(response.content.decode("utf-8-sig")))}
    oakfield = rows["Oakfield Alternative Provision"]
    assert oakfield["Causes for concern not closed"] == f"1 under review until {short(review)}"
    assert rows["Beacon Academy PRU"]["Causes for concern not closed"] == "None"


def test_a_concern_awaiting_decision_and_a_closed_one_read_as_such(demo, commissioner):
    concern = Concern.objects.get(provider=demo.oakfield)
    # The chair decides again at the review: continue, no more conditions. Closed.
    ConcernDecision.objects.create(
        concern=concern, decision=ConcernDecision.Decision.CONTINUE, reasons="Conditions met.",
        decided_by=demo.user("seip_chair"))
    response = commissioner.get("/dashboard/providers/", {"year": "2025/26"})
    assert "under review" not in row_of(response, "oakfield-ap")
    assert "Closed" in words(commissioner.get("/dashboard/concerns/"))

    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.OPEN)
    ConcernDecision.objects.filter(concern=concern).delete()
    response = commissioner.get("/dashboard/providers/", {"year": "2025/26"})
    assert "1 awaiting decision" in row_of(response, "oakfield-ap")
    assert "Awaiting decision" in words(commissioner.get("/"))


@pytest.mark.parametrize("status, review, phase", [
    ("open", None, workflow.AWAITING_DECISION),
    ("decided", datetime.date(2030, 1, 1), workflow.UNDER_REVIEW),
    ("decided", datetime.date(2020, 1, 1), workflow.UNDER_REVIEW),  # review overdue: not closed
    ("decided", None, workflow.CONCERN_CLOSED),
])
def test_the_database_and_python_forms_of_the_phase_agree(demo, status, review, phase):
    concern = Concern.objects.get(provider=demo.oakfield)
    Concern.objects.filter(pk=concern.pk).update(status=status)
    Decision = ConcernDecision.Decision
    ConcernDecision.objects.filter(concern=concern).update(
        review_date=review, decision=Decision.CONDITIONS if review else Decision.CONTINUE,
        conditions="Safeguarding training for all staff." if review else "")
    if status == "open":
        ConcernDecision.objects.filter(concern=concern).delete()
    assert workflow.concern_phase(status, review) == phase
    for each in workflow.CONCERN_PHASES:
        assert Concern.objects.in_phase(each).filter(pk=concern.pk).exists() == (each == phase)
    assert (Concern.objects.not_closed().filter(pk=concern.pk).exists()
            == (phase in workflow.CONCERN_NOT_CLOSED))
    today = timezone.localdate()
    assert workflow.concern_phase_text(status, review, today).startswith(
        workflow.CONCERN_PHASES[phase])


def test_the_visit_page_and_its_pdf_name_the_phase_as_the_dashboard_does(demo, commissioner):
    from tests.reports.conftest import pdf_text

    review = oakfield_review_date(demo)
    visit = Concern.objects.get(provider=demo.oakfield).visit
    overview = words(commissioner.get(f"/visits/{visit.pk}/"))
    assert f"Learner Safety: Decided, under review until {short(review)}" in overview
    assert "(decided)" not in overview
    pdf = commissioner.get(f"/reports/visits/{visit.pk}/report.pdf")
    assert f"Status: Decided, under review until {short(review)}" in pdf_text(pdf.content)
