"""Self-assessed beside moderated on the provider dashboard: the figures of the review each
commissioner may see (its own in any state, else the latest final one; never another LA's
draft), the flag above the threshold an administrator sets, the filter, the exports, and a
number of queries that does not grow with the providers.

Riverside's SI QAF 2025/26 is submitted at 34/36 (``submitted``, through the services); the
reviews are made through ``reviews.services`` as the reviews app's own tests make them."""
import csv
import datetime
import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment, Response
from dashboards.models import ModerationThreshold
from dashboards.moderation import differs
from frameworks.models import Criterion
from organisations.models import Membership
from reviews import services
from reviews.models import Review, ReviewItem
from reviews.selectors import moderated_result
from tests.dashboards.test_provider_dashboard import text
from tests.exports.dashboard_pdf import dashboard_pdf_text
from tests.factories import (
    CommissioningFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    UserFactory,
)
from tests.list_data import many_providers
from tests.reviews.conftest import (  # noqa: F401 (fixtures)
    agree_with_all,
    integrated_submitted,
    level,
    record,
    submitted,
)

URL = "/dashboard/providers/"
YEAR = {"year": "2025/26"}
SI = "Supported Internship Quality Assurance Framework"
SEED = importlib.import_module("dashboards.migrations.0002_seed_moderation_thresholds")


@pytest.fixture
def thresholds(db):
    """The seeded thresholds (seeded again if a transactional test emptied the database)."""
    SEED.seed(django_apps, None)
    return {t.framework_slug: t for t in ModerationThreshold.objects.all()}


@pytest.fixture
def vale(world):
    """A third local authority commissioning Riverside, with its own commissioner."""
    vale = LocalAuthorityFactory(name="Vale Council", slug="vale-council")
    CommissioningFactory(commissioner=vale, provider=world.provider)
    user = UserFactory(email="commissioner@vale.test")
    MembershipFactory(user=user, organisation=vale, role=Membership.Role.LA_COMMISSIONER)
    vale.commissioner = user
    return vale


def review(assessment, organisation, by, disagree=(), *, state="draft"):
    """A review through the services: the criteria ``disagree`` rated down to not evidenced
    (or up to evidenced, where the provider said not evidenced), the rest agreed once shared."""
    started = services.review_start(assessment=assessment, organisation=organisation, by=by)
    evidenced, not_evidenced = level(assessment, "evidenced"), level(assessment, "not_evidenced")
    for code in disagree:
        own = Response.objects.get(assessment=assessment, criterion__code=code).level
        record(started, by, code, agrees=False,
               level=not_evidenced if own == evidenced else evidenced)
    if state in ("shared", "final"):
        agree_with_all(started, by)
        services.review_share(review=started, by=by)
    if state == "final":
        services.review_finalise(review=started, by=by)
    return Review.objects.get(pk=started.pk)


def riverside_cell(client, params=None) -> str:
    page = text(client.get(URL, {**YEAR, **(params or {})}))
    start = page.index("Riverside College")
    return page[start:start + 600]


def providers_listed(client, params) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
                      r'href="/dashboard/providers/[\w-]+/">([^<]+)</a>',
                      client.get(URL, {**YEAR, **params}).content.decode())


@pytest.mark.parametrize("points, self_assessed, moderated, disagreements, threshold, flagged", [
    (True, 34, 32, 2, 2, False),  # a difference equal to the threshold is not flagged
    (True, 34, 31, 3, 2, True),
    (True, 31, 34, 3, 2, True),  # either way
    (True, 34, 31, 3, None, False),  # no threshold, never flagged
    (False, 40, 30, 3, 3, False),  # levels: the disagreements count, not the points
    (False, 40, 40, 4, 3, True),
])
def test_the_flag_rule(points, self_assessed, moderated, disagreements, threshold, flagged):
    assert differs(points=points, self_assessed=self_assessed, moderated=moderated,
                   disagreements=disagreements, threshold=threshold) is flagged


def test_the_thresholds_are_seeded_as_data(thresholds):
    assert {slug: t.difference for slug, t in thresholds.items()} == {
        "si-qaf": 2, "integrated-ap-benchmarks": 3}
    assert "portal's default" in thresholds["integrated-ap-benchmarks"].explanation


def test_a_commissioner_sees_its_own_draft_beside_the_self_assessment(
        world, submitted, thresholds, vale, client_for):  # noqa: F811
    """Shire's own draft (three criteria rated down: 31) is shown, not North SEIP's final
    (33) nor Vale's draft (28)."""
    review(submitted, world.partnership, world.users["partnership_officer"], ["1.1"],
           state="final")
    review(submitted, vale, vale.commissioner, ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"])
    shire = review(submitted, world.la, world.users["la_commissioner"], ["1.1", "1.2", "2.1"])
    assert moderated_result(shire).score == 31
    cell = riverside_cell(client_for(world.users["la_commissioner"]))
    assert "34 of 36" in cell
    assert "Self-assessed 34, moderated 31 (draft)" in cell
    assert "Differs by 3 points" in cell
    assert "moderated 33" not in cell and "moderated 28" not in cell
    officer = riverside_cell(client_for(world.users["partnership_officer"]))
    assert "Self-assessed 34, moderated 33 (final)" in officer
    assert "Differs by" not in officer


def test_without_its_own_review_a_commissioner_sees_the_latest_final_one(
        world, submitted, thresholds, vale, client_for):  # noqa: F811
    client = client_for(world.users["la_commissioner"])
    review(submitted, world.partnership, world.users["partnership_officer"], ["1.1"],
           state="final")
    vales = review(submitted, vale, vale.commissioner, ["1.1", "1.2", "1.3", "1.4"])
    cell = riverside_cell(client)
    assert "Self-assessed 34, moderated 33 (final, North SEIP)" in cell
    assert "Vale" not in cell and "moderated 30" not in cell  # Vale's draft is Vale's alone
    agree_with_all(vales, vale.commissioner)
    services.review_share(review=vales, by=vale.commissioner)
    assert "Vale" not in riverside_cell(client)  # nor once shared with the provider
    services.review_finalise(review=vales, by=vale.commissioner)
    cell = riverside_cell(client)
    assert "Self-assessed 34, moderated 30 (final, Vale Council)" in cell  # the latest final
    assert "Differs by 4 points" in cell


def test_another_las_draft_is_never_used_even_for_an_admin(
        world, submitted, thresholds, vale, client_for):  # noqa: F811
    review(submitted, vale, vale.commissioner, ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"])
    for user in (world.users["la_commissioner"], world.users["admin"]):
        client = client_for(user)
        params = {"org": world.la.slug}
        assert "moderated" not in riverside_cell(client, params)
        assert providers_listed(client, {**params, "differ": "1"}) == []
        exported = client.get("/dashboard/providers.csv", {**YEAR, **params})
        row = next(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert row[f"{SI}: review"] == "Not reviewed"


@pytest.mark.parametrize("disagree, flagged", [
    (["1.1", "1.2"], False),  # 34 and 32: a difference of 2 is the threshold, not above it
    (["1.1", "1.2", "2.1"], True),  # 34 and 31
    (["1.1", "1.2", "3.5"], False),  # 34 and 33: one rated up, two down
])
def test_the_flag_and_the_filter_at_the_threshold(
        world, submitted, thresholds, client_for, disagree, flagged):  # noqa: F811
    review(submitted, world.la, world.users["la_commissioner"], disagree)
    client = client_for(world.users["la_commissioner"])
    assert ("Differs by" in riverside_cell(client)) is flagged
    assert providers_listed(client, {"differ": "1"}) == (["Riverside College"] if flagged else [])


def test_changing_the_threshold_changes_the_flag(world, submitted, thresholds, client_for):  # noqa: F811
    review(submitted, world.la, world.users["la_commissioner"], ["1.1", "1.2"])
    client = client_for(world.users["la_commissioner"])
    assert providers_listed(client, {"differ": "1"}) == []
    ModerationThreshold.objects.filter(framework_slug="si-qaf").update(difference=1)
    assert "Differs by 2 points" in riverside_cell(client)
    assert providers_listed(client, {"differ": "1"}) == ["Riverside College"]
    ModerationThreshold.objects.filter(framework_slug="si-qaf").delete()
    assert "Differs by" not in riverside_cell(client)  # no threshold: never flagged
    assert "Self-assessed 34, moderated 32 (draft)" in riverside_cell(client)
    assert providers_listed(client, {"differ": "1"}) == []


def test_an_admin_changes_the_threshold_in_the_admin(world, thresholds, client_for):
    client = client_for(world.users["admin"])
    threshold = thresholds["si-qaf"]
    url = f"/admin/dashboards/moderationthreshold/{threshold.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"framework_slug": "si-qaf", "difference": "4",
                                 "explanation": "Moderation panel, March."})
    assert response.status_code == 302
    threshold.refresh_from_db()
    assert threshold.difference == 4
    assert client.post(url, {"framework_slug": "si-qaf", "difference": "0",
                             "explanation": ""}).status_code == 200  # refused: not positive
    assert client.post(url, {"framework_slug": "no-such-framework", "difference": "2",
                             "explanation": ""}).status_code == 200  # refused: no framework


def test_a_levels_framework_is_flagged_on_the_number_of_disagreements(
        world, integrated_submitted, thresholds, client_for):  # noqa: F811 (the fixture)
    """IntegratED for Hilltop, all embedded: Far Council's review rates four benchmarks down
    (more than 3: flagged), then a three-benchmark review would not be."""
    commissioner = world.users["other_la_commissioner"]
    assessment = integrated_submitted
    started = services.review_start(assessment=assessment, organisation=world.other_la,
                                    by=commissioner)
    developing = level(assessment, "developing")
    for code in ("1", "2", "3a"):
        record(started, commissioner, code, agrees=False, level=developing)
    client = client_for(commissioner)
    page = text(client.get(URL, YEAR))
    assert "Review: 3 items disagreed (draft)" in page
    assert "Differs on" not in page
    assert providers_listed(client, {"differ": "1"}) == []
    record(started, commissioner, "3b", agrees=False, level=developing)
    page = text(client.get(URL, YEAR))
    assert "Review: 4 items disagreed (draft)" in page and "Differs on 4 items" in page
    assert providers_listed(client, {"differ": "1"}) == ["Hilltop AP"]


def test_the_exports_hold_the_moderated_figures(world, submitted, thresholds, client_for):  # noqa: F811
    review(submitted, world.la, world.users["la_commissioner"], ["1.1", "1.2", "2.1"])
    client = client_for(world.users["la_commissioner"])
    response = client.get("/dashboard/providers.csv", {**YEAR, "differ": "1"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Provider"] for r in rows] == ["Riverside College"]
    row = rows[0]
    assert row[f"{SI}: result"] == "34 of 36"
    assert (row[f"{SI}: review"], row[f"{SI}: self-assessed total"],
            row[f"{SI}: moderated total"], row[f"{SI}: items disagreed"],
            row[f"{SI}: self-assessment and review differ"]) == (
        "Draft, Shire Council", "34", "31", "3", "Yes")
    assert row["IntegratED AP Quality Benchmark Toolkit: review"] == ""  # none submitted
    assert "IntegratED AP Quality Benchmark Toolkit: moderated total" not in row  # levels
    pdf = dashboard_pdf_text(world.users["la_commissioner"], world.la, {**YEAR, "differ": "1"})
    assert "Self-assessed 34, moderated 31 (draft): differs by 3 points" in pdf
    assert "whose self-assessment and review differ by more than the threshold" in pdf


def reviewed_providers(world, frameworks, providers):
    """For each provider a submitted SI QAF (every criterion evidenced) and Shire's final
    review of it rating three criteria down (flagged), as rows (the dashboard only reads them)."""
    framework = frameworks["si-qaf"]
    criteria = list(Criterion.objects.filter(section__framework=framework)
                    .values_list("pk", flat=True))
    evidenced, not_evidenced = (framework.item_scale.levels.get(code=c)
                                for c in ("evidenced", "not_evidenced"))
    lead, now = world.users["provider_lead"], timezone.now()
    for provider in providers:
        assessment = Assessment.objects.create(
            framework=framework, framework_slug=framework.slug, kind=framework.kind,
            provider=provider, period="2025/26", state=Assessment.State.SUBMITTED,
            created_by=lead, submitted_at=now)
        responses = Response.objects.bulk_create(
            Response(assessment=assessment, criterion_id=c, level=evidenced) for c in criteria)
        done = Review.objects.create(
            assessment=assessment, organisation=world.la, state=Review.State.FINAL,
            reviewed_submitted_at=now, created_by=world.users["la_commissioner"],
            finalised_at=now - datetime.timedelta(minutes=1))
        ReviewItem.objects.bulk_create(
            ReviewItem(review=done, response=r, agrees=n >= 3,
                       level=not_evidenced if n < 3 else None)
            for n, r in enumerate(responses))


@pytest.mark.parametrize("params", [{}, {"differ": "1"},
                                    {"differ": "1", "sort": "total:si-qaf", "band": "si-qaf:full"}])
def test_the_queries_do_not_grow_with_the_providers(
        world, frameworks, thresholds, client_for, params):
    client = client_for(world.users["la_commissioner"])

    def counts() -> tuple[int, int]:
        found = []
        for url in (URL, "/dashboard/providers.csv"):
            client.get(url, {**YEAR, **params})
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {**YEAR, **params}).status_code == 200
            found.append(len(queries))
        return tuple(found)

    reviewed_providers(world, frameworks, many_providers(world, frameworks, 5))
    few = counts()
    assert "Self-assessed 36, moderated 33 (final)" in text(client.get(URL, YEAR))
    reviewed_providers(world, frameworks,
                       many_providers(world, frameworks, 45, first=6, own=False))
    assert counts() == few, few
