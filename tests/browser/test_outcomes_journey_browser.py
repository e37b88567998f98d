"""Issue 14's journey in a real browser, at 1280 px and at 320 px: Leicestershire's commissioner
finds no outcomes yet, downloads the import template, adds six learners' goals at Riverside
to it, imports it through the preview, sees the dashboard change, filters by primary need and
exports exactly those figures. Every page passes axe and fits the window."""
import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Six learners with severe learning difficulties, one employment goal each at Riverside:
# three fully met, two partially, one not.
RATINGS = ["fully met", "fully met", "fully met", "partially met", "partially met", "not met"]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _sample_rows(template: str) -> str:
    """The template with six more rows, in the template's own year and column order."""
    reader = csv.DictReader(io.StringIO(template))
    examples = list(reader)
    year = examples[0]["academic_year"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
    writer.writeheader()
    writer.writerows(examples)
    for n, rating in enumerate(RATINGS, start=1):
        writer.writerow({name: "" for name in reader.fieldnames} | {
            "learner_ref": f"LEI-SI-{n:04d}", "year_of_birth": "2007", "primary_need": "SLD",
            "provider": "riverside-college", "academic_year": year,
            "review_date": f"{int(year[:4]) + 1}-03-10",
            "goal": "Keep a paid part-time job for six months", "pfa_area": "Employment",
            "rating": rating})
    return out.getvalue()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_imports_outcomes_and_reads_them_on_the_dashboard(
        demo, browser_page, login, width, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Menu")
    if width < 641:
        menu.get_by_role("button", name="Menu").click()
    menu.get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="No outcomes have been imported yet")).to_be_visible()
    _checked(page)

    page.get_by_role("link", name="Import outcomes").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="download the template (CSV)").click()
    template = Path(download.value.path()).read_text(encoding="utf-8-sig")
    upload = tmp_path / "riverside-annual-reviews.csv"
    upload.write_text(_sample_rows(template), encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    counts = page.locator("#import-counts")
    expect(counts.locator(".govuk-summary-list__row", has_text="Rows to add")
           .locator("dd")).to_have_text("8")
    _checked(page)
    page.get_by_role("button", name="Confirm and import").click()

    # Confirming lands on the dashboard, for the file's year, saying what was added; it now
    # counts them: the six above and the template's two examples.
    expect(page).to_have_url(re.compile(r"/dashboard/outcomes/\?year=20[0-9]{2}%2F[0-9]{2}$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "riverside-annual-reviews.csv imported for")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("8 goals added")
    year = page.get_by_label("Academic year", exact=True).input_value()
    by_area = f"Goals by Preparing for Adulthood area, {year}"
    table = page.locator("table", has=page.locator("caption", has_text=by_area))
    expect(table.get_by_role("row", name="Employment 7 7 14% 43% 43%")).to_be_visible()
    expect(table.get_by_role("row", name="Independent Living 1 1 0% 0% 100%")).to_be_visible()
    _checked(page)

    page.get_by_label("Primary need", exact=True).select_option(label="Severe learning difficulty")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state("domcontentloaded")
    table = page.locator("table", has=page.locator("caption", has_text=by_area))
    expect(table.get_by_role("row", name="Employment 6 6 17% 33% 50%")).to_be_visible()
    expect(table.get_by_role("row", name="Independent Living", exact=False)).to_have_count(0)
    _checked(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV of the outcomes").click()
    rows = list(csv.DictReader(io.StringIO(
        Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(r["Group"], r["Learners"], r["Fully met (share of goals)"])
            for r in rows if r["Section"] == by_area] == [("Employment", "6", "50%")]
    assert all("Severe learning difficulty" in r["Filtered by"] for r in rows)
