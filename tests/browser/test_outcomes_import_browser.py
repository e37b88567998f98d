"""Leicestershire's commissioner imports outcomes in a real browser, at 1280 px and at 320 px:
downloads the template, uploads a file with a problem and sees every error with its row and
column (nothing saved), uploads the template itself, checks the preview and confirms. Every
page passes axe and fits the window."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from outcomes.models import GoalOutcome
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_imports_the_template_through_the_preview(
        demo, browser_page, login, width, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/outcomes/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import outcomes")
    _checked(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="download the template (CSV)").click()
    template = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *examples = template.strip().splitlines()
    assert header.lower().startswith("learner_ref,")
    assert len(examples) == 2

    # A file with a wrong rating: every problem named by row and column; nothing saved.
    broken = tmp_path / "outcomes-with-a-problem.csv"
    broken.write_text(template.replace(examples[1], re.sub(
        r"(?i)fully met|partially met|not met", "mostly met", examples[1], count=1)),
        encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text(re.compile(r"Row 3, rating: "))
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    _checked(page)
    assert not GoalOutcome.objects.exists()

    page.goto("/outcomes/import/")
    good = tmp_path / "outcomes.csv"
    good.write_text(template, encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    counts = page.locator("#import-counts")
    expect(counts.locator(".govuk-summary-list__row", has_text="Rows to add")
           .locator("dd")).to_have_text("2")
    _checked(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("outcomes.csv")
    _checked(page)
    assert GoalOutcome.objects.count() == 2
