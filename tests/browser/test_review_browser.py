"""Issue 16's journey in a real browser, at 1280 px and at 320 px: Leicestershire's commissioner
reviews Riverside's submitted SI QAF (34/36), disagrees on two criteria and shares the review;
Riverside's lead replies and responds; the commissioner finalises. The self-assessment's page
and its PDF then show 34/36 self-assessed beside the moderated 32/36. Every page passes axe
and fits the window."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.reports.conftest import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMISSIONER = "commissioner@leics.example"
LEAD = "lead@riverside.example"
# Riverside rated 2.3 and 6.4 "Not yet evidenced" and everything else "Evidenced" (34/36).
DISAGREE = {"1.2": "The steering group minutes do not show who signs off the plan.",
            "5.1": "No employer forum was held this year."}


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _sign_in_as(page, login, email):
    page.context.clear_cookies()
    login(page, email, DEMO_PASSWORD)


def _review_every_section(page):
    """Agree with every item but the two in DISAGREE, section by section."""
    checked_one = False
    while True:
        heading = page.get_by_role("heading", level=1).inner_text()
        for group in page.get_by_role("group", name=re.compile(r"^Your rating for ")).all():
            legend = group.locator("legend").inner_text().removeprefix("Your rating for ")
            if legend in DISAGREE:
                group.get_by_label("Not yet evidenced", exact=True).check()
                page.get_by_label(f"Comment on {legend} for the provider").fill(DISAGREE[legend])
                page.get_by_label(f"Internal note on {legend}, not shared").fill(
                    f"INTERNAL {legend}: ask the LA lead first.")
            else:
                # The provider's own rating means "agree".
                own = page.locator(f'[id="item-{legend}"] .govuk-summary-list__value'
                                   ).first.inner_text().strip()
                group.get_by_label(own, exact=True).check()
        if not checked_one:
            _checked(page)  # the first section page, filled in
            checked_one = True
        button = page.get_by_role("button", name=re.compile(r"^Save and (continue|return)"))
        last = button.inner_text().startswith("Save and return")
        button.click()
        page.wait_for_load_state("domcontentloaded")
        if last:
            return
        expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_reviews_riversides_si_qaf_and_both_scores_stand_side_by_side(
        demo, browser_page, login, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    assessment_url = demo.si.get_absolute_url()

    # The commissioner starts the review from the submitted self-assessment.
    _sign_in_as(page, login, COMMISSIONER)
    page.goto(assessment_url)
    expect(page.locator("tfoot")).to_contain_text("34/36")
    page.get_by_role("button", name="Start a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a review")
    _checked(page)
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review by Leicestershire County Council")
    _checked(page)

    page.get_by_role("button", name=re.compile("Continue reviewing")).click()
    _review_every_section(page)
    expect(page.locator("#score-summary")).to_have_text(
        "Self-assessed 34/36; after this review 32/36.")
    disagreements = page.locator("#disagreements")
    expect(disagreements).to_contain_text("1.2: self-assessed Evidenced, reviewer Not yet evidenced")
    expect(disagreements).to_contain_text("5.1: self-assessed Evidenced, reviewer Not yet evidenced")
    _checked(page)

    page.get_by_role("button", name="Share with the provider").click()
    page.wait_for_url(re.compile(r".*/share/$"))  # axe on the new page, never the old one
    expect(page.get_by_role("button", name="Share with Riverside College")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Share with Riverside College").click()
    expect(page.get_by_text("Shared. Riverside College's lead can now read the review")).to_be_visible()

    # Riverside's lead reads it (never the internal notes), replies on 1.2 and responds.
    _sign_in_as(page, login, LEAD)
    page.goto(assessment_url)
    expect(page.get_by_role("heading", name=re.compile("Review by Leicestershire"))).to_be_visible()
    page.get_by_role("link", name="Read the review by Leicestershire County Council").click()
    expect(page.locator("#score-summary")).to_have_text(
        "Self-assessed 34/36; after this review 32/36.")
    expect(page.get_by_text("INTERNAL", exact=False)).to_have_count(0)
    _checked(page)
    page.locator("#disagreements").get_by_role("link", name="1.2", exact=True).click()
    expect(page.get_by_text("INTERNAL", exact=False)).to_have_count(0)
    page.get_by_label("Your reply on 1.2").fill("The sign-off is in the March minutes, item 4.")
    _checked(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved Leadership")).to_be_visible()
    page.get_by_role("link", name="Back to the review").click()
    page.get_by_role("button", name="Respond to the review").click()
    page.get_by_role("button", name="Send your response").click()
    expect(page.get_by_role("link", name="Write your response to the review.")).to_be_visible()
    _checked(page)  # the error page too
    page.get_by_label("Your response to the review").fill(
        "We accept 5.1: the employer forum restarts in the spring term.")
    page.get_by_role("button", name="Send your response").click()
    expect(page.get_by_text("Your response has been sent to Leicestershire County Council."
                            )).to_be_visible()

    # The commissioner reads the reply and finalises.
    _sign_in_as(page, login, COMMISSIONER)
    page.goto(assessment_url)
    page.get_by_role("link", name="Read the review by Leicestershire County Council").click()
    expect(page.locator("#disagreements")).to_contain_text(
        "The sign-off is in the March minutes, item 4.")
    expect(page.get_by_text("We accept 5.1")).to_be_visible()
    page.get_by_role("button", name="Finalise the review").click()
    page.wait_for_url(re.compile(r".*/finalise/$"))
    expect(page.get_by_role("button", name="Finalise the review")).to_be_visible()
    _checked(page)
    page.get_by_role("button", name="Finalise the review").click()
    expect(page.get_by_text(re.compile("Finalised. The review is read-only"))).to_be_visible()

    # The self-assessment's page and PDF: 34/36 self-assessed beside 32/36 moderated.
    page.goto(assessment_url)
    reviews = page.get_by_role("region", name="Reviews by commissioners")
    for term, value in (("Self-assessed", "34/36"), ("After review", "32/36")):
        row = reviews.locator(".govuk-summary-list__row").filter(
            has=page.locator("dt", has_text=re.compile(f"^{term}$")))
        expect(row.locator("dd")).to_have_text(value)
    expect(reviews).to_contain_text("1.2: self-assessed Evidenced, reviewer Not yet evidenced")
    _checked(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Report (PDF)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "Self-assessed 34/36; after review by Leicestershire County Council 32/36" in text
    # The reviewer's own copy holds its internal notes, marked, and its label says so.
    assert "Commissioner copy: contains internal notes" in text
    assert ("Internal notes of Leicestershire County Council (not shared with the provider) "
            "1.2 INTERNAL 1.2: ask the LA lead first. 5.1 INTERNAL 5.1: ask the LA lead first."
            ) in text

    # The list of reviews, from the menu.
    menu = page.get_by_role("navigation", name="Menu")
    if width < 641:
        menu.get_by_role("button", name="Menu").click()
    menu.get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    table = page.get_by_role("table", name=re.compile("Reviews you can see"))
    expect(table.get_by_role("row", name=re.compile("Riverside College"))).to_contain_text("Final")
    _checked(page)
