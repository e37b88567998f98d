"""Reflow (WCAG 1.4.10): every page with a table, for each kind of user, at 320 px and at
1280 px, never scrolls sideways (a wide table scrolls inside its own labelled region), and
passes axe. Long unbroken words in an action wrap instead of widening the page."""
import re

import pytest
from playwright.sync_api import expect

from actionplans import services as action_services
from actionplans.models import Action
from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
# The paged lists with their filter forms filled in (and one matching nothing).
VISITS_FILTERED = "/visits/?year=2025%2F26&state=final&q=oak"
PLANS_FILTERED = "/action-plans/?year=2024%2F25&state=open&q=riverside"


def _pages_for(demo, role):
    action = Action.objects.filter(plan=demo.plan).first()
    return {
        "commissioner": ("commissioner@leics.example", [
            "/organisations/", "/organisations/riverside-college/", "/assessments/",
            f"/assessments/{demo.si.pk}/", f"/assessments/{demo.si.pk}/summary/",
            f"/assessments/{demo.si.pk}/history/", f"/assessments/{demo.review.pk}/summary/",
            "/visits/", VISITS_FILTERED, f"/visits/{demo.visit.pk}/", "/action-plans/",
            PLANS_FILTERED, "/action-plans/?q=nothing+matches",
            "/action-plans/riverside-college/2024-25/", "/frameworks/",
            demo.si.framework.get_absolute_url(),
        ]),
        "provider lead": ("lead@riverside.example", [
            "/organisations/", "/assessments/", f"/assessments/{demo.draft.pk}/",
            "/action-plans/", PLANS_FILTERED, "/action-plans/riverside-college/2024-25/",
            action.get_absolute_url(),
        ]),
        "partnership officer": ("officer@nwleics-seip.example", [
            "/organisations/", "/visits/", VISITS_FILTERED, "/visits/?state=withdrawn",
            f"/visits/{demo.visit.pk}/",
            f"/visits/{demo.visit.pk}/history/", "/action-plans/",
        ]),
    }[role]


@pytest.mark.parametrize("role", ["commissioner", "provider lead", "partnership officer"])
def test_pages_with_tables_fit_a_320_px_window_without_scrolling_sideways(
        demo, browser_page, login, role):
    email, urls = _pages_for(demo, role)
    page = browser_page
    login(page, email, DEMO_PASSWORD)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(url)
            assert_no_horizontal_scroll(page)
            assert_accessible(page)


def test_a_wide_table_scrolls_in_a_region_named_by_its_caption(demo, browser_page, login):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 900})
    login(page, "officer@nwleics-seip.example", DEMO_PASSWORD)
    page.goto("/visits/")
    region = page.get_by_role("region", name="Visit records you can see")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()  # a keyboard user can reach it, and scroll it with the arrow keys
    page.keyboard.press("ArrowRight")
    region.evaluate("el => new Promise(done => { const wait = () => el.scrollLeft > 0 ? done() "
                    ": requestAnimationFrame(wait); wait(); })")


def test_an_action_of_very_long_words_wraps_on_its_plan_and_its_own_page(
        demo, browser_page, login):
    lead = demo.user("riverside_lead")
    action = action_services.action_create(
        provider=demo.riverside, period="2024/25", by=lead,
        section=demo.si.framework.sections.get(code="1"),
        area="A" * 300, smart_action="S" * 5000, due_date=None, owner="W" * 200,
        success_measure="M" * 2000)
    action_services.action_progress_record(action=action, by=lead, note="N" * 4000,
                                           status=Action.Status.IN_PROGRESS)
    page = browser_page
    login(page, "lead@riverside.example", DEMO_PASSWORD)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in ("/action-plans/riverside-college/2024-25/", action.get_absolute_url(),
                    f"/action-plans/actions/{action.pk}/edit/", demo.si.get_absolute_url()):
            page.goto(url)
            expect(page.get_by_text("S" * 5000).first).to_be_visible()
            assert_no_horizontal_scroll(page)
            assert_accessible(page)


def test_the_visit_list_filters_through_its_form_without_script(demo, browser_page, login):
    page = browser_page
    login(page, "officer@nwleics-seip.example", DEMO_PASSWORD)
    page.goto("/visits/")
    page.get_by_label("Status").select_option(label="Final")
    page.get_by_label("Provider name").fill("oak")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/visits/\?year=&state=final&q=oak$"))
    expect(page.get_by_role("link", name=re.compile("Oakfield"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Beacon"))).to_have_count(0)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    page.get_by_label("Provider name").fill("no such provider")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("No visit records match your filters.")).to_be_visible()


# Every word of these (the page's own words, never people's) stays whole on one line: a label
# may wrap between words but never inside one ("Eviden / ced").
LABELS = ("label, legend, th, dt, .govuk-tag, .govuk-button, .govuk-caption-l, "
          ".govuk-heading-s, .govuk-heading-m, .govuk-heading-l, .govuk-summary-list__key")
WORDS_SPLIT_ACROSS_LINES = """selector => {
  const split = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;  // not shown
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                             .map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def _words_split_across_lines(page):
    return page.evaluate(WORDS_SPLIT_ACROSS_LINES, LABELS)


def test_rating_labels_keep_their_words_whole_on_section_pages(demo, browser_page, login):
    """'Evidenced' sat on two lines beside its radio at 1280 px on every SI QAF section page
    and on the reviewer's; a long unbroken word someone typed still wraps inside the page."""
    from reviews import services as review_services
    commissioner = demo.user("leics_commissioner")
    review = review_services.review_start(
        assessment=demo.si, organisation=commissioner.memberships.get().organisation,
        by=commissioner)
    response = demo.si.responses.get(criterion__code="1.1")
    response.evidence = "E" * 3000
    response.save(update_fields=["evidence"])
    page = browser_page
    pages = [("lead@riverside.example", [f"/assessments/{demo.draft.pk}/sections/{code}/"
                                         for code in ("1", "6")]),
             ("commissioner@leics.example", [f"/reviews/{review.pk}/sections/1/",
                                             f"/assessments/{demo.si.pk}/sections/1/"])]
    for email, urls in pages:
        page.context.clear_cookies()
        login(page, email, DEMO_PASSWORD)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for url in urls:
                page.goto(url)
                expect(page.get_by_text("Evidenced", exact=True).first).to_be_visible()
                assert _words_split_across_lines(page) == [], f"{url} at {width} px"
                assert_no_horizontal_scroll(page)
                assert_accessible(page)
