"""The demo's records carry dates inside the periods they stand for, made through the same
services: nothing from last year says it happened on the day the demo was seeded."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action
from assessments.models import Assessment, Response
from organisations.models import User
from visits.models import Concern, ConcernDecision, Visit, VisitAnswer, VisitJudgement

YEAR_2024_25 = (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31))
YEAR_2025_26 = (datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))
MONTHS = "January February March April May June July August September October November December"


def day_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def history_days(record) -> set[datetime.date]:
    """The day of every history row of the self-assessment or visit and the rows that belong
    to it."""
    moments = list(record.history.values_list("history_date", flat=True))
    if isinstance(record, Visit):
        rows = [VisitAnswer.history.filter(visit_id=record.pk),
                VisitJudgement.history.filter(visit_id=record.pk)]
    else:
        rows = [Response.history.filter(assessment_id=record.pk)]
    for history in rows:
        moments += history.values_list("history_date", flat=True)
    return {day_of(m) for m in moments}


def within(days, year) -> bool:
    start, end = year
    return all(start <= day <= min(end, timezone.localdate()) for day in days)


@pytest.fixture
def seeded(demo) -> None:
    """The demo, seeded as `make run` seeds it (once for this module's tests)."""


def assessment(provider, slug, period=None):
    found = Assessment.objects.filter(provider__slug=provider, framework_slug=slug)
    return found.get(period=period) if period else found.get()


def test_the_2024_25_self_assessment_was_made_and_submitted_in_2024_25(seeded, client_for):
    si = assessment("riverside-college", "si-qaf", "2024/25")
    assert day_of(si.submitted_at) == datetime.date(2025, 7, 10)
    assert within({day_of(si.created_at), day_of(si.submitted_at)}, YEAR_2024_25)
    assert within(history_days(si), YEAR_2024_25)
    actions = Action.objects.filter(plan__period="2024/25", plan__provider=si.provider)
    assert actions.exists()
    assert within({day_of(a.created_at) for a in actions}, YEAR_2024_25)
    # ... but for the day the 2025/26 self-assessment was started, when the demo carried one of
    # them forward into 2025/26 (closing it in 2024/25's plan).
    assert within({day_of(m) for m in Action.history.filter(
        plan_id__in=actions.values("plan_id")).values_list("history_date", flat=True)}
        - {datetime.date(2025, 9, 15)}, YEAR_2024_25)

    client = client_for(User.objects.get(email="lead@riverside.example"))
    overview = client.get(reverse("assessments:overview", args=[si.pk])).content.decode()
    assert "10 July 2025, 11:00 by Priya Shah" in overview
    history = client.get(reverse("assessments:history", args=[si.pk])).content.decode()
    shown = re.findall(rf"(\d{{1,2}}) ({'|'.join(m[:3] for m in MONTHS.split())}) (\d{{4}}), "
                       r"\d\d:\d\d", history)
    assert shown
    assert {(month, year) for _, month, year in shown} <= {
        ("Sep", "2024"), ("Oct", "2024"), ("Nov", "2024"), ("Dec", "2024"), ("Jan", "2025"),
        ("Feb", "2025"), ("Mar", "2025"), ("Apr", "2025"), ("May", "2025"), ("Jun", "2025"),
        ("Jul", "2025"), ("Aug", "2025")}


def test_the_2025_26_records_are_inside_2025_26_and_not_in_the_future(seeded):
    draft = assessment("riverside-college", "si-qaf", "2025/26")
    review = assessment("oakfield-ap", "integrated-ap-benchmarks")
    assert within({day_of(draft.created_at)} | history_days(draft), YEAR_2025_26)
    assert within({day_of(review.created_at), day_of(review.submitted_at)}
                  | history_days(review), YEAR_2025_26)


def test_the_oakfield_visit_happened_and_was_recorded_on_its_own_dates(seeded):
    visit = Visit.objects.get(provider__slug="oakfield-ap", framework__slug="leics-ap-visit")
    day = datetime.date(2026, 6, 18)
    assert (visit.planned_visit_date, visit.visited_on, visit.state) == (day, day, "final")
    assert within(history_days(visit) | {day_of(visit.created_at)}, YEAR_2025_26)
    records = {r.history_change_reason: day_of(r.history_date) for r in visit.history.all()}
    assert records["Visit record created"] < records["Shared with the provider"] < day
    assert records["Visit recorded"] == day
    assert records["Judgements shared with the provider"] == datetime.date(2026, 6, 19)
    assert visit.response_due == datetime.date(2026, 7, 3)  # ten working days after sharing
    assert records["Provider responded"] == datetime.date(2026, 6, 26)
    assert day < records["Finalised"] <= datetime.date(2026, 7, 31)
    # The at-visit findings and judgements were written on the day of the visit.
    at_visit = VisitJudgement.history.filter(visit_id=visit.pk, level__isnull=False)
    assert {day_of(r.history_date) for r in at_visit} == {day}
    concern = Concern.objects.get(visit=visit)
    assert day_of(concern.raised_at) == day
    decision = ConcernDecision.objects.get(concern=concern)
    assert day_of(decision.decided_at) == datetime.date(2026, 7, 2)
    assert decision.review_date > timezone.localdate()
