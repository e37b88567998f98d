"""An LA commissioner opens the provider dashboard from the menu, filters it to the providers
judged Red or Amber at the year's QA visit, and downloads exactly those as CSV; and reads a
self-assessment beside its review on the dashboard and the profile; at 1280 px and at 320 px:
the page fits the window and passes axe in each state."""
import csv
import importlib
import io
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Organisation, User
from reviews import services as review_services
from reviews.models import ReviewItem
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
seed_thresholds = importlib.import_module(
    "dashboards.migrations.0002_seed_moderation_thresholds").seed


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_filters_the_dashboard_and_downloads_the_csv(
        demo, browser_page, login, width):
    year = Visit.objects.get(state="final").period
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Menu")
    if not menu.get_by_role("link", name="Provider dashboard").is_visible():
        page.get_by_role("button", name="Menu").click()
    menu.get_by_role("link", name="Provider dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Provider dashboard")
    expect(page.locator("#dashboard-year")).to_contain_text(
        "Showing each provider’s latest QA visit, whatever its academic year")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Academic year").select_option(year)
    page.get_by_label("judged Red or Amber on any question at a QA visit in the year").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r".*red_amber=1.*"))
    expect(page.locator("#dashboard-year")).to_contain_text(f"Showing {year}: QA visits in {year}")
    rows = page.locator("tbody tr th[scope=row] a")
    expect(rows.first).to_be_visible()
    shown = rows.all_inner_texts()
    expect(page.get_by_text(re.compile(r"Question 1, Learner Safety: Red"))).to_have_count(1)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert [r["Provider"] for r in csv.DictReader(io.StringIO(content))] == shown


@pytest.mark.parametrize("width", [1280, 320])
def test_the_dashboard_opens_on_each_providers_latest_visit_and_a_result_leads_to_a_review(
        demo, browser_page, login, width):
    """Whatever today's academic year, the dashboard opens with Oakfield's Red for Learner
    Safety from its latest visit, its date and year beside it, and says what it shows; the
    "34 of 36" result link opens Riverside's summary, which offers Start a review."""
    final = Visit.objects.get(state="final")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/providers/")
    expect(page.locator("#dashboard-year")).to_be_visible()
    expect(page.locator("#dashboard-year")).to_contain_text(
        "Showing each provider’s latest QA visit, whatever its academic year, with its date and "
        "year")
    expect(page.get_by_label("Academic year")).to_have_value("latest")
    oakfield = page.locator("tbody tr", has_text="Oakfield Alternative Provision")
    expect(oakfield).to_contain_text(final.visit_date.strftime("%-d %b %Y"))
    expect(oakfield).to_contain_text(f"({final.period})")
    expect(oakfield.get_by_text("Question 1, Learner Safety: Red")).to_have_count(1)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.locator("tbody tr", has_text="Riverside College").get_by_role(
        "link", name=re.compile("34 of 36")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Summary")
    expect(page.get_by_role("button", name="Start a review")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Start a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a review")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_reads_the_heatmap_and_the_concerns(demo, browser_page, login, width):
    year = Visit.objects.get(state="final").period
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto(f"/dashboard/providers/?year={year}")
    page.get_by_role("navigation", name="Dashboard views").get_by_role(
        "link", name="Visit judgements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit judgements")
    expect(page.get_by_text("Learner Safety: Red, Oakfield Alternative Provision")).to_have_count(1)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("navigation", name="Dashboard views").get_by_role(
        "link", name="Self-assessment and visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment and visit")
    expect(page.get_by_role("heading", name="Oakfield Alternative Provision")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("navigation", name="Dashboard views").get_by_role(
        "link", name="Causes for concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Causes for concern")
    expect(page.get_by_role("cell", name="Continue with conditions")).to_have_count(1)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_finds_a_provider_with_a_concern_and_downloads_the_list(
        demo, browser_page, login, width):
    """The issue's journey: filter to providers with a cause for concern, open one from the
    heatmap, reach its profile, and download the filtered table as CSV."""
    year = Visit.objects.get(state="final").period
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/providers/")
    page.get_by_label("Academic year").select_option(year)
    page.get_by_label("Causes for concern").select_option("any")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r".*concern=any.*"))
    expect(page.locator("tbody tr th[scope=row] a")).to_have_text(
        ["Oakfield Alternative Provision"])

    views = page.get_by_role("navigation", name="Dashboard views")
    views.get_by_role("link", name="Visit judgements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit judgements")
    page.get_by_role("link", name="Oakfield Alternative Provision", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oakfield Alternative Provision")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.go_back()
    page.get_by_role("navigation", name="Dashboard views").get_by_role(
        "link", name="Provider table").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert [r["Provider"] for r in csv.DictReader(io.StringIO(content))] == [
        "Oakfield Alternative Provision"]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_partnership_officer_sees_only_the_partnerships_providers(
        demo, browser_page, login, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "officer@nwleics-seip.example", DEMO_PASSWORD)
    page.goto("/dashboard/providers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Provider dashboard")
    expect(page.locator("tbody tr th[scope=row] a")).to_have_text(
        ["Beacon Academy PRU", "Oakfield Alternative Provision"])
    expect(page.get_by_text("Riverside College")).to_have_count(0)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_sees_the_self_assessment_beside_its_review(
        demo, browser_page, login, width):
    """The LA's draft review of Riverside's SI QAF (34 of 36) rates three criteria down: the
    dashboard shows 34 beside 31 with the flag in words, the filter keeps Riverside only, and
    the profile lists the review with both scores."""
    seed_thresholds(django_apps, None)  # a transactional test may have emptied the table
    commissioner = User.objects.get(email="commissioner@leics.example")
    review = review_services.review_start(
        assessment=demo.si, organisation=Organisation.objects.get(slug="leicestershire-cc"),
        by=commissioner)
    not_evidenced = demo.si.framework.item_scale.levels.get(code="not_evidenced")
    for item in ReviewItem.objects.filter(review=review, response__criterion__code__in=[
            "1.1", "1.2", "1.3"]):
        review_services.item_record(item=item, by=commissioner, expected_revision=item.revision,
                                    agrees=False, level=not_evidenced, comment="",
                                    internal_note="Not for the provider")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/dashboard/providers/")
    riverside = page.locator("tbody tr", has_text="Riverside College")
    expect(riverside).to_contain_text("Self-assessed 34, moderated 31 (draft)")
    expect(riverside.locator("strong.govuk-tag", has_text="Differs by 3 points")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Self-assessment and review differ (by more than the threshold)").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r".*differ=1.*"))
    expect(page.locator("tbody tr th[scope=row] a")).to_have_text(["Riverside College"])
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Riverside College", exact=True).click()
    reviews = page.get_by_role("table", name=re.compile("Each review of Riverside College"))
    expect(reviews).to_contain_text("Leicestershire County Council")
    expect(reviews).to_contain_text("34 of 36")
    expect(reviews).to_contain_text("31 of 36")
    expect(reviews).not_to_contain_text("Not for the provider")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
