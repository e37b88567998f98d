"""Issue 29's inspection pack in a real browser: Leicestershire's commissioner follows the
outcomes dashboard's link, asks for the pack for 2025/26 (a year not offered is refused next
to the field), sees it waiting, the background worker makes it, the page shows it ready by
itself (htmx polling), and the PDF and the workbook download. Rutland's commissioner gets a
404 for it. Every page passes axe and fits the window at 1280 and 320 px."""
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
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


def test_a_commissioner_makes_the_inspection_pack_and_downloads_it(
        demo, browser_page, login, console_problems):
    page = browser_page
    _sign_in_as(page, login, COMMISSIONER)
    page.goto("/dashboard/outcomes/")
    page.get_by_role("link", name="Make an inspection pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make an inspection pack")
    _checked(page)

    # A year the form does not offer (a changed page, an old tab): refused next to the field.
    page.locator("#id_period").evaluate(
        "select => { select.add(new Option('1999/00', '1999/00')); select.value = '1999/00'; }")
    page.get_by_role("button", name="Make the inspection pack").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the academic year.")
    expect(page.locator("#div_id_period .govuk-error-message")).to_contain_text("Choose the academic year.")
    _checked(page)

    page.get_by_label("Academic year").select_option("2025/26")
    page.get_by_role("button", name="Make the inspection pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection pack for 2025/26")
    expect(page.locator("#export-progress")).to_contain_text("Waiting to start")
    _checked(page)

    _run_worker()
    export = BulkExport.objects.get()
    assert export.is_pack and export.items_done == export.items_total == 8
    expect(page.locator("#export-progress")).to_contain_text("Ready to download", timeout=10_000)
    _checked(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the inspection pack (PDF)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    for title in ("1. QA coverage", "5. Area indicators against comparators",
                  "6. The improvement story, year on year"):
        assert title in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Download its figures (Excel)").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames == ["QA coverage", "Outcomes", "Area indicators", "Year on year"]

    page.goto("/exports/")
    expect(page.get_by_role("table")).to_contain_text("Local area inspection pack")
    _checked(page)

    _sign_in_as(page, login, OTHER_LA)
    for url in (export.get_absolute_url(), f"{export.get_absolute_url()}spreadsheet/"):
        assert page.goto(url).status == 404, url
    refused = [p for p in console_problems if "status of 404" in p or "400 (Bad Request)" in p]
    console_problems[:] = [p for p in console_problems if p not in refused]
