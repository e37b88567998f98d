"""Which academic years a self-assessment may be for, on a fixed clock (6 December 2026, in
2026/27): the current year or earlier, the next only once the setting opens it; the start
page, the start and submit services, and what counts as a provider's latest result and the
year its peers are compared in."""
import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from assessments import services
from assessments.forms import YEAR_NOT_OFFERED
from assessments.models import Assessment
from tests.dashboards.test_peer_medians import PEER_SCORES, assessment, comparison, peers, url
from tests.dashboards.test_provider_dashboard import text

from .conftest import rate

LONDON = zoneinfo.ZoneInfo("Europe/London")


def on(day: str):
    """Travel to noon London time on ``day`` (YYYY-MM-DD)."""
    date = datetime.date.fromisoformat(day)
    return time_machine.travel(datetime.datetime(date.year, date.month, date.day, 12,
                                                 tzinfo=LONDON), tick=False)


@pytest.fixture(autouse=True)
def december_2026():
    with on("2026-12-06"):
        yield


def test_the_start_page_offers_this_year_and_last_never_one_not_begun(world, frameworks,
                                                                      client_for):
    html = client_for(world.users["provider_lead"]).get(reverse("assessments:start")).content.decode()
    assert 'value="2026/27"' in html and 'value="2025/26"' in html
    assert "2027/28" not in html


def test_a_forged_start_for_next_year_is_refused_beside_the_year(world, frameworks, client_for):
    page = client_for(world.users["provider_lead"]).post(reverse("assessments:start"), {
        "framework": frameworks["si-qaf"].pk, "period": "2027/28"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="id_period-error"' in html
    assert escape(YEAR_NOT_OFFERED.format(latest="2026/27")) in html
    assert not Assessment.objects.exists()


def test_the_start_service_refuses_a_year_that_has_not_begun(world, frameworks):
    with pytest.raises(ValidationError) as refused:
        services.assessment_start(provider=world.provider, framework=frameworks["si-qaf"],
                                  period="2027/28", by=world.users["provider_lead"])
    assert refused.value.message_dict == {"period": [services.YEAR_NOT_OPEN.format(
        period="2027/28", latest="2026/27")]}
    assert not Assessment.objects.exists()


def test_the_setting_opens_next_year_from_its_month(world, frameworks, settings, client_for):
    settings.SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = 6
    with on("2027-06-01"):
        html = client_for(world.users["provider_lead"]).get(
            reverse("assessments:start")).content.decode()
        assert 'value="2027/28"' in html
        made, created = services.assessment_start(
            provider=world.provider, framework=frameworks["si-qaf"], period="2027/28",
            by=world.users["provider_lead"])
    assert created and made.period == "2027/28"


def test_a_draft_for_a_year_not_begun_cannot_be_submitted(world, frameworks, client_for):
    """A draft made before the rule (or while the setting opened the year) waits for its year:
    the overview says why and offers no Submit, and the service refuses."""
    lead = world.users["provider_lead"]
    draft = Assessment.objects.create(
        framework=frameworks["si-qaf"], framework_slug="si-qaf", kind=frameworks["si-qaf"].kind,
        provider=world.provider, period="2027/28", state=Assessment.State.DRAFT, created_by=lead)
    from assessments.models import Response
    Response.objects.bulk_create(Response(assessment=draft, criterion=c)
                                 for c in frameworks["si-qaf"].criteria.all())
    rate(draft, lead, default="evidenced")
    message = services.SUBMIT_YEAR_NOT_OPEN.format(period="2027/28")
    html = client_for(lead).get(draft.get_absolute_url()).content.decode()
    assert escape(message) in html
    assert reverse("assessments:submit", args=[draft.pk]) not in html
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(assessment=draft, by=lead)
    assert refused.value.messages == [message]
    page = client_for(lead).post(reverse("assessments:submit", args=[draft.pk]))
    assert page.status_code == 400
    draft.refresh_from_db()
    assert draft.state == Assessment.State.DRAFT
    with on("2027-09-01"):
        services.assessment_submit(assessment=draft, by=lead)
    draft.refresh_from_db()
    assert draft.state == Assessment.State.SUBMITTED


def test_a_submitted_result_for_a_year_not_begun_is_neither_latest_nor_the_peer_year(
        world, frameworks, client_for):
    """Riverside: 5 in each section in 2025/26, and a submitted 2027/28 (from before the
    rule) with 1 in each; six peers in 2025/26 and six in 2027/28. The profile compares
    2025/26, with its own 5s and the 2025/26 medians."""
    assessment(world, frameworks, world.provider, [5] * 6)
    assessment(world, frameworks, world.provider, [1] * 6, period="2027/28")
    peers(world, frameworks, PEER_SCORES)
    peers(world, frameworks, PEER_SCORES, start=7, period="2027/28")
    page = text(client_for(world.users["la_commissioner"]).get(url(world.provider)))
    compared = comparison(page)
    assert "2025/26: median of 6 providers of the same type" in compared
    assert "1. Leadership 5 of 6 3.5 of 6" in compared
    assert "2027/28" not in compared
    assert "1 of 6" not in compared
