"""The years a moderation sample may be drawn for, on a fixed clock (6 December 2026, in
2026/27): back to the first year a commissioned provider submitted a self-assessment (at most
``SAMPLE_YEARS_BACK``), so the year of a review under way; never a year not begun unless the
setting opens it."""
import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assessment
from reviews import sampling
from reviews.models import ModerationSample
from reviews.sampling import draw_sample

LONDON = zoneinfo.ZoneInfo("Europe/London")
Method = ModerationSample.Method


@pytest.fixture(autouse=True)
def december_2026():
    with time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=LONDON), tick=False):
        yield


def submitted(world, frameworks, period, provider=None, state=Assessment.State.SUBMITTED):
    framework = frameworks["si-qaf"]
    return Assessment.objects.create(
        framework=framework, framework_slug=framework.slug, kind=framework.kind,
        provider=provider or world.provider, period=period, state=state,
        created_by=world.users["provider_lead"])


def offered(client) -> list[str]:
    html = client.get(reverse("reviews:sample_draw")).content.decode()
    select = html[html.index('name="period"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="([^"]+)"', select)


def test_years_go_back_to_the_first_submitted_self_assessment_and_not_ahead(
        world, frameworks, client_for):
    submitted(world, frameworks, "2022/23")
    submitted(world, frameworks, "2019/20", state=Assessment.State.DRAFT)  # a draft: not counted
    submitted(world, frameworks, "2018/19", provider=world.other_provider)  # not the LA's
    assert offered(client_for(world.users["la_commissioner"])) == [
        "2026/27", "2025/26", "2024/25", "2023/24", "2022/23"]


def test_with_nothing_submitted_this_year_and_last_are_offered(world, client_for):
    assert offered(client_for(world.users["la_commissioner"])) == ["2026/27", "2025/26"]


def test_no_further_back_than_the_bound(world, frameworks):
    submitted(world, frameworks, "2001/02")
    years = sampling.sample_years(world.la, datetime.date(2026, 12, 6))
    assert years[-1] == "2016/17" and len(years) == sampling.SAMPLE_YEARS_BACK + 1


def test_a_sample_is_drawn_for_the_year_of_an_earlier_review(world, frameworks, client_for):
    submitted(world, frameworks, "2023/24")
    response = client_for(world.users["la_commissioner"]).post(
        reverse("reviews:sample_draw"), {"period": "2023/24", "method": "all"})
    assert response.status_code == 302
    assert ModerationSample.objects.get().period == "2023/24"


def test_a_year_not_begun_is_refused_by_the_page_and_the_service(world, client_for):
    response = client_for(world.users["la_commissioner"]).post(
        reverse("reviews:sample_draw"), {"period": "2027/28", "method": "all"})
    assert response.status_code == 200 and not ModerationSample.objects.exists()
    assert "2027/28" not in offered(client_for(world.users["la_commissioner"]))
    with pytest.raises(ValidationError) as refused:
        draw_sample(organisation=world.la, period="2027/28", method=Method.ALL,
                    by=world.users["la_commissioner"])
    assert refused.value.message_dict == {"period": [sampling.YEAR_NOT_OPEN.format(
        period="2027/28", latest="2026/27")]}


def test_the_setting_opens_next_year_for_samples_too(world, settings, client_for):
    settings.SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = 11
    assert offered(client_for(world.users["la_commissioner"]))[0] == "2027/28"
