"""Issue 32's provider dashboard PDF in a real browser: Leicestershire's commissioner filters the
dashboard and presses its PDF button, sees the PDF waiting, the background worker makes it,
the page shows it ready by itself (htmx polling), and the PDF downloads holding the filtered
providers. The old PDF address (a bookmark) opens the page asking for it, which names a
filter the dashboard does not offer. Rutland's commissioner gets a 404 for the PDF. Every page
passes axe and fits the window at 1280 and 320 px."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exports.models import BulkExport
from tests.browser.test_bulk_export_browser import (
    COMMISSIONER,
    OTHER_LA,
    _checked,
    _run_worker,
    _sign_in_as,
)
from tests.reports.conftest import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_makes_the_dashboards_pdf_with_its_filters_and_downloads_it(
        demo, browser_page, login, console_problems):
    page = browser_page
    _sign_in_as(page, login, COMMISSIONER)
    page.goto("/dashboard/providers/?type=independent_ap")
    _checked(page)
    page.get_by_role("button", name="Make a PDF of the dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Provider dashboard PDF for")
    expect(page.locator("#export-progress")).to_contain_text("Waiting to start")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Type: Independent alternative provider")
    _checked(page)

    _run_worker()
    export = BulkExport.objects.get()
    assert export.is_dashboard and export.filters["type"] == "independent_ap"
    assert export.items_done == export.items_total == 3
    expect(page.locator("#export-progress")).to_contain_text("Ready to download", timeout=10_000)
    _checked(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the provider dashboard (PDF)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "Provider dashboard: Leicestershire County Council" in text
    assert "Oakfield Alternative Provision" in text and "Riverside College" not in text

    # A bookmark of the old address: the page asking for the PDF, with the same filters.
    page.goto("/dashboard/providers.pdf?type=independent_ap")
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF of the provider dashboard")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "1 provider Leicestershire County Council commissions")
    _checked(page)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator("#export-progress")).to_contain_text("Waiting to start")
    assert BulkExport.objects.count() == 2

    # A filter the dashboard does not offer (an edited address): named, nothing made.
    page.goto("/dashboard/providers.pdf?type=castle")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The dashboard has no filter “type” with the value “castle”")
    expect(page.get_by_role("button", name="Make the PDF")).to_have_count(0)
    _checked(page)
    assert BulkExport.objects.count() == 2

    _sign_in_as(page, login, OTHER_LA)
    for url in (export.get_absolute_url(), f"{export.get_absolute_url()}download/"):
        assert page.goto(url).status == 404, url
    refused = [p for p in console_problems if "status of 404" in p or "400 (Bad Request)" in p]
    console_problems[:] = [p for p in console_problems if p not in refused]
