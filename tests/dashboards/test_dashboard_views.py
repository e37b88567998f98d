"""The provider dashboard's other views with known data: the visit heatmap and the causes for
concern with the chair's decisions (``known`` is the provider dashboard tests' world)."""
import datetime
import re

import pytest
from django.utils import timezone

from assessments.models import Response
from assessments.results import store as store_results
from frameworks.models import RatingLevel
from tests.dashboards.test_provider_dashboard import judged_visit, open_concern
from tests.factories import CommissioningFactory, ProviderFactory
from visits.models import Concern, ConcernDecision


def cells(response) -> list[list[str]]:
    """Each body row of the page's table: its header and cells as the words a screen reader
    reads (visually hidden text included, tags removed)."""
    html = response.content.decode()
    body = html[html.index("<tbody"):html.index("</tbody>")]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_the_heatmap_shows_each_visits_judgements_by_question(known, world, client_for):
    ProviderFactory(name="No Visit School")  # commissioned below, but never visited
    CommissioningFactory(commissioner=world.la, provider=ProviderFactory(name="Unvisited AP"))
    rows = cells(client_for(world.users["la_commissioner"]).get(
        "/dashboard/visits/", {"year": "2025/26"}))
    assert [row[0] for row in rows] == ["Greenfield Academy", "Riverside College"]
    riverside = rows[1]
    assert riverside[2:] == [
        "R Learner Safety: Red, Riverside College", "A Learner Progress: Amber, Riverside College",
        "G Learner Pastoral Care: Green, Riverside College",
        "G Systems and Processes: Green, Riverside College"]
    # The same filters as the table: only providers judged Red or Amber.
    rows = cells(client_for(world.users["la_commissioner"]).get(
        "/dashboard/visits/", {"year": "2025/26", "red_amber": "1"}))
    assert [row[0] for row in rows] == ["Riverside College"]


def test_the_heatmap_of_another_year_or_another_la_is_empty(known, world, client_for):
    page = client_for(world.users["la_commissioner"]).get("/dashboard/visits/", {"year": "2024/25"})
    assert "had a QA visit in 2024/25 that you can see" in page.content.decode()
    other = client_for(world.users["other_la_commissioner"]).get(
        "/dashboard/visits/", {"year": "2025/26"}).content.decode()
    assert "Riverside College" not in other and "Greenfield Academy" not in other


@pytest.fixture
def decided(known, world, frameworks):
    """Greenfield: a concern decided with conditions, reviewed yesterday (passed), and one
    decided with a review next month. Riverside's concern (from ``known``) is open."""
    greenfield = known
    today = timezone.localdate()
    made = []
    for period, review in (("2023/24", today - datetime.timedelta(days=1)),
                           ("2024/25", today + datetime.timedelta(days=30))):
        visit = judged_visit(world, frameworks, greenfield, ["red", "green", "green", "green"],
                             period=period)
        concern = open_concern(world, frameworks, visit)
        ConcernDecision.objects.create(
            concern=concern, decision=ConcernDecision.Decision.CONDITIONS,
            reasons="Safeguarding training not yet complete.", review_date=review,
            conditions="Every member of staff completes safeguarding training.",
            decided_by=world.users["partnership_chair"])
        Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.DECIDED)
        made.append(concern)
    return made


def test_concerns_open_first_then_by_review_date(decided, world, client_for):
    rows = cells(client_for(world.users["la_commissioner"]).get("/dashboard/concerns/"))
    assert [(row[0].split(":")[0].strip(), row[4]) for row in rows] == [
        ("Riverside College", "None yet"),
        ("Greenfield Academy", "Continue with conditions"),
        ("Greenfield Academy", "Continue with conditions")]
    assert rows[0][3] == "Awaiting decision"
    assert rows[1][3].startswith("Decided, under review, review was due ")
    assert "Review date passed" in rows[1][3]
    assert rows[2][3].startswith("Decided, under review until ")
    assert "Review date passed" not in rows[2][3]


@pytest.mark.parametrize("show, expected", [
    ("open", ["Riverside College"]),
    ("review_set", ["Greenfield Academy", "Greenfield Academy"]),
    ("review_passed", ["Greenfield Academy"]),
])
def test_concerns_filter(decided, world, client_for, show, expected):
    rows = cells(client_for(world.users["la_commissioner"]).get(
        "/dashboard/concerns/", {"show": show}))
    assert [row[0].split(":")[0].strip() for row in rows] == expected


def test_another_las_commissioner_sees_no_concern_about_these_providers(
        decided, world, client_for):
    page = client_for(world.users["other_la_commissioner"]).get("/dashboard/concerns/")
    assert "There are no causes for concern" in page.content.decode()


def test_self_assessment_beside_the_visit_shows_where_they_disagree(known, world, client_for):
    """Riverside rated every SI QAF section 6 of 6 in 2025/26; its visit that year judged
    Learner Safety Red and Learner Progress Amber. The SI QAF crosswalk links Readiness to
    Learner Safety (and Pastoral Care), Progress and Results to Learner Progress, and the other
    sections to Systems and Processes (Green). Greenfield was judged Green throughout."""
    page = client_for(world.users["la_commissioner"]).get(
        "/dashboard/self-assessment-and-visit/", {"year": "2025/26"})
    html = page.content.decode()
    assert "Greenfield Academy" not in html
    rows = cells(page)
    assert [(row[0].split(":")[0].strip(), row[1].split(":")[0].strip(), row[1].split(": ")[1])
            for row in rows] == [
        ("Readiness", "Learner Safety", "Red"),
        ("Progress", "Learner Progress", "Amber"),
        ("Results", "Learner Progress", "Amber")]
    assert rows[0][0].startswith("Readiness : 6 of 6")


def test_a_low_self_rating_agrees_with_a_low_judgement(known, world, client_for):
    """With one Progress and one Results statement not yet evidenced in 2025/26, the provider's
    own ratings of those areas agree with the visit's Amber: only Readiness disagrees."""
    not_evidenced = RatingLevel.objects.get(code="not_evidenced")
    changed = Response.objects.filter(assessment__period="2025/26",
                                      assessment__framework_slug="si-qaf",
                                      criterion__code__in=["5.1", "6.1"])
    assessments = set(changed.values_list("assessment_id", flat=True))
    changed.update(level=not_evidenced)
    store_results(assessments)  # as every service that rates does
    rows = cells(client_for(world.users["la_commissioner"]).get(
        "/dashboard/self-assessment-and-visit/", {"year": "2025/26"}))
    assert [row[0].split(":")[0].strip() for row in rows] == ["Readiness"]
