"""QA visits, causes for concern and final reviews through the API: each token sees what its
organisation's lead sees on the pages, the judgements only where the workflow lets it, the
concern's phase and decisions by the workflow's rule, a final review's totals as the
dashboard works them out, and the same queries whatever a page holds."""
import csv
import datetime
import io

import pytest

from assessments.services import assessment_submit
from dashboards.moderation import figures
from reviews import services as review_services
from reviews.models import Review
from tests.assessments.conftest import rate, si_ratings
from tests.reviews.conftest import agree_with_all, level, record, submitted  # noqa: F401
from tests.visits.helpers import (
    create_visit,
    judgements_shared_visit,
    recorded_visit,
    shared_visit,
)
from visits import concerns as concern_services
from visits.models import Concern

from .conftest import query_counts

VISITS, CONCERNS, REVIEWS = "/api/v1/visits", "/api/v1/concerns", "/api/v1/final-reviews"


def _rows(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _csv(client, url, query=None):
    response = client.get(url + ".csv", query or {})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_visit_is_seen_as_its_record_is_and_its_findings_as_the_workflow_allows(
        world, frameworks, api_for):
    preparing = create_visit(world, frameworks)
    recorded = recorded_visit(world, frameworks, judgements={"2": "amber"})
    by_partnership = {r["id"]: r for r in _rows(api_for("partnership_officer"), VISITS)}
    assert set(by_partnership) == {preparing.pk, recorded.pk}
    # The LA sees the record once it is shared with the provider, and its findings with it.
    [la_row] = _rows(api_for("la_commissioner"), VISITS)
    assert la_row["id"] == recorded.pk and la_row["findings_shown"] and la_row["counted"]
    assert {j["section"]: j["label"] for j in la_row["judgements"]}["2"] == "Amber"
    assert la_row["ratings"] and all(r["level"] == "green" for r in la_row["ratings"])
    assert (la_row["partnership"], la_row["state"]) == (world.partnership.name, "Visit recorded")
    # The provider sees the record, but not the findings until they are shared with it.
    [own] = _rows(api_for("provider_lead"), VISITS)
    assert own["id"] == recorded.pk and not own["findings_shown"]
    assert own["judgements"] == [] and own["ratings"] == []
    assert _rows(api_for("other_la_commissioner"), VISITS) == []
    # The CSV: the judgements in one cell, in the sections' order.
    [line] = _csv(api_for("la_commissioner"), VISITS)
    assert line["judgements"].split("; ")[1] == "2: Amber" and "ratings" not in line
    assert _rows(api_for("la_commissioner"), VISITS, {"academic_year": "2024/25"}) == []


def test_the_provider_sees_the_findings_once_they_are_shared_with_it(world, frameworks,
                                                                      api_for):
    judgements_shared_visit(world, frameworks, judgements={"1": "amber"})
    [own] = _rows(api_for("provider_lead"), VISITS)
    assert own["findings_shown"] and own["judgements"][0]["label"] == "Amber"


@pytest.fixture
def concern(world, frameworks):
    recorded_visit(world, frameworks, judgements={"1": "red"})
    return Concern.objects.get()


def test_a_concern_its_phase_and_decisions_as_its_commissioners_see_them(world, concern,
                                                                         api_for):
    [row] = _rows(api_for("la_commissioner"), CONCERNS)
    assert (row["id"], row["section"], row["phase"], row["decisions"]) == (
        concern.pk, "1", "awaiting_decision", [])
    review_date = datetime.date.today() + datetime.timedelta(days=30)
    concern_services.concern_decide(
        concern=concern, by=world.users["partnership_chair"],
        decision="continue_with_conditions", reasons="The central record was incomplete.",
        conditions="Weekly safeguarding check-ins.", review_date=review_date)
    [row] = _rows(api_for("partnership_officer"), CONCERNS)
    assert (row["phase"], row["phase_label"]) == ("under_review", "Decided, under review")
    [decision] = row["decisions"]
    assert (decision["decision"], decision["review_date"]) == (
        "continue_with_conditions", review_date.isoformat())
    assert _rows(api_for("la_commissioner"), CONCERNS, {"phase": "awaiting_decision"}) == []
    assert len(_rows(api_for("la_commissioner"), CONCERNS, {"phase": "under_review"})) == 1
    [line] = _csv(api_for("la_commissioner"), CONCERNS)
    assert (line["decisions"], line["latest_decision"]) == ("1", "Continue with conditions")
    # Never the provider's own, nor another LA's.
    assert _rows(api_for("provider_lead"), CONCERNS) == []
    assert _rows(api_for("other_la_commissioner"), CONCERNS) == []
    bad = api_for("la_commissioner").get(CONCERNS, {"phase": "open"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "phase"
    assert "'awaiting_decision', 'under_review' or 'closed'" in bad.json()["detail"]


def test_a_final_review_has_the_dashboards_totals_and_a_draft_is_not_listed(
        world, submitted, api_for):  # noqa: F811
    commissioner = world.users["la_commissioner"]
    review = review_services.review_start(assessment=submitted, organisation=world.la,
                                          by=commissioner)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"))
    agree_with_all(review, commissioner)
    assert _rows(api_for("la_commissioner"), REVIEWS) == []  # a draft is not final
    review = review_services.review_share(review=review, by=commissioner)
    review = review_services.review_finalise(review=Review.objects.get(pk=review.pk),
                                             by=commissioner)
    [row] = _rows(api_for("partnership_officer"), REVIEWS)
    shown = figures(commissioner, world.la, [submitted.pk])[submitted.pk]
    assert (row["id"], row["self_assessment_id"], row["reviewer"]) == (
        review.pk, submitted.pk, world.la.name)
    assert (row["self_assessed_total"], row["moderated_total"], row["items_disagreed"]) == (
        shown.self_assessed, shown.moderated, 1) == (34, 33, 1)
    disagreed = [i for i in row["items"] if i["agrees"] is False]
    assert [(i["requirement"], i["moderated"]) for i in disagreed] == [("1.1", "not_evidenced")]
    assert len(_rows(api_for("provider_lead"), REVIEWS)) == 1
    assert _rows(api_for("other_la_commissioner"), REVIEWS) == []
    assert _rows(api_for("la_commissioner"), REVIEWS, {"framework": "ap-benchmarks"}) == []
    [line] = _csv(api_for("la_commissioner"), REVIEWS)
    assert line["moderated_total"] == "33" and "items" not in line


def _final_review(world, assessment):
    commissioner = world.users["la_commissioner"]
    review = review_services.review_start(assessment=assessment, organisation=world.la,
                                          by=commissioner)
    agree_with_all(review, commissioner)
    review = review_services.review_share(review=review, by=commissioner)
    return review_services.review_finalise(review=Review.objects.get(pk=review.pk),
                                           by=commissioner)


def test_each_asks_the_same_queries_whatever_its_page_holds(world, frameworks, concern, start,
                                                            submitted, api_for):  # noqa: F811
    client = api_for("la_commissioner")
    urls = [VISITS + "?limit=500", VISITS + ".csv?limit=500", CONCERNS + "?limit=500",
            REVIEWS + "?limit=500"]

    def counts():
        return query_counts(client, urls)

    _final_review(world, submitted)
    few = counts()
    for _ in range(3):
        shared_visit(world, frameworks)
    concern_services.concern_decide(concern=concern, by=world.users["partnership_chair"],
                                    decision="continue", reasons="Put right at once.")
    earlier = start(period="2024/25")
    rate(earlier, world.users["provider_lead"], si_ratings((6, 6, 6, 6, 6, 6)))
    _final_review(world, assessment_submit(assessment=earlier, by=world.users["provider_lead"]))
    assert len(_rows(client, VISITS)) == 4 and len(_rows(client, REVIEWS)) == 2
    assert counts() == few
