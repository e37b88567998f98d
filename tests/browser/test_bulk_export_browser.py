"""Issue 15's bulk export in a real browser: Leicestershire's commissioner starts an export of
every provider the county commissions from the provider dashboard, sees it queued, the
background worker makes it, the page shows it ready (htmx polling), and the ZIP downloads
with PDFs that open and a spreadsheet listing them. Rutland's commissioner gets a 404 for it.
Every page passes axe and fits the window at 1280 and 320 px."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from exports.models import BulkExport
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.exports.conftest import pdf_page_count, summary_rows, zip_contents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMISSIONER = "commissioner@leics.example"
OTHER_LA = "commissioner@rutland.example"


def _checked(page):
    """axe and reflow at both widths, back at 1280 px."""
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_scroll(page)
        assert_accessible(page)


def _sign_in_as(page, login, email):
    page.context.clear_cookies()
    login(page, email, DEMO_PASSWORD)


def _run_worker():
    """What ``manage.py db_worker --batch`` does: run every queued task, then stop. The test
    is transactional, so the worker runs as it does in production."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False,
                 verbosity=0)


def test_a_commissioner_exports_every_provider_and_downloads_the_zip(
        demo, browser_page, login, console_problems):
    page = browser_page
    _sign_in_as(page, login, COMMISSIONER)
    page.goto("/dashboard/providers/")
    page.get_by_role("link", name="Bulk export", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a bulk export")

    # Submitting nothing: the errors are listed and shown next to their fields.
    page.get_by_role("button", name="Start the export").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one kind")
    _checked(page)

    # Finding providers to tick by name lists those found and keeps every answer given.
    page.get_by_label("Academic year").select_option("2024/25")
    page.get_by_label("Find providers to tick by name").fill("oak")
    page.get_by_role("button", name="Find providers").click()
    found = page.get_by_role("group", name="Providers", exact=True)
    expect(found).to_contain_text("Oakfield Alternative Provision")
    expect(found).not_to_contain_text("Riverside College")
    expect(page.get_by_label("Academic year")).to_have_value("2024/25")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    _checked(page)

    page.get_by_label("Every provider Leicestershire County Council commissions").check()
    page.get_by_label("Academic year").select_option("2025/26")
    for report in ("Self-assessments and benchmark reviews", "QA visit records", "Action plans"):
        page.get_by_label(report).check()
    page.get_by_label("Commissioner copy (may hold internal notes)").check()
    _checked(page)
    page.get_by_role("button", name="Start the export").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bulk export for 2025/26")
    expect(page.locator("#export-progress")).to_contain_text("Waiting to start")
    expect(page.get_by_role("link", name="Refresh the progress of this export")).to_be_visible()
    _checked(page)

    _run_worker()
    export = BulkExport.objects.get()
    assert export.items_total and export.items_done == export.items_total

    # htmx polls the progress every 2 seconds: the page shows the export ready by itself.
    expect(page.locator("#export-progress")).to_contain_text("Ready to download", timeout=10_000)
    _checked(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the ZIP file").click()
    contents = zip_contents(Path(download.value.path()).read_bytes())
    pdfs = sorted(name for name in contents if name.endswith(".pdf"))
    assert pdfs and all(pdf_page_count(contents[name]) >= 1 for name in pdfs)
    listed = sorted(row[4] for row in summary_rows(contents)[1:] if row[3] == "Included")
    assert listed == pdfs
    assert any(name.startswith("oakfield-ap_leics-ap-visit_2025-26") for name in pdfs)

    # The list of the commissioner's exports.
    page.goto("/exports/")
    expect(page.get_by_role("table")).to_contain_text("Ready to download")
    _checked(page)

    # Another local authority's commissioner: the export does not exist for them.
    _sign_in_as(page, login, OTHER_LA)
    for url in (export.get_absolute_url(), f"{export.get_absolute_url()}download/"):
        response = page.goto(url)
        assert response.status == 404, url
    # The browser reports each refused address on the console: those are expected.
    refused = [p for p in console_problems if "status of 404" in p]
    assert len(refused) == 2
    console_problems[:] = [p for p in console_problems if p not in refused]
