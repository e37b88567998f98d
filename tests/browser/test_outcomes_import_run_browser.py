"""Leicestershire's commissioner imports a file large enough for the task worker, in a real
browser at 1280 px and at 320 px: the preview says it will be imported in the background,
Confirm shows its status page waiting with its progress (none of its learners and rows written
yet), the worker imports it, the page updates itself to say what was imported and how many
learners and rows were written, and links to the figures. Every page passes axe and fits the window."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from outcomes import import_runs
from outcomes.models import GoalOutcome
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.browser.test_bulk_export_browser import _run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_large_file_is_imported_by_the_worker_and_its_page_says_so(
        demo, browser_page, login, width, tmp_path, monkeypatch):
    monkeypatch.setattr(import_runs, "IN_REQUEST_WRITES", 1)  # the template's rows go too
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/outcomes/import/")
    with page.expect_download() as download:
        page.get_by_role("link", name="download the template (CSV)").click()
    template = tmp_path / "whole-year.csv"
    template.write_text(Path(download.value.path()).read_text(encoding="utf-8-sig"),
                        encoding="utf-8")
    before = GoalOutcome.objects.count()

    page.get_by_label("Upload a file").set_input_files(str(template))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-in-background")).to_contain_text("imported in the background")
    _checked(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import outcomes")
    expect(page.locator("#import-status")).to_contain_text("Waiting to start")
    expect(page.locator("#import-progress-text")).to_have_text(
        re.compile(r"0 of [0-9]+ learners and rows written"))
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
    _checked(page)
    assert GoalOutcome.objects.count() == before

    _run_worker()
    # The page asks again every 2 seconds and shows the result without a reload.
    expect(page.locator("#import-result")).to_contain_text(
        "whole-year.csv imported for Leicestershire County Council: 2 goals added",
        timeout=10_000)
    expect(page.locator("#import-written")).to_contain_text("Learners and rows written: ")
    expect(page.get_by_role("progressbar")).to_have_count(0)
    _checked(page)
    assert GoalOutcome.objects.count() == before + 2
    # The figures for the year the file was about (the template's: the current year).
    page.get_by_role("link", name=re.compile(r"See the outcomes for [0-9]{4}.[0-9]{2}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcomes")
    _checked(page)
